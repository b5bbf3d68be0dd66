// Complaints as each reader may see them (typings/views.ts lists the fields): owners see their own
// complaint with their own phone; staff of its community see the phone masked and the internal
// chasing; photos WeChat found risky are shown only to whoever uploaded them. Every answer that
// carries a complaint goes through detailOf or card.
import { runningDeadline, STAFF_ONLY_EVENTS, type Complaint, type TimelineEntry } from '../../domain/complaint';
import { roomLabel } from '../../domain/households';
import type { PhotoId, VoiceNote } from '../../domain/model';
import { allowedCommands } from '../../domain/lifecycle';
import type { ComplaintCard, ComplaintDetail, TimelinePage } from '../../typings/api';
import { ownMedia } from '../kernel/access';
import { isStaff, type Caller } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import { currentPolicy } from '../kernel/policy';
import { EVENT_FIELDS, STAFF_EVENT_FIELDS, type ComplaintView, type TimelineEntryView } from '../../typings/views';
import { olderEntries } from './timeline';

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

/** Where a staff task happened: the room (3栋2单元301) or the place the owner described. */
export const taskPlace = (c: Complaint) => (c.location.kind === 'room' ? roomLabel(c.location) : c.location.description);

/** The staff group chat's line for a complaint task: the summary, the number and the start of the description. */
/**
 * The robot's line for a staff task (issue 27): what the card shows — line, number, 紧急, room — never
 * the owner's words (the description, or a public place as they described it), name or phone.
 */
export const complaintGroupText = (summary: string, c: Complaint) =>
  `【投诉工单】${summary}：${c.number}${c.urgency === 'urgent' || (!c.urgency && c.suggestedUrgency === 'urgent') ? '（紧急）' : ''}，${c.location.kind === 'room' ? roomLabel(c.location) : '公共区域'}`;

/** The initial response's next step (seed 000 §(一)): what happens now, or where to follow a complaint already moving. */
export const nextStep = (c: Complaint) => (c.status === 'submitted' ? '客服将尽快核实并分派给责任部门' : '请在「我的投诉」查看处理进度');

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone ? '****' : '';
}

/** The photos and voice notes of `c` hidden from this viewer (the uploader still sees a hidden file of their own). */
function hiddenFor(c: Complaint, viewer: Viewer): Map<PhotoId, number> {
  return new Map(c.blockedPhotos.filter((b) => !ownMedia(b.photo, viewer.openid)).map((b) => [b.photo, b.label]));
}

/** A voice note this viewer may hear: none when WeChat's media check hid it from them (the timeline's photo_blocked says so). */
function visibleVoice(note: VoiceNote | undefined, hidden: Map<PhotoId, number>): VoiceNote | undefined {
  return note && !hidden.has(note.file) ? note : undefined;
}

function entryView(e: TimelineEntry, viewer: Viewer, hidden: Map<PhotoId, number>): TimelineEntryView {
  const fields: readonly string[] = [...EVENT_FIELDS[e.type], ...(viewer.staff ? ((STAFF_EVENT_FIELDS as Record<string, readonly string[]>)[e.type] ?? []) : [])];
  const source = e as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = { type: e.type, seq: e.seq, at: e.at, by: { role: e.by.role, name: e.by.name ?? '' } };
  for (const f of fields) view[f] = f === 'photos' ? (source.photos as PhotoId[]).filter((p) => !hidden.has(p)) : f === 'voiceNote' ? visibleVoice(source.voiceNote as VoiceNote | undefined, hidden) : source[f];
  return view as unknown as TimelineEntryView;
}

/**
 * How many timeline entries a detail carries, and how many each 「查看更早的记录」 adds
 * (complaint.timeline): the latest first, so a long history never makes the answer grow. Fifteen
 * maximal entries (1,000-character notes with 9 photos each) stay far below WeChat's 256 KB setData and
 * ~1 MB function-response limits (wechat-platform.md); a typical complaint's whole history fits in one.
 */
export const TIMELINE_PAGE = 15;

/** Whether this viewer may read the entry (internal chasing is for staff). */
function readable(e: TimelineEntry, viewer: Viewer): boolean {
  return viewer.staff || !STAFF_ONLY_EVENTS.has(e.type);
}

