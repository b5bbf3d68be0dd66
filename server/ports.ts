// What the handlers need from the outside world, so they run the same against CloudBase and
// CloudBase Local (and the clock is passed in, never read inside the domain).
import type tcb from '@cloudbase/node-sdk';

export type CloudApp = ReturnType<typeof tcb.init>;
export type Database = ReturnType<CloudApp['database']>;

/** security.msgSecCheck v2 verdict for a user's text. */
export type ContentCheck = (openid: string, text: string) => Promise<'pass' | 'risky' | 'review'>;

export interface Deps {
  app: CloudApp;
  db: Database;
  checkContent: ContentCheck;
  now: () => Date;
}
