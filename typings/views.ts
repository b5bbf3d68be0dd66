// What a complaint looks like to the people who read it: explicit views, never the stored document.
// Each timeline event shows only the fields listed here, so a field added to an event stays on the
// server until someone decides, here, who may read it (seed 002 标准3 信息保密).
import type { Complaint, EventType, TimelineEntry } from '../domain/complaint';
import type { ActorRole, Relation, VoiceNote } from '../domain/model';

/** Payload fields each event shows to everyone allowed to see the event, beyond type, seq and at. */
export const EVENT_FIELDS = {
  submitted: ['channel', 'location', 'description', 'desiredOutcome', 'photos', 'voiceNote', 'contactTime', 'respondBy'],
  info_added: ['text', 'photos', 'voiceNote'],
  invalidated: ['explanation'],
  triaged: ['category', 'urgency', 'complexity', 'department', 'respondBy'],
  transferred: ['department', 'reason'],
  handler_released: ['reason'],
  accepted: ['resolveBy'],
  investigated: ['findings', 'photos', 'responsibleParty'],
  planned: ['plan'],
  plan_approved: ['comment'],
  plan_returned: ['reason'],
  progress_noted: ['text', 'photos'],
  paused: ['reason'],
  resumed: ['respondBy', 'resolveBy'],
  resolved: ['result', 'photos', 'callbackDueAt', 'autoCloseAt'],
  rated: ['score', 'comment', 'verdict'],
  reopened: ['reason', 'resolveBy'],
  callback_requested: [],
  callback_recorded: ['outcome', 'note', 'score'],
  reply_recorded: ['way', 'outcome', 'note', 'score'],
  // Which account was linked is nobody's business but the system's.
  complainant_linked: [],
  reminded: ['deadline', 'due', 'notify', 'skipped'],
  escalated: ['deadline', 'level', 'notify'],
  merged_into: ['targetId', 'explanation'],
  merge_received: ['sourceId'],
  withdrawn: ['reason'],
  closed: ['reason', 'explanation'],
  photo_blocked: ['label', 'voice'],
  personal_data_erased: [],
} as const satisfies { [T in EventType]: ReadonlyArray<keyof Extract<TimelineEntry, { type: T }>> };

/** Fields only staff see: which colleague recorded or has the task. */
export const STAFF_EVENT_FIELDS = { submitted: ['recordedBy'], triaged: ['handlerId'], transferred: ['handlerId'] } as const satisfies {
  [T in EventType]?: ReadonlyArray<keyof Extract<TimelineEntry, { type: T }>>;
};

// Internal chasing is for staff (domain/complaint.ts, which numbers the owner's entries by it).
export { STAFF_ONLY_EVENTS } from '../domain/complaint';

/** Who acted, as a reader sees it: the role and a name (no account ids). */
export interface ActorView {
  role: ActorRole;
  name: string;
}

type Entry<T extends EventType> = Extract<TimelineEntry, { type: T }>;
type Only<O, K> = { [P in keyof O as P extends K ? P : never]: O[P] };
type StaffFields<T extends EventType> = T extends keyof typeof STAFF_EVENT_FIELDS ? (typeof STAFF_EVENT_FIELDS)[T][number] : never;
type Shown<T extends EventType> = Only<Entry<T>, 'type' | 'seq' | 'at' | (typeof EVENT_FIELDS)[T][number]> & Partial<Only<Entry<T>, StaffFields<T>>> & { by: ActorView };

export type TimelineEntryView = { [T in EventType]: Shown<T> }[EventType];

/**
 * A complaint as its reader may see it. The complainant's phone is the owner's own number for the
 * owner, masked for staff (the assigned handler reveals it with complaint.revealPhone, logged).
 */
export interface ComplaintView
  extends Pick<
    Complaint,
    | 'id'
    | 'number'
    | 'communityId'
    | 'status'
    | 'channel'
    | 'location'
    | 'description'
    | 'desiredOutcome'
    | 'contactTime'
    | 'suggestedUrgency'
    | 'suggestedCategory'
    | 'category'
    | 'urgency'
    | 'complexity'
    | 'department'
    | 'submittedAt'
    | 'respondBy'
    | 'acceptedAt'
    | 'resolveBy'
    | 'resolveWithin'
    | 'resolvedAt'
    | 'closedAt'
    | 'pause'
    | 'investigation'
    | 'plan'
    | 'resolution'
    | 'rating'
    | 'ratings'
    | 'reply'
    | 'callbackDueAt'
    | 'callbackRequested'
    | 'autoCloseAt'
    | 'reopenCount'
    | 'closure'
    | 'mergedFrom'
    | 'noticesShown'
    | 'fromSuggestion'
  > {
  /** relation: 业主 / 家属 / 租户 — who of the household filed it (null: recorded by staff). */
  complainant: { name: string; phone: string; relation: Relation | null };
  /** The intake photos this reader may see (hidden ones are listed in `hiddenPhotos`). */
  photos: string[];
  /** The intake's voice note, unless WeChat's media check hid it from this reader; its link is in `photoUrls`. */
  voiceNote: VoiceNote | null;
  /** The deadline now running; null when resolved, closed or paused (domain runningDeadline). */
  dueAt: Date | null;
  /** The assigned handler's staff id: staff only (null for owners). */
  handlerId: string | null;
  /** Who recorded it on the complainant's behalf: staff only (null for owners). */
  recordedBy: string | null;
  callback: { outcome: NonNullable<Complaint['callback']>['outcome']; note: string; at: Date } | null;
  /** Photos hidden from this reader after WeChat's media check found them risky: a placeholder each. */
  hiddenPhotos: Array<{ reason: string }>;
  /** The latest entries this reader may read (server/complaints/views.ts TIMELINE_PAGE); earlier ones page in with complaint.timeline. */
  timeline: TimelineEntryView[];
}