/**
 * The last `TIMELINE_PAGE` entries this viewer may read before seq `before` (the latest when null), and
 * how many readable entries come earlier. Taken from the entries the complaint keeps; when they do not
 * fill the page, one indexed read of the older ones (server/complaints/timeline.ts) completes it.
 */
async function timelinePage(deps: Deps, c: Complaint, viewer: Viewer, before: number | null): Promise<{ entries: TimelineEntryView[]; earlierEntries: number }> {
  const atHand = c.timeline.filter((e) => readable(e, viewer) && (before === null || e.seq < before)).slice(-TIMELINE_PAGE);
  // The entries the complaint keeps run to its last; everything before the first of them is elsewhere.
  const keptFrom = c.timeline[0]?.seq ?? c.timelineLength + 1;
  const olderThan = Math.min(before ?? Infinity, keptFrom);
  const older = atHand.length < TIMELINE_PAGE && olderThan > 1 ? await olderEntries(deps, c.id, viewer.staff, olderThan, TIMELINE_PAGE - atHand.length) : [];
  const shown = [...older.filter((e) => readable(e, viewer)), ...atHand];
  const first = shown[0];
  // Each entry knows its place in the whole timeline (`seq`) and among the owner's (`ownerSeq`).
  const earlierEntries = first === undefined ? 0 : (viewer.staff ? first.seq : first.ownerSeq!) - 1;
  const hidden = hiddenFor(c, viewer);
  return { entries: shown.map((e) => entryView(e, viewer, hidden)), earlierEntries };
}

function complaintView(c: Complaint, viewer: Viewer, timeline: TimelineEntryView[]): ComplaintView {
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
    // The photos and the voice note the owner filed with: a 补充信息's come with its own entry.
    photos: visible(c.photos),
    voiceNote: visibleVoice(c.voiceNote, hidden) ?? null,
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
    resolveWithin: c.resolveWithin,
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
    // The notices the intake showed before the owner filed anyway, and the suggestion it came from (seed 002).
    noticesShown: c.noticesShown,
    fromSuggestion: c.fromSuggestion,
    // A hidden voice note gets no photo placeholder: its timeline entry (photo_blocked, voice) says so.
    hiddenPhotos: [...hidden].filter(([file]) => !c.blockedPhotos.some((b) => b.voice && b.photo === file)).map(([, label]) => ({ reason: riskReason(label) })),
    timeline,
  };
}

/**
 * The files of these entries that get links: photos and voice notes alike (those this reader may see:
 * entryView already left out the hidden), so a voice note is signed only for who may read its complaint.
 */
function entryPhotos(entries: TimelineEntryView[]): PhotoId[] {
  return entries.flatMap((e) => [...('photos' in e ? e.photos : []), ...('voiceNote' in e && e.voiceNote ? [e.voiceNote.file] : [])]);
}

/** Temp photo URLs live long enough to view a page, not to be passed around. */
const PHOTO_URL_SECONDS = 600;
/** getTempFileURL signs at most 50 files per call. */
const SIGN_BATCH = 50;

/** Short-lived download links for `photos`, in batches of 50 (a missing file gets none). */
export async function photoLinks(deps: Deps, photos: PhotoId[]): Promise<Record<string, string>> {
  const unique = [...new Set(photos)];
  const batches: PhotoId[][] = [];
  for (let i = 0; i < unique.length; i += SIGN_BATCH) batches.push(unique.slice(i, i + SIGN_BATCH));
  const answers = await Promise.all(batches.map((batch) => deps.app.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge: PHOTO_URL_SECONDS })) })));
  const links: Record<string, string> = {};
  for (const { fileList } of answers) for (const f of fileList) if (f.code === 'SUCCESS') links[f.fileID] = f.tempFileURL;
  return links;
}

/**
 * What `caller` sees of a complaint already loaded (and checked with canSee): no read of the complaint
 * of its own, and of the older entries only when those the document keeps do not fill the first page.
 * The latest TIMELINE_PAGE entries of its timeline; `earlierEntries` more are read with complaint.timeline.
 */
