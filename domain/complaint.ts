// A complaint's state and the events that change it. `evolve` folds one event into the state; the
// events are also the complaint's numbered, append-only timeline (seed 000 §(六) 完整归档).
import type {
  Actor,
  CallbackOutcome,
  CategoryCode,
  Channel,
  ClosureReason,
  Complexity,
  DepartmentCode,
  Location,
  PhotoId,
  VoiceNote,
  Relation,
  ReplyWay,
  ResponsibleParty,
  Role,
  Status,
  Urgency,
} from './model';
import { replyWayFor } from './model';
import type { ResolutionTarget } from './policy';

export interface Complainant {
  /** The owner's openid when they use the mini-program; absent for phone/walk-in complainants without one. */
  openid?: string;
  name: string;
  phone: string;
  roomId?: string;
  /** How the filer holds the room: 业主, 家属 or 租户 (seed 001 第一节 业主住户). */
  relation?: Relation;
  /** Who else follows it in 我的投诉: the registered owner who invited a family member or tenant. */
  followers?: string[];
}

export interface Rating {
  score: number;
  comment: string;
  at: Date;
  /** owner: in the app; callback: noted on a 回访; reply: noted when answering by the complainant's channel. */
  source: 'owner' | 'callback' | 'reply';
  round: number;
}

export interface Plan {
  description: string;
  expectedCompletionAt: Date;
  /** Estimated cost in yuan; plans at or above policy.approvalCostThreshold need approval. */
  estimatedCost: number;
  /** Developer, government, contractor … involved (seed 000 §(四) 外部联动). */
  externalParties: string[];
  needsApproval: boolean;
}

/** What intake records (seed 000 §(一) 详细记录), as the owner gives it. */
export interface IntakeDetails {
  id: string;
  /** Human-readable complaint number, e.g. TS20261122-0007, shown to the owner at intake. */
  number: string;
  communityId: string;
  complainant: Complainant;
  location: Location;
  description: string;
  /** 诉求期望 — what the owner wants done (seed 000 §(一)). */
  desiredOutcome: string;
  photos: PhotoId[];
  /** What the owner said instead of (or besides) typing; only on an intake that has one. */
  voiceNote?: VoiceNote;
  /** Best time to contact, as the owner wrote it. */
  contactTime: string;
  suggestedUrgency: Urgency | null;
  /** The owner's own idea of the category (the intake grid); staff decide at triage. */
  suggestedCategory: CategoryCode | null;
  /**
   * The notices in force for the place and category that the intake showed the owner before they
   * filed anyway (seed 002 要求 (2); domain/notices.ts): the month's statistics count these filings.
   */
  noticesShown?: string[];
  /** The suggestion (意见和建议) staff turned into this complaint; linked both ways. */
  fromSuggestion?: string | null;
}

export interface Complaint extends IntakeDetails {
  noticesShown: string[];
  fromSuggestion: string | null;
  status: Status;
  channel: Channel;
  /** Staff who recorded it on the owner's behalf (seed 003 (4)); null for mini-program intake. */
  recordedBy: string | null;

  category: CategoryCode | null;
  urgency: Urgency | null;
  complexity: Complexity | null;
  department: DepartmentCode | null;
  handlerId: string | null;

  submittedAt: Date;
  /** First-response deadline (接单). */
  respondBy: Date;
  acceptedAt: Date | null;
  /** Resolution deadline, set at acceptance (seed 003 (6)). */
  resolveBy: Date | null;
  /**
   * The policy's target `resolveBy` was set by (当日办结 or a length of time), so readers are told the
   * promise in its own words; null before acceptance and for complaints accepted before targets were kept.
   */
  resolveWithin: ResolutionTarget | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  /** When a paused clock restarts the deadlines move; `pausedSince` is set while paused. */
  pause: { since: Date; reason: string } | null;

