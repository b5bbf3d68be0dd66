// What the handlers need from the outside world, so they run the same against CloudBase and
// CloudBase Local (and the clock is passed in, never read inside the domain).
import type tcb from '@cloudbase/node-sdk';

export type CloudApp = ReturnType<typeof tcb.init>;
export type Database = ReturnType<CloudApp['database']>;

/** security.msgSecCheck v2 verdict for a user's text. */
export type ContentCheck = (openid: string, text: string) => Promise<'pass' | 'risky' | 'review'>;

/**
 * security.mediaCheckAsync v2: asks WeChat to check an image or a recording at `mediaUrl`; answers the trace id its
 * verdict will carry when it arrives later as a `wxa_media_check` message push (server/events.ts).
 */
export type MediaCheck = (request: { openid: string; mediaUrl: string; scene: MediaScene; mediaType: MediaType }) => Promise<string>;
/** WeChat's media types: 1 audio (a voice note), 2 image. */
export type MediaType = 1 | 2;
/** WeChat's scenes: 1 资料 (records), 2 评论 (comments), 3 论坛, 4 社交日志. */
export type MediaScene = 1 | 2 | 3 | 4;

export interface Deps {
  app: CloudApp;
  db: Database;
  checkContent: ContentCheck;
  checkMedia: MediaCheck;
  now: () => Date;
  /**
   * The company's one-time setup code (the api function's SETUP_CODE, set at deploy): whoever
   * enters it while the company has no administrator becomes the first one. Empty: setup is closed.
   */
  setupCode: string;
}