export async function detailOf(deps: Deps, caller: Caller, complaint: Complaint): Promise<ComplaintDetail> {
  const viewer = { openid: caller.openid, staff: isStaff(caller) };
  const { entries, earlierEntries } = await timelinePage(deps, complaint, viewer, null);
  const view = complaintView(complaint, viewer, entries);
  const actions = allowedCommands(complaint, caller.actor);
  // The policy is read only when a rating is possible (and is usually cached in a warm container).
  const [photoUrls, policy] = await Promise.all([photoLinks(deps, [...view.photos, ...(view.voiceNote ? [view.voiceNote.file] : []), ...entryPhotos(entries)]), actions.includes('rate') ? currentPolicy(deps.db, deps.now()) : null]);
  return { complaint: view, photoUrls, actions, earlierEntries, rating: policy && { reopenBelow: policy.satisfaction.reopenBelow } };
}

/** 查看更早的记录: the TIMELINE_PAGE entries this caller may read before seq `before`, with their photos' links. */
export async function earlierTimelineOf(deps: Deps, caller: Caller, complaint: Complaint, before: number): Promise<TimelinePage> {
  const { entries, earlierEntries } = await timelinePage(deps, complaint, { openid: caller.openid, staff: isStaff(caller) }, before);
  return { entries, photoUrls: await photoLinks(deps, entryPhotos(entries)), earlierEntries };
}

/** How much of the description a list card shows. */
const CARD_DESCRIPTION_CHARS = 60;

/** The start of a description as a card shows it (whole characters: an emoji is never cut in two). */
export function descriptionExcerpt(description: string): string {
  return [...description].slice(0, CARD_DESCRIPTION_CHARS).join('');
}

/**
 * The stored fields a card is built from, and all a list reads (never the timeline or the outbox):
 * the excerpt kept beside the state (server/complaints/store.ts) rather than the whole description, and the
 * running deadline as stored (`dueAt`, domain runningDeadline at the last write).
 */
export const CARD_FIELDS = ['number', 'status', 'closure.reason', 'descriptionExcerpt', 'category', 'urgency', 'suggestedUrgency', 'submittedAt', 'respondBy', 'resolveBy', 'dueAt'] as const;
/** An owner's card also says who of the household filed it: the filer's account, name and relation (no phone). */
export const OWNER_CARD_FIELDS = [...CARD_FIELDS, 'complainant.openid', 'complainant.name', 'complainant.relation'] as const;

/** A complaint as a list reads it (CARD_FIELDS; the filer only in an owner's list). */
export interface CardSource {
  _id: string;
  number: string;
  status: Complaint['status'];
  /** Only its reason is read (CARD_FIELDS); absent when the projection finds none to read. */
  closure?: Pick<NonNullable<Complaint['closure']>, 'reason'> | null;
  descriptionExcerpt: string;
  category: string | null;
  urgency: Complaint['urgency'];
  suggestedUrgency: Complaint['suggestedUrgency'];
  submittedAt: Date;
  respondBy: Date;
  resolveBy: Date | null;
  dueAt: Date | null;
  complainant?: Pick<Complaint['complainant'], 'openid' | 'name' | 'relation'>;
}

/** A list card: what the lists show, nothing personal (an owner's card says when a family member or tenant filed it). */
export function card(c: CardSource, ownerOpenid?: string): ComplaintCard {
  const byOther = ownerOpenid !== undefined && c.complainant !== undefined && c.complainant.openid !== ownerOpenid;
  return {
    filedBy: byOther && c.complainant ? { name: c.complainant.name, relation: c.complainant.relation ?? 'owner' } : null,
    id: c._id,
    number: c.number,
    status: c.status,
    closure: c.closure ? { reason: c.closure.reason } : null,
    description: c.descriptionExcerpt,
    category: c.category,
    urgency: c.urgency,
    suggestedUrgency: c.suggestedUrgency,
    submittedAt: c.submittedAt.toISOString(),
    respondBy: c.respondBy.toISOString(),
    resolveBy: c.resolveBy?.toISOString() ?? null,
    dueAt: c.dueAt?.toISOString() ?? null,
  };
}