  investigation: { findings: string; photos: PhotoId[]; responsibleParty: ResponsibleParty } | null;
  plan: Plan | null;
  resolution: { result: string; photos: PhotoId[] } | null;
  /** The owner's latest rating in the app (one per resolution round). */
  rating: { score: number; comment: string; at: Date } | null;
  /**
   * Every score given, in order: the owner's in the app and the one 客服 noted on a phone callback
   * (seed 000 §(五), 003 (8)); `round` is the resolution it judged (1, then 2 after a reopening …).
   * Statistics count each one, so a 1★ that reopened a complaint still counts.
   */
  ratings: Rating[];
  /**
   * The reply a complaint taken by phone, visit or letter is owed after each resolution (seed 003 (8)):
   * how, by when, and when it was given; null for mini-program complaints and before resolution.
   */
  reply: { way: ReplyWay; dueBy: Date; recordedAt: Date | null } | null;
  callbackDueAt: Date | null;
  callbackRequested: boolean;
  callback: { outcome: CallbackOutcome; note: string; at: Date; by: string } | null;
  autoCloseAt: Date | null;
  reopenCount: number;
  /** Highest escalation level reached for the current deadline (0 = none). */
  escalationLevel: number;
  /** Keys of reminders and escalations already issued, so a repeated timer run issues none twice. */
  timersFired: string[];
  closure: { reason: ClosureReason; explanation: string; mergedInto: string | null } | null;
  /** Complaints merged into this one. */
  mergedFrom: string[];
  /** Photos WeChat's media check found risky: shown to nobody but their uploader (wechat-platform.md). */
  /** Files WeChat's check found risky; `voice` marks a voice note's (said apart from a photo's on the pages). */
  blockedPhotos: Array<{ photo: PhotoId; label: number; voice?: true }>;
  /** When the complainant's name and phone were removed after the retention period (PIPL; policy.privacy). */
  personalDataErasedAt: Date | null;
  /**
   * The latest entries of the timeline, in order, and those added since the complaint was read. The
   * whole timeline is `timelineLength` entries long: the server keeps only the latest few on the
   * complaint and the rest in a collection of their own (server/complaints/store.ts), so nothing here
   * may look further back than these — what the process needs of older entries is summarised below.
   */
  timeline: TimelineEntry[];
  /** How many entries the timeline has: the last one's `seq`. */
  timelineLength: number;
  /** How many of them an owner may read (all but STAFF_ONLY_EVENTS): the last such entry's `ownerSeq`. */
  ownerEntries: number;
  /** Start of the current resolution cycle, the latest acceptance or reopening: the reminders count from it. */
  resolutionStartedAt: Date | null;
  /** The first resolution, which a reopening does not erase (the reopen rate's cohort). */
  firstResolvedAt: Date | null;
}

/** The clocks the scheduler chases: the first response, the resolution, the reply by the owner's channel. */
export type Deadline = 'response' | 'resolution' | 'reply';

/** Every event carries when and who; the payloads below say what. */
interface EventBase {
  at: Date;
  by: Actor;
}

export type ComplaintEvent = EventBase &
  (
    | (IntakeDetails & { type: 'submitted'; channel: Channel; recordedBy: string | null; respondBy: Date })
    | { type: 'info_added'; text: string; photos: PhotoId[]; voiceNote?: VoiceNote }
    | { type: 'invalidated'; explanation: string }
    | {
        type: 'triaged';
        category: CategoryCode;
        urgency: Urgency;
        complexity: Complexity;
        department: DepartmentCode;
        handlerId: string;
        respondBy: Date;
      }
    | { type: 'transferred'; department: DepartmentCode; handlerId: string; reason: string }
    | { type: 'handler_released'; reason: string }
    // resolveWithin: absent from events written before targets were kept.
    | { type: 'accepted'; resolveBy: Date; resolveWithin?: ResolutionTarget }
    | { type: 'investigated'; findings: string; photos: PhotoId[]; responsibleParty: ResponsibleParty }
    | { type: 'planned'; plan: Plan }
    | { type: 'plan_approved'; comment: string }
    | { type: 'plan_returned'; reason: string }
    | { type: 'progress_noted'; text: string; photos: PhotoId[] }
    | { type: 'paused'; reason: string }
    | { type: 'resumed'; respondBy: Date; resolveBy: Date | null }
    | { type: 'resolved'; result: string; photos: PhotoId[]; replyDueBy: Date | null; callbackDueAt: Date | null; autoCloseAt: Date | null }
    | { type: 'reply_recorded'; way: ReplyWay; outcome: CallbackOutcome; note: string; score: number | null; callbackDueAt: Date | null; autoCloseAt: Date | null }
    // The room the complainant bound with: their access follows it (domain/access.ts). Absent in links
    // made before it was recorded.
    | { type: 'complainant_linked'; openid: string; roomId?: string }
    | { type: 'rated'; score: number; comment: string; verdict: 'satisfied' | 'neutral' | 'reopen' }
    | { type: 'reopened'; reason: string; resolveBy: Date; resolveWithin?: ResolutionTarget; escalateTo: Role | null }
    | { type: 'callback_requested' }
    | { type: 'callback_recorded'; outcome: CallbackOutcome; note: string; score: number | null }
    // skipped: the warning's moment passed before it could go out (the scheduler caught up after a
    // gap); recorded, so it is never issued again, but nobody is told (domain/timers.ts).
    | { type: 'reminded'; key: string; deadline: Deadline; due: Date; notify: Role[]; skipped?: boolean }
    | { type: 'escalated'; key: string; deadline: Deadline; level: number; notify: Role }
    | { type: 'merged_into'; targetId: string; explanation: string }
    | { type: 'merge_received'; sourceId: string }
    | { type: 'withdrawn'; reason: string }
    | { type: 'closed'; reason: ClosureReason; explanation: string }
    // `voice`: the hidden file is a voice note, so the timeline says 一段语音 rather than 一张照片.
    | { type: 'photo_blocked'; photo: PhotoId; label: number; voice?: true }
    | { type: 'personal_data_erased' }
  );

