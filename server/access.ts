// Who may see a complaint and attach a photo: checks shared by the handlers (never imported from
// one handler into another).
import { readers, type Complaint } from '../domain/complaint';
import { ApiError } from './errors';
import { isStaff, requireCommunity, type Caller } from './members';

/** Staff see their communities' complaints; owners their own, and those their family or tenants filed. */
export function canSee(caller: Caller, c: Complaint): void {
  if (isStaff(caller)) requireCommunity(caller, c.communityId);
  else if (!readers(c).includes(caller.openid)) throw new ApiError('FORBIDDEN', 'not your complaint', '这不是您提交的投诉');
}

/**
 * Whether the cloud file sits in `openid`'s own upload folder (`complaint-photos/<openid>/…` for
 * photos, `imports/<openid>/…` for rolls), with no way out of it.
 */
export function uploadedBy(fileId: string, openid: string, folder: 'complaint-photos' | 'imports' = 'complaint-photos'): boolean {
  const path = fileId.replace(/^cloud:\/\/[^/]+\//, '');
  return path.startsWith(`${folder}/${openid}/`) && !path.split('/').some((s) => s === '..' || s === '.');
}

/** Photos must be the caller's own uploads, so nobody attaches another's files. */
export function requireOwnPhotos(openid: string, photos: string[]): void {
  for (const p of photos) if (!uploadedBy(p, openid)) throw new ApiError('PHOTO_NOT_YOURS', p);
}
