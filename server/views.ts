// Complaints as each reader may see them (typings/views.ts lists the fields): owners see their own
// complaint with their own phone; staff of its community see the phone masked and the internal
// chasing; photos WeChat found risky are shown only to whoever uploaded them. Every answer that
// carries a complaint goes through detailOf or card.
import { runningDeadline, type Complaint, type TimelineEntry } from '../domain/complaint';
import type { PhotoId } from '../domain/model';
import { allowedCommands } from '../domain/lifecycle';
import type { ComplaintCard, ComplaintDetail } from '../typings/api';
import { uploadedBy } from './access';
import { isStaff, type Caller } from './members';
import type { Deps } from './ports';
import { EVENT_FIELDS, STAFF_EVENT_FIELDS, STAFF_ONLY_EVENTS, type ComplaintView, type TimelineEntryView } from '../typings/views';

export interface Viewer {
  openid: string;
  staff: boolean;
}

/** WeChat's media-check labels (security.mediaCheckAsync), as the placeholder explains them. */
const RISK_REASONS: Record<number, string> = {
  10001: '含广告内容',
  20001: '含时政内容',
  20002: '含色情内容',
  20003: '含辱骂内容',
  20006: '含违法犯罪内容',
  20008: '含欺诈内容',
  20012: '含低俗内容',
  20013: '涉及版权问题',
};

function riskReason(label: number): string {
  return `照片${RISK_REASONS[label] ?? '未通过内容安全检查'}，已隐藏`;
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone ? '****' : '';
}

/** The photos of `c` hidden from this viewer (the uploader still sees a hidden photo of their own). */
function hiddenFor(c: Complaint, viewer: Viewer): Map<PhotoId, number> {
  return new Map(c.blockedPhotos.filter((b) => !uploadedBy(b.photo, viewer.openid)).map((b) => [b.photo, b.label]));
}

function entryView(e: TimelineEntry, viewer: Viewer, hidden: Map<PhotoId, number>): TimelineEntryView {
  const fields: readonly string[] = [...EVENT_FIELDS[e.type], ...(viewer.staff ? ((STAFF_EVENT_FIELDS as Record<string, readonly string[]>)[e.type] ?? []) : [])];
  const source = e as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = { type: e.type, seq: e.seq, at: e.at, by: { role: e.by.role, name: e.by.name ?? '' } };
  for (const f of fields) view[f] = f === 'photos' ? (source.photos as PhotoId[]).filter((p) => !hidden.has(p)) : source[f];
  return view as unknown as TimelineEntryView;
}

function complaintView(c: Complaint, viewer: Viewer): ComplaintView {
  const hidden = hiddenFor(c, viewer);
  const visible = (photos: PhotoId[]) => photos.filter((p) => !hidden.has(p));
  return {
    id: c.id,
    number: c.number,
    communityId: c.communityId,
    status: c.status,
    channel: c.channel,
    // The full number to its owner only: staff and the family's owner see it masked.
    complainant: { name: c.complainant.name, phone: c.complainant.openid === viewer.openid ? c.complainant.phone : maskPhone(c.complainant.phone), relation: c.complainant.relation ?? null },
    location: c.location,
    description: c.description,
    desiredOutcome: c.desiredOutcome,
    photos: visible(c.photos),
    contactTime: c.contactTime,
    suggestedUrgency: c.suggestedUrgency,
    suggestedCategory: c.suggestedCategory,
    category: c.category,
    urgency: c.urgency,
    complexity: c.complexity,
    department: c.department,
    handlerId: viewer.staff ? c.handlerId : null,
    recordedBy: viewer.staff ? c.recordedBy : null,
    submittedAt: c.submittedAt,
    respondBy: c.respondBy,
    acceptedAt: c.acceptedAt,
    resolveBy: c.resolveBy,
    dueAt: runningDeadline(c),
    resolvedAt: c.resolvedAt,
    closedAt: c.closedAt,
    pause: c.pause,
    investigation: c.investigation && { ...c.investigation, photos: visible(c.investigation.photos) },
    plan: c.plan,
    resolution: c.resolution && { ...c.resolution, photos: visible(c.resolution.photos) },
    rating: c.rating,
    ratings: c.ratings,
    reply: c.reply,
    callbackDueAt: c.callbackDueAt,
    callbackRequested: c.callbackRequested,
    callback: c.callback && { outcome: c.callback.outcome, note: c.callback.note, at: c.callback.at },
    autoCloseAt: c.autoCloseAt,
    reopenCount: c.reopenCount,
    closure: c.closure,
    mergedFrom: c.mergedFrom,
    hiddenPhotos: [...hidden.values()].map((label) => ({ reason: riskReason(label) })),
    timeline: c.timeline.filter((e) => viewer.staff || !STAFF_ONLY_EVENTS.has(e.type)).map((e) => entryView(e, viewer, hidden)),
  };
}

/** Every photo of the complaint this viewer may open (for short-lived download links). */
function visiblePhotos(view: ComplaintView): PhotoId[] {
  const fromTimeline = view.timeline.flatMap((e) => ('photos' in e ? e.photos : []));
  return [...new Set([...view.photos, ...fromTimeline])];
}

/** Temp photo URLs live long enough to view a page, not to be passed around. */
const PHOTO_URL_SECONDS = 600;

/** What `caller` sees of a complaint already loaded (and checked with canSee): no read of its own. */
export async function detailOf(deps: Deps, caller: Caller, complaint: Complaint): Promise<ComplaintDetail> {
  const view = complaintView(complaint, { openid: caller.openid, staff: isStaff(caller) });
  const photos = visiblePhotos(view);
  const photoUrls: Record<string, string> = {};
  if (photos.length > 0) {
    const { fileList } = await deps.app.getTempFileURL({ fileList: photos.slice(0, 50).map((fileID) => ({ fileID, maxAge: PHOTO_URL_SECONDS })) });
    for (const f of fileList) if (f.code === 'SUCCESS') photoUrls[f.fileID] = f.tempFileURL;
  }
  return { complaint: view, photoUrls, actions: allowedCommands(complaint, caller.actor) };
}

/** A list card: what the lists show, nothing personal (an owner's card says when a family member or tenant filed it). */
export function card(c: Complaint, ownerOpenid?: string): ComplaintCard {
  const byOther = ownerOpenid !== undefined && c.complainant.openid !== ownerOpenid;
  return {
    filedBy: byOther ? { name: c.complainant.name, relation: c.complainant.relation ?? 'owner' } : null,
    id: c.id,
    number: c.number,
    status: c.status,
    description: c.description.slice(0, 60),
    category: c.category,
    urgency: c.urgency,
    submittedAt: c.submittedAt.toISOString(),
    respondBy: c.respondBy.toISOString(),
    resolveBy: c.resolveBy?.toISOString() ?? null,
    dueAt: runningDeadline(c)?.toISOString() ?? null,
  };
}