export type EventType = ComplaintEvent['type'];

/** Internal chasing is for staff; owners see what was done and said. */
export const STAFF_ONLY_EVENTS: ReadonlySet<EventType> = new Set(['reminded', 'escalated', 'callback_requested']);

type SubmittedEvent = Extract<ComplaintEvent, { type: 'submitted' }>;

/**
 * An event as kept on the timeline: numbered from 1, never rewritten. The intake entry keeps no copy
 * of the complainant (the complaint holds them once), so personal data lives in one place that the
 * views mask and the retention rule erases (seed 002 标准3).
 */
export type TimelineEntry = (Exclude<ComplaintEvent, SubmittedEvent> | Omit<SubmittedEvent, 'complainant'>) & {
  seq: number;
  /**
   * Its place among the entries an owner may read (absent on staff-only ones): an owner's page knows
   * how many readable entries come before it without counting them.
   */
  ownerSeq?: number;
};

/** An event numbered as entry `seq` of the timeline (and `ownerSeq` of the owner's, when they may read it). */
function entryOf(event: ComplaintEvent, seq: number, ownerEntries: number): TimelineEntry {
  const entry = event.type === 'submitted' ? withoutComplainant(event) : event;
  return STAFF_ONLY_EVENTS.has(event.type) ? { ...entry, seq } : { ...entry, seq, ownerSeq: ownerEntries + 1 };
}

