// What the deploy script asks of CloudBase's management API for database/schema.ts: one collection
// per declared collection, and every declared index that does not exist yet. Pure, so it is tested
// here even though the real environment is out of reach (README: 部署).
import type { CollectionSpec } from '../database/schema';

/** The management API's index shape (@cloudbase/manager-node updateCollection → CreateIndexes). */
export interface CreateIndex {
  IndexName: string;
  MgoKeySchema: { MgoIndexKeys: Array<{ Name: string; Direction: '1' | '-1' }>; MgoIsUnique: boolean };
}

export interface CollectionPlan {
  collection: string;
  createIndexes: CreateIndex[];
}

/** `existing` maps a collection to the index names it already has (absent: a new collection). */
export function databasePlan(collections: CollectionSpec[], existing: Record<string, string[]>): CollectionPlan[] {
  return collections.map((c) => ({
    collection: c.name,
    createIndexes: c.indexes
      .filter((i) => !(existing[c.name] ?? []).includes(i.name))
      .map((i) => ({ IndexName: i.name, MgoKeySchema: { MgoIndexKeys: i.keys.map(([Name, d]) => ({ Name, Direction: d === 1 ? '1' : '-1' })), MgoIsUnique: i.unique === true } })),
  }));
}
