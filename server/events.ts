// WeChat's message pushes to the `events` function (the console's 消息推送 names it): today the
// verdict of an image check (`wxa_media_check`, wechat-platform.md). A risky photo is hidden on its
// complaint — recorded on the timeline, the complaint stays workable; every verdict is kept.
import { updateComplaint } from './complaints/store';
import { notices } from './communication/notices-store';
import { suggestions } from './communication/suggestions-store';
import { MEDIA_CHECKS, type MediaCheckDoc } from './kernel/media';
import type { Deps } from './kernel/ports';
import type { VersionedStore } from './kernel/store';

interface MediaCheckPush {
  MsgType: 'event';
  Event: 'wxa_media_check';
  trace_id: string;
  result: { suggest: 'risky' | 'pass' | 'review'; label: number };
}

function isMediaCheck(event: unknown): event is MediaCheckPush {
  const e = event as Partial<MediaCheckPush> | null;
  return !!e && e.Event === 'wxa_media_check' && typeof e.trace_id === 'string' && typeof e.result?.suggest === 'string';
}

async function dropPhoto<S extends { id: string; photos: string[] }>(deps: Deps, store: VersionedStore<S>, id: string, photo: string): Promise<void> {
  await store.mutate(deps, id, (stored) => (stored.state.photos.includes(photo) ? { state: { ...stored.state, photos: stored.state.photos.filter((p) => p !== photo) }, outbox: stored.outbox } : null));
}

export type EventOutcome = { handled: false; reason: string } | { handled: true; verdict: MediaCheckPush['result']['suggest']; complaintId: string };

export async function handleEvent(deps: Deps, event: unknown): Promise<EventOutcome> {
  if (!isMediaCheck(event)) return { handled: false, reason: 'not a media check' };
  const { data } = await deps.db.collection(MEDIA_CHECKS).where({ traceId: event.trace_id }).limit(1).get();
  const check = data[0] as MediaCheckDoc | undefined;
  if (!check) return { handled: false, reason: 'unknown trace id' };
  const verdict = event.result.suggest;
  if (verdict === 'risky' && (check.collection === 'notices' || check.collection === 'suggestions')) {
    // A notice's or a suggestion's risky photo is taken off it (idempotent: a repeated push finds it gone).
    if (check.collection === 'notices') await dropPhoto(deps, notices, check.complaintId, check.photo);
    else await dropPhoto(deps, suggestions, check.complaintId, check.photo);
  } else if (verdict === 'risky') {
    // Idempotent: a repeated push finds the photo already hidden and changes nothing.
    await updateComplaint(deps, check.complaintId, (complaint) =>
      complaint.blockedPhotos.some((b) => b.photo === check.photo) ? null : { type: 'block_photo', photo: check.photo, label: event.result.label, voice: check.mediaType === 1 },
    );
  }
  await deps.db.collection(MEDIA_CHECKS).doc(check._id).update({ status: verdict, label: event.result.label, decidedAt: deps.now() });
  return { handled: true, verdict, complaintId: check.complaintId };
}