/** Fold one event into the state. `null` state only for `submitted`. */
export function evolve(state: Complaint | null, event: ComplaintEvent): Complaint {
  if (state === null) {
    if (event.type !== 'submitted') throw new Error(`evolve: ${event.type} before submitted`);
    return {
      id: event.id,
      number: event.number,
      communityId: event.communityId,
      status: 'submitted',
      complainant: event.complainant,
      channel: event.channel,
      location: event.location,
      description: event.description,
      desiredOutcome: event.desiredOutcome,
      photos: event.photos,
      ...(event.voiceNote ? { voiceNote: event.voiceNote } : {}),
      contactTime: event.contactTime,
      suggestedUrgency: event.suggestedUrgency,
      suggestedCategory: event.suggestedCategory,
      noticesShown: event.noticesShown ?? [],
      fromSuggestion: event.fromSuggestion ?? null,
      recordedBy: event.recordedBy,
      category: null,
      urgency: null,
      complexity: null,
      department: null,
      handlerId: null,
      submittedAt: event.at,
      respondBy: event.respondBy,
      acceptedAt: null,
      resolveBy: null,
      resolveWithin: null,
      resolvedAt: null,
      closedAt: null,
      pause: null,
      investigation: null,
      plan: null,
      resolution: null,
      rating: null,
      ratings: [],
      reply: null,
      callbackDueAt: null,
      callbackRequested: false,
      callback: null,
      autoCloseAt: null,
      reopenCount: 0,
      escalationLevel: 0,
      timersFired: [],
      closure: null,
      mergedFrom: [],
      blockedPhotos: [],
      personalDataErasedAt: null,
      timeline: [entryOf(event, 1, 0)],
      timelineLength: 1,
      ownerEntries: 1,
      resolutionStartedAt: null,
      firstResolvedAt: null,
    };
  }
  const entry = entryOf(event, state.timelineLength + 1, state.ownerEntries);
  const next: Complaint = { ...state, timeline: [...state.timeline, entry], timelineLength: entry.seq, ownerEntries: entry.ownerSeq ?? state.ownerEntries };
  const closed = (reason: ClosureReason, explanation: string, mergedInto: string | null = null): Complaint => ({
    ...next,
    status: 'closed',
    closedAt: event.at,
    pause: null,
    closure: { reason, explanation, mergedInto },
  });
  switch (event.type) {
    case 'submitted':
      throw new Error('evolve: submitted twice');
    case 'info_added':
      // `photos` stays the intake's: a supplement's photos are its entry's (the server drops those already attached).
      return next;
    case 'invalidated':
      return closed('invalid', event.explanation);
    case 'triaged':
      return {
        ...next,
        status: 'assigned',
        category: event.category,
        urgency: event.urgency,
        complexity: event.complexity,
        department: event.department,
        handlerId: event.handlerId,
        respondBy: event.respondBy,
      };
    case 'transferred':
      return { ...next, status: 'assigned', department: event.department, handlerId: event.handlerId };
    case 'handler_released':
      // The new handler accepts it again; the deadlines already running keep running.
      return { ...next, status: 'assigned', handlerId: null };
    case 'accepted':
      return {
        ...next,
        status: 'accepted',
        // The first acceptance is the first response; a transfer's re-acceptance does not reset it.
        acceptedAt: next.acceptedAt ?? event.at,
        resolveBy: next.resolveBy ?? event.resolveBy,
        resolveWithin: next.resolveBy ? next.resolveWithin : (event.resolveWithin ?? null),
        escalationLevel: next.acceptedAt ? next.escalationLevel : 0,
        resolutionStartedAt: event.at,
      };
    case 'investigated':
      return {
        ...next,
        status: 'investigated',
        investigation: { findings: event.findings, photos: event.photos, responsibleParty: event.responsibleParty },
      };
    case 'planned':
      return { ...next, status: event.plan.needsApproval ? 'awaiting_approval' : 'in_progress', plan: event.plan };
    case 'plan_approved':
      return { ...next, status: 'in_progress' };
    case 'plan_returned':
      return { ...next, status: 'investigated' };
    case 'progress_noted':
      return next;
    case 'paused':
      return { ...next, pause: { since: event.at, reason: event.reason } };
    case 'resumed':
      return { ...next, pause: null, respondBy: event.respondBy, resolveBy: event.resolveBy };
    case 'resolved':
      return {
        ...next,
        status: 'resolved',
        resolvedAt: event.at,
        firstResolvedAt: next.firstResolvedAt ?? event.at,
        resolution: { result: event.result, photos: event.photos },
        reply: event.replyDueBy && replyWayFor(next.channel) ? { way: replyWayFor(next.channel)!, dueBy: event.replyDueBy, recordedAt: null } : null,
        callbackDueAt: event.callbackDueAt,
        autoCloseAt: event.autoCloseAt,
        callbackRequested: false,
      };
    case 'reply_recorded':
      return {
        ...next,
        // Nobody reached: the reply is still owed (its clock keeps running); otherwise it is given
        // and the callback and auto-close clocks start.
        reply: next.reply && event.outcome !== 'unreachable' ? { ...next.reply, recordedAt: event.at } : next.reply,
        callbackDueAt: event.callbackDueAt,
        autoCloseAt: event.autoCloseAt,
        ratings: event.score === null ? next.ratings : [...next.ratings, { score: event.score, comment: event.note, at: event.at, source: 'reply', round: next.reopenCount + 1 }],
      };
    case 'complainant_linked':
      return { ...next, complainant: { ...next.complainant, openid: event.openid, ...(event.roomId ? { roomId: event.roomId, relation: 'owner' as const } : {}) } };
    case 'rated':
      return {
        ...next,
        rating: { score: event.score, comment: event.comment, at: event.at },
        ratings: [...next.ratings, { score: event.score, comment: event.comment, at: event.at, source: 'owner', round: next.reopenCount + 1 }],
      };
    case 'reopened':
      return {
        ...next,
        status: 'accepted',
        reopenCount: next.reopenCount + 1,
        resolutionStartedAt: event.at,
        resolveBy: event.resolveBy,
        resolveWithin: event.resolveWithin ?? null,
        resolvedAt: null,
        resolution: null,
        reply: null,
        callbackDueAt: null,
        autoCloseAt: null,
        callbackRequested: false,
        escalationLevel: 0,
        // A new resolution cycle gets fresh reminders.
        timersFired: next.timersFired.filter((k) => !k.startsWith('resolution:')),
      };
    case 'callback_requested':
      return { ...next, callbackRequested: true };
    case 'callback_recorded':
      return {
        ...next,
        callback: { outcome: event.outcome, note: event.note, at: event.at, by: event.by.id },
        ratings: event.score === null ? next.ratings : [...next.ratings, { score: event.score, comment: event.note, at: event.at, source: 'callback', round: next.reopenCount + 1 }],
      };
    case 'reminded':
      return { ...next, timersFired: [...next.timersFired, event.key] };
    case 'escalated':
      return { ...next, timersFired: [...next.timersFired, event.key], escalationLevel: Math.max(next.escalationLevel, event.level) };
    case 'merged_into':
      return closed('merged', event.explanation, event.targetId);
    case 'merge_received':
      return { ...next, mergedFrom: [...next.mergedFrom, event.sourceId] };
    case 'withdrawn':
      return closed('withdrawn', event.reason);
    case 'closed':
      return closed(event.reason, event.explanation);
    case 'photo_blocked':
      return { ...next, blockedPhotos: [...next.blockedPhotos, { photo: event.photo, label: event.label, ...(event.voice ? { voice: true as const } : {}) }] };
    case 'personal_data_erased':
      return {
        ...next,
        complainant: { ...next.complainant, name: '', phone: '' },
        // Owners' own entries carry their name as the actor; staff names stay (they acted for the company).
        // Entries written before intake stopped copying the complainant lose that copy too. These are
        // the entries at hand; the server erases the same from the older ones it keeps elsewhere.
        timeline: next.timeline.map((e) => {
          const { complainant: _legacy, ...entry } = e as TimelineEntry & { complainant?: Complainant };
          return entry.by.role === 'owner' ? { ...entry, by: { role: entry.by.role, id: entry.by.id } } : entry;
        }) as TimelineEntry[],
        personalDataErasedAt: event.at,
      };
  }
}

