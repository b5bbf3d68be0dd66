// Who may see a complaint or a suggestion and attach a photo: checks shared by the handlers (never
// imported from one handler into another).
import { ownerAccess, type RecordPlace } from '../../domain/access';
import { readers, type Complaint } from '../../domain/complaint';
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import { ApiError } from './errors';
import { isStaff, requireCommunity, type Caller } from './members';

/** The rooms the caller's account holds now (read with the caller): what an owner's lists may show. */
export function heldRoomIds(caller: Caller): string[] {
  return (caller.member.rooms ?? []).map((r) => r.roomId);
}

/**
 * Staff see their communities' records; an owner the records they read (filed, or filed by family or
 * tenants they invited) of the rooms they hold now (domain/access.ts) — decided from the caller's
 * bindings read with the caller, never from what was true when the record was filed.
 */
export function requireAccess(caller: Caller, record: { communityId: string; readers: readonly string[]; place: RecordPlace }, notYours: DomainErrorCode): void {
  if (isStaff(caller)) return requireCommunity(caller, record.communityId);
  const access = ownerAccess(caller.openid, caller.member.rooms ?? [], record.readers, record.place);
  if (access === 'not_yours') throw new DomainError(notYours, 'not a reader of this record');
  if (access === 'moved_out') throw new DomainError('ACCESS.ROOM_NOT_HELD', `the caller no longer holds room ${record.place.roomId ?? record.communityId}`);
}

/** The room a complaint concerns, for access: the filer's room (none for one recorded by phone before its complainant bound). */
export function complaintPlace(c: Pick<Complaint, 'complainant' | 'communityId'>): RecordPlace {
  return { roomId: c.complainant.roomId ?? null, communityId: c.communityId };
}

export function canSee(caller: Caller, c: Complaint): void {
  requireAccess(caller, { communityId: c.communityId, readers: readers(c), place: complaintPlace(c) }, 'LIFECYCLE.NOT_YOUR_COMPLAINT');
}

/** Each kind of upload has its own folder, one sub-folder per uploader. */
export type UploadFolder = 'complaint-photos' | 'complaint-voice' | 'imports';

/**
 * Whether the cloud file sits in `openid`'s own upload folder (`complaint-photos/<openid>/…` for
 * photos, `complaint-voice/<openid>/…` for voice notes, `imports/<openid>/…` for rolls), with no way out of it.
 */
export function uploadedBy(fileId: string, openid: string, folder: UploadFolder = 'complaint-photos'): boolean {
  const path = fileId.replace(/^cloud:\/\/[^/]+\//, '');
  return path.startsWith(`${folder}/${openid}/`) && !path.split('/').some((s) => s === '..' || s === '.');
}

/** Whether the caller uploaded this photo or voice note: they keep seeing it after WeChat's check hid it from others. */
export function ownMedia(fileId: string, openid: string): boolean {
  return uploadedBy(fileId, openid) || uploadedBy(fileId, openid, 'complaint-voice');
}

/** A voice note must be the caller's own recording, like a photo. */
export function requireOwnVoiceNote(openid: string, note: { file: string } | null | undefined): void {
  if (note && !uploadedBy(note.file, openid, 'complaint-voice')) throw new DomainError('VOICE.NOT_YOURS', note.file);
}

/** Photos must be the caller's own uploads, so nobody attaches another's files. */
export function requireOwnPhotos(openid: string, photos: string[]): void {
  for (const p of photos) if (!uploadedBy(p, openid)) throw new ApiError('PHOTO_NOT_YOURS', p);
}
