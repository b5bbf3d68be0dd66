// Photos pass WeChat's image check (wechat-platform.md): every photo an owner or staff member
// attaches is sent to security.mediaCheckAsync with a short-lived download link once the complaint is
// saved; the verdict arrives later as a message push (server/events.ts) and a risky photo is hidden
// from everyone but its uploader. A request that could not be sent is retried by the scheduler.
// A voice note (issue 29.10) goes the same way as audio (media_type 1): its check is a document
// like a photo's, told apart by `mediaType`, and a risky one is hidden the same way.
import { DomainError } from '../../domain/errors';
import crypto from 'crypto';
import type { PhotoId } from '../../domain/model';
import { ApiError } from './errors';
import { configurationAlarm, openApiErrorCode } from './openapi-errors';
import type { Deps, MediaScene, MediaType } from './ports';

/** WeChat fetches the image within minutes; the link need not outlive that. */
const LINK_SECONDS = 3600;
const MAX_ATTEMPTS = 5;
/** Unsent requests are retried after 1, 2, 4, 8 minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** (attempts - 1);

/** Where a checked photo is attached: a complaint (absent, for checks stored before notices), a notice, a suggestion. */
export type CheckedCollection = 'complaints' | 'notices' | 'suggestions';

export interface MediaCheckDoc {
  _id: string;
  /** The id of the document the photo is on (named when complaints were the only kind). */
  complaintId: string;
  collection?: CheckedCollection;
  /** The checked file: a photo, or a voice note's file when `mediaType` is 1. */
  photo: PhotoId;
  /** 1 for a voice note; absent for a photo (every check stored before voice notes is one). */
  mediaType?: 1;
  /** Who attached it: the check runs as them, and they keep seeing a hidden photo. */
  openid: string;
  scene: MediaScene;
  status: 'unsent' | 'pending' | 'pass' | 'review' | 'risky' | 'failed';
  traceId: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  requestedAt: Date;
  lastError: string | null;
}

export const MEDIA_CHECKS = 'media_checks';

/** One check per photo per complaint, so a photo attached twice is checked once. */
function checkId(complaintId: string, photo: PhotoId): string {
  return crypto.createHash('sha256').update(`${complaintId}:${photo}`).digest('hex').slice(0, 32);
}

/**
 * Send one check; the document says what happened (pending with its trace id, or unsent to retry),
 * and `alarm` names a configuration error (e.g. the permission of `fn`, the calling function, not
 * registered). Such a check is still retried within MAX_ATTEMPTS: a photo never checked is a gap in
 * content security, and the fix (an upload from DevTools) takes effect within minutes.
 */
async function send(deps: Deps, doc: MediaCheckDoc, url: string | undefined, now: Date, fn: string): Promise<{ doc: MediaCheckDoc; alarm: string | null }> {
  const attempts = doc.attempts + 1;
  try {
    if (!url) throw new Error('no download link for the photo');
    const traceId = await deps.checkMedia({ openid: doc.openid, mediaUrl: url, scene: doc.scene, mediaType: doc.mediaType ?? 2 });
    return { doc: { ...doc, status: 'pending', traceId, attempts, nextAttemptAt: null, lastError: null }, alarm: null };
  } catch (e) {
    const failed = attempts >= MAX_ATTEMPTS;
    const alarm = configurationAlarm('security.mediaCheckAsync', fn, openApiErrorCode(e));
    const lastError = alarm ?? (e instanceof Error ? e.message : String(e));
    return { doc: { ...doc, status: failed ? 'failed' : 'unsent', attempts, nextAttemptAt: failed ? null : new Date(now.getTime() + backoffMs(attempts)), lastError }, alarm };
  }
}

async function links(deps: Deps, photos: PhotoId[]): Promise<Map<PhotoId, string>> {
  if (photos.length === 0) return new Map();
  const { fileList } = await deps.app.getTempFileURL({ fileList: photos.map((fileID) => ({ fileID, maxAge: LINK_SECONDS })) });
  return new Map(fileList.filter((f) => f.code === 'SUCCESS').map((f) => [f.fileID, f.tempFileURL]));
}

/** Photos are attached through the `api` function: the one whose permission a configuration alarm names. */
const API_FUNCTION = 'api';