function withoutComplainant(event: SubmittedEvent): Omit<SubmittedEvent, 'complainant'> {
  const { complainant: _complainant, ...rest } = event;
  return rest;
}

/**
 * The deadline now running — the response before acceptance, the resolution after — or null: once
 * resolved or closed, and while the clock is paused (it moves when the clock restarts, so a paused
 * complaint is never overdue). The one rule the inboxes, the cards and the detail all follow.
 */
/** When `deadline` falls for the complaint as it is now; null when it has none. */
export function deadlineOf(c: Pick<Complaint, 'respondBy' | 'resolveBy' | 'reply'>, deadline: Deadline): Date | null {
  return deadline === 'response' ? c.respondBy : deadline === 'resolution' ? c.resolveBy : (c.reply?.dueBy ?? null);
}

/** The owners' accounts that see the complaint in 我的投诉: the filer and whoever follows it. */
export function readers(c: Pick<Complaint, 'complainant'>): string[] {
  return [...(c.complainant.openid ? [c.complainant.openid] : []), ...(c.complainant.followers ?? [])];
}

export function runningDeadline(c: Complaint): Date | null {
  // Resolved but not yet answered by the complainant's channel: the reply's deadline runs (seed 003 (8)).
  if (c.status === 'resolved' && c.reply && c.reply.recordedAt === null) return c.reply.dueBy;
  if (c.status === 'resolved' || c.status === 'closed' || c.pause) return null;
  return c.acceptedAt === null ? c.respondBy : c.resolveBy;
}

/**
 * A complaint stored before its timeline was counted, with the whole timeline on it: the counts and
 * summaries read from that timeline, each entry numbered among the owner's.
 */
export function summarised(c: Omit<Complaint, 'timelineLength' | 'ownerEntries' | 'resolutionStartedAt' | 'firstResolvedAt'>): Complaint {
  let owner = 0;
  const timeline = c.timeline.map((e) => {
    const { ownerSeq: _ownerSeq, ...entry } = e;
    return STAFF_ONLY_EVENTS.has(e.type) ? entry : { ...entry, ownerSeq: ++owner };
  }) as TimelineEntry[];
  const starts = timeline.filter((e) => e.type === 'accepted' || e.type === 'reopened');
  const started = starts[starts.length - 1];
  return {
    ...c,
    timeline,
    timelineLength: timeline[timeline.length - 1]?.seq ?? 0,
    ownerEntries: owner,
    resolutionStartedAt: started?.at ?? null,
    firstResolvedAt: timeline.find((e) => e.type === 'resolved')?.at ?? null,
  };
}

/** Replay a timeline. */
export function replay(events: ComplaintEvent[]): Complaint | null {
  return events.reduce<Complaint | null>((s, e) => evolve(s, e), null);
}
