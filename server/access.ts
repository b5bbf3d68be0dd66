// Who may see a complaint and attach a photo: checks shared by the handlers (never imported from
// one handler into another).
import type { Complaint } from '../domain/complaint';
import { ApiError } from './errors';
import { isStaff, requireCommunity, type Caller } from './members';

/** Staff see their communities' complaints; owners their own. */
export function canSee(caller: Caller, c: Complaint): void {
  if (isStaff(caller)) requireCommunity(caller, c.communityId);
  else if (c.complainant.openid !== caller.openid) throw new ApiError('FORBIDDEN', 'not your complaint', '这不是您提交的投诉');
}

/** Whether `photo` sits in `openid`'s own upload folder (`complaint-photos/<openid>/…`), with no way out of it. */
export function uploadedBy(photo: string, openid: string): boolean {
  const path = photo.replace(/^cloud:\/\/[^/]+\//, '');
  return path.startsWith(`complaint-photos/${openid}/`) && !path.split('/').some((s) => s === '..' || s === '.');
}

/** Photos must be the caller's own uploads, so nobody attaches another's files. */
export function requireOwnPhotos(openid: string, photos: string[]): void {
  for (const p of photos) if (!uploadedBy(p, openid)) throw new ApiError('PHOTO_NOT_YOURS', p);
}