/** Ask WeChat to check the photos just attached to a complaint (or a notice, a suggestion). Never fails the caller's action. */
export function requestMediaChecks(deps: Deps, openid: string, complaintId: string, photos: PhotoId[], scene: MediaScene, collection: CheckedCollection = 'complaints'): Promise<void> {
  return requestChecks(deps, openid, complaintId, photos, scene, collection, 2);
}

/** Ask WeChat to check a voice note just attached to a complaint, as audio. Never fails the caller's action. */
export function requestVoiceCheck(deps: Deps, openid: string, complaintId: string, file: string | null, scene: MediaScene): Promise<void> {
  return requestChecks(deps, openid, complaintId, file ? [file] : [], scene, 'complaints', 1);
}

async function requestChecks(deps: Deps, openid: string, complaintId: string, files: PhotoId[], scene: MediaScene, collection: CheckedCollection, mediaType: MediaType): Promise<void> {
  const unique = [...new Set(files)];
  if (unique.length === 0) return;
  const now = deps.now();
  const urls = await links(deps, unique).catch(() => new Map<PhotoId, string>());
  await Promise.all(
    unique.map(async (photo) => {
      const fresh: MediaCheckDoc = { _id: checkId(complaintId, photo), complaintId, ...(collection === 'complaints' ? {} : { collection }), photo, ...(mediaType === 1 ? { mediaType } : {}), openid, scene, status: 'unsent', traceId: null, attempts: 0, nextAttemptAt: now, requestedAt: now, lastError: null };
      const { doc: checked, alarm } = await send(deps, fresh, urls.get(photo), now, API_FUNCTION);
      // The person's action goes on; the operator reads the alarm in the function's log (and the
      // scheduler's heartbeat, when its resend meets it too).
      if (alarm) console.error(alarm);
      const { _id, ...doc } = checked;
      await deps.db.collection(MEDIA_CHECKS).doc(_id).set(doc);
    }),
  );
}

/** The scheduler's part (run as function `fn`): resend requests that could not be sent (bounded page, indexed), and say which configuration errors it met. */
export async function resendMediaChecks(deps: Deps, now: Date, limit: number, fn: string): Promise<{ resent: number; alarms: string[] }> {
  const _ = deps.db.command;
  const { data } = await deps.db.collection(MEDIA_CHECKS).where({ status: 'unsent', nextAttemptAt: _.lte(now) }).orderBy('nextAttemptAt', 'asc').limit(limit).get();
  const due = data as MediaCheckDoc[];
  const urls = await links(deps, due.map((d) => d.photo)).catch(() => new Map<PhotoId, string>());
  const alarms = new Set<string>();
  await Promise.all(
    due.map(async (d) => {
      const { doc, alarm } = await send(deps, d, urls.get(d.photo), now, fn);
      if (alarm) alarms.add(alarm);
      const { _id, ...next } = doc;
      // Only if still unsent: an overlapping run may have sent it already.
      await deps.db.collection(MEDIA_CHECKS).where({ _id, status: 'unsent', attempts: d.attempts }).update(next);
    }),
  );
  return { resent: due.length, alarms: [...alarms] };
}

/**
 * The largest voice note accepted: the recorder's mp3 at 48 kbit/s makes 360 KB of a minute (aac
 * about as much), so 1 MB leaves room and still refuses a file that was not a ≤ 60 s recording.
 */
export const MAX_VOICE_BYTES = 1024 * 1024;

/**
 * A voice note's file must exist and be no larger than MAX_VOICE_BYTES: its size is read from a HEAD
 * of a short-lived link (storage reports no sizes to the SDK), before anything is written. The
 * seconds it claims are checked by the contract and the domain (MAX_VOICE_SECONDS).
 */
export async function requireVoiceFile(deps: Deps, file: string | null | undefined): Promise<void> {
  if (!file) return;
  const url = (await links(deps, [file])).get(file);
  if (!url) throw new DomainError('VOICE.NOT_YOURS', `no such file ${file}`);
  const res = await fetch(url, { method: 'HEAD' });
  const length = res.headers.get('content-length');
  const size = Number(length);
  if (!res.ok || length === null || !Number.isFinite(size)) throw new ApiError('INTERNAL', `HEAD ${res.status} for ${file}`);
  if (size > MAX_VOICE_BYTES) throw new DomainError('VOICE.TOO_LARGE', `voice note of ${size} bytes`);
}
