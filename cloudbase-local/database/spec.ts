// What CloudBase Local is told about a collection: its indexes (created and enforced: strict mode
// refuses a query none covers) and its security rule. A project hands these in at start
// (`collections`); CloudBase Local defines the shape itself so that it depends on no project.

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  name: string;
  keys: Array<[field: string, direction: IndexDirection]>;
  unique?: boolean;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  /** CloudBase security rule JSON (client access). */
  rules: { read: boolean | string; write: boolean | string };
  /** A small configuration collection may be read whole; strict mode refuses an unfiltered read of any other. */
  small?: boolean;
}
