// Collections, indexes and security rules, declared once. CloudBase Local creates and enforces them
// (strict mode refuses any query no index here covers); the deploy script applies them to a real
// environment. Security rules guard mini-program access only: cloud functions bypass them, so every
// collection is closed to clients and all access goes through the `api` function.

// The shape of a declaration is CloudBase Local's (it creates and enforces what is declared here);
// the deploy script reads the same shape.
import type { CollectionSpec } from '@wuye/cloudbase-local';

export type { CollectionSpec, IndexDirection, IndexSpec } from '@wuye/cloudbase-local';

const closed = { read: false, write: false } as const;

export const collections: CollectionSpec[] = [
  {
    name: 'complaints',
    rules: closed,
    indexes: [
      // An owner's filings in the last minutes (the intake rate limit).
      { name: 'owner_submitted', keys: [['complainant.openid', 1], ['submittedAt', -1]] },
      // 我的投诉, newest first: the filer's and their family's or tenants' (`readers`, multikey) of the
      // rooms the owner holds now (server/kernel/access.ts), paged on (submittedAt, _id).
      { name: 'reader_room_submitted_id', keys: [['readers', 1], ['complainant.roomId', 1], ['submittedAt', -1], ['_id', -1]] },
      { name: 'reader_room_status_submitted_id', keys: [['readers', 1], ['complainant.roomId', 1], ['status', 1], ['submittedAt', -1], ['_id', -1]] },
      // Staff inboxes, scoped to a community; each ends with `_id` so a keyset page continues on (key, _id)
      // (server/kernel/keyset.ts) and items sharing a time at a page boundary are neither skipped nor repeated.
      { name: 'community_status_submitted_id', keys: [['communityId', 1], ['status', 1], ['submittedAt', -1], ['_id', -1]] },
      { name: 'handler_status_submitted_id', keys: [['handlerId', 1], ['status', 1], ['submittedAt', -1], ['_id', -1]] },
      // Due soon / overdue: the deadline that currently runs (response before acceptance, then resolution).
      { name: 'community_due_id', keys: [['communityId', 1], ['dueAt', 1], ['_id', 1]] },
      // 待受理, the response deadline soonest first: overdue, then what the intake judged urgent (15 minutes).
      { name: 'community_status_due_id', keys: [['communityId', 1], ['status', 1], ['dueAt', 1], ['_id', 1]] },
      { name: 'community_status_callback_id', keys: [['communityId', 1], ['status', 1], ['callbackRequested', 1], ['submittedAt', -1], ['_id', -1]] },
      // 待答复: resolved complaints taken by phone, visit or letter, not yet answered that way.
      { name: 'community_status_reply_id', keys: [['communityId', 1], ['status', 1], ['awaitingReply', 1], ['submittedAt', -1], ['_id', -1]] },
      // A complainant binding a room later finds the complaints recorded for their phone.
      { name: 'community_complainant_phone', keys: [['communityId', 1], ['complainant.phone', 1]] },
      { name: 'community_department_status_id', keys: [['communityId', 1], ['department', 1], ['status', 1], ['submittedAt', -1], ['_id', -1]] },
      // The scheduler's sweep: only complaints with something due, paged on (nextTimerAt, _id) so a run
      // that takes several pages never reads a complaint it already handled (or lost a race for) again.
      { name: 'next_timer_id', keys: [['nextTimerAt', 1], ['_id', 1]] },
      // The outbox drain: only complaints with notifications waiting, paged the same way.
      { name: 'outbox_due_id', keys: [['outboxDueAt', 1], ['_id', 1]] },
      // Monthly statistics per community.
      // … paged on (submittedAt, _id), so complaints sharing a submission time are neither skipped nor counted twice.
      { name: 'community_submitted', keys: [['communityId', 1], ['submittedAt', 1], ['_id', 1]] },
      { name: 'number', keys: [['number', 1]], unique: true },
      // Statistics (server/statistics/days.ts): every state write sets `factsDueAt` (server/kernel/store.ts);
      // the scheduler's fold sweeps the marked complaints into their days, paged on (factsDueAt, _id)
      // like the timers and the outbox, and clears the marker; statistics lay a community's marked
      // complaints over its days, read as the range of dates (a cleared marker is null, outside it).
      { name: 'facts_due_id', keys: [['factsDueAt', 1], ['_id', 1]] },
      { name: 'community_facts_due', keys: [['communityId', 1], ['factsDueAt', 1]] },
      // Filed while a matching notice was shown (server/statistics/communication.ts counts them per month).
      { name: 'community_notice_shown_submitted', keys: [['communityId', 1], ['noticeShown', 1], ['submittedAt', 1]] },
    ],
  },
  // A complaint's timeline entries older than the latest few its document keeps, one document per
  // entry (server/complaints/timeline.ts), read a page at a time on the entry's number.
  {
    name: 'complaint_timeline',
    rules: closed,
    indexes: [
      // 查看更早的记录 for staff: the entries before one, latest first (seq is unique within a complaint).
      { name: 'complaint_seq', keys: [['complaintId', 1], ['seq', -1]], unique: true },
      // … and for the owner, only the entries an owner reads (never the internal chasing).
      { name: 'complaint_owner_seq', keys: [['complaintId', 1], ['ownerVisible', 1], ['seq', -1]] },
      // 补充信息: is this photo (multikey) already on the complaint?
      { name: 'complaint_photos', keys: [['complaintId', 1], ['photos', 1]] },
      // The retention rule's erasure takes the owner's name off their older entries.
      { name: 'complaint_actor_role', keys: [['complaintId', 1], ['by.role', 1]] },
    ],
  },
  // 信息公告 / 通知单 (server/communication/notices-store.ts): found by area (multikey: `<community>/<building>` or
  // `<community>/*`) and end time, so ended notices fall outside every read's range.
  {
    name: 'notices',
    rules: closed,
    indexes: [
      // An owner's current notices, soonest ending first, paged on (validTo, _id).
      { name: 'area_valid_to_id', keys: [['area', 1], ['validTo', 1], ['_id', 1]] },
      // The intake's question: not yet ended, for the place, of the kinds that explain the category.
      { name: 'area_kind_valid_to', keys: [['area', 1], ['kind', 1], ['validTo', 1]] },
      // Staff's list of a community's current notices.
      { name: 'community_valid_to_id', keys: [['communityId', 1], ['validTo', 1], ['_id', 1]] },
      // Notices published in a month (statistics).
      { name: 'community_published', keys: [['communityId', 1], ['publishedAt', 1]] },
      { name: 'next_timer_id', keys: [['nextTimerAt', 1], ['_id', 1]] },
      { name: 'outbox_due_id', keys: [['outboxDueAt', 1], ['_id', 1]] },
    ],
  },
  // 「是这个问题，不用投诉了」 (server/communication/notices.ts deflectComplaint): one per answer, id from the
  // caller and the request. Counted per notice (multikey `noticeIds`) and per community-month, and read
  // for a room's earlier answers about the same notices (a household counts once per notice).
  {
    name: 'notice_deflections',
    rules: closed,
    indexes: [
      { name: 'notice_room', keys: [['noticeIds', 1], ['roomId', 1]] },
      { name: 'community_at', keys: [['communityId', 1], ['at', 1]] },
    ],
  },
  // 意见和建议 (server/communication/suggestions-store.ts).
  {
    name: 'suggestions',
    rules: closed,
    indexes: [
      // The submit rate limit: the author's suggestions of the last minutes.
      { name: 'reader_submitted_id', keys: [['reader', 1], ['submittedAt', -1], ['_id', -1]] },
      // 我的意见建议, newest first, of the rooms the author holds now (server/kernel/access.ts).
      { name: 'reader_room_submitted_id', keys: [['reader', 1], ['author.roomId', 1], ['submittedAt', -1], ['_id', -1]] },
      // Staff inbox by status, and all of a community's.
      { name: 'community_status_submitted_id', keys: [['communityId', 1], ['status', 1], ['submittedAt', -1], ['_id', -1]] },
      // … and the month's suggestions by topic (statistics).
      { name: 'community_submitted_id', keys: [['communityId', 1], ['submittedAt', -1], ['_id', -1]] },
      // The reply reminder, and the owner's reply message.
      { name: 'next_timer_id', keys: [['nextTimerAt', 1], ['_id', 1]] },
      { name: 'outbox_due_id', keys: [['outboxDueAt', 1], ['_id', 1]] },
    ],
  },
  // Everyone who uses the mini-program, keyed by openid: owners bound to a room and staff bound by
  // invitation. One collection so resolving the caller is one read.
  {
    name: 'members',
    rules: closed,
    indexes: [
      { name: 'community_role_department', keys: [['communityIds', 1], ['role', 1], ['department', 1]] },
      // A community's owners a page at a time: a notice's whole-community audience (server/communication/notices-store.ts), a
      // survey's invitation (server/communication/survey-invitations.ts).
      { name: 'community_role_id', keys: [['communityIds', 1], ['role', 1], ['_id', 1]] },
      // Everyone holding a room (owners, family, tenants): multikey over an owner's rooms.
      { name: 'rooms', keys: [['roomIds', 1]] },
      // The last administrator is never demoted or deactivated.
      { name: 'role_active', keys: [['role', 1], ['active', 1]] },
    ],
  },
  { name: 'communities', rules: closed, small: true, indexes: [] },
  { name: 'buildings', rules: closed, indexes: [{ name: 'community', keys: [['communityId', 1], ['name', 1]] }] },
  {
    name: 'rooms',
    rules: closed,
    indexes: [
      { name: 'community_building', keys: [['communityId', 1], ['building', 1], ['room', 1]] },
      // A notice's buildings, a page of rooms at a time (server/communication/notices-store.ts).
      { name: 'community_building_id', keys: [['communityId', 1], ['building', 1], ['_id', 1]] },
      // The whole roll of a community, paged by id (template and import).
      { name: 'community_id', keys: [['communityId', 1], ['_id', 1]] },
    ],
  },
  { name: 'invitations', rules: closed, indexes: [{ name: 'code', keys: [['code', 1]], unique: true }] },
  // An owner's invitations of family and tenants to a room.
  { name: 'household_invitations', rules: closed, indexes: [{ name: 'code', keys: [['code', 1]], unique: true }] },
  // 住户名册导入: an import's plan, and its batches applied in order (resumable).
  { name: 'imports', rules: closed, indexes: [] },
  // 月度报表 built in steps the page calls one after another (server/statistics/report.ts): read by id only.
  { name: 'report_jobs', rules: closed, indexes: [] },
  { name: 'import_batches', rules: closed, indexes: [{ name: 'import_done_seq', keys: [['importId', 1], ['done', 1], ['seq', 1]] }] },
  {
    name: 'duty_roster',
    rules: closed,
    indexes: [
      { name: 'community_role_to', keys: [['communityId', 1], ['role', 1], ['to', 1]] },
      // Shifts about to start, for the scheduler's check that their person can be reached (issue 27.4).
      { name: 'from_id', keys: [['from', 1], ['_id', 1]] },
    ],
  },
  { name: 'policies', rules: closed, small: true, indexes: [] },
  { name: 'credits', rules: closed, indexes: [{ name: 'openid_template', keys: [['openid', 1], ['templateId', 1]], unique: true }] },
  // owner.bind attempts: failures per account and per room lock guessing (issue: phone guessing).
  {
    name: 'bind_attempts',
    rules: closed,
    indexes: [
      { name: 'openid_ok_at', keys: [['openid', 1], ['ok', 1], ['at', -1]] },
      { name: 'room_ok_at', keys: [['roomId', 1], ['ok', 1], ['at', -1]] },
    ],
  },
  // Image checks of complaint photos: found by the verdict's trace id, and unsent ones by the scheduler.
  {
    name: 'media_checks',
    rules: closed,
    indexes: [
      { name: 'trace', keys: [['traceId', 1]] },
      // A complaint's checks, for support and audits.
      { name: 'complaint', keys: [['complaintId', 1]] },
      { name: 'status_next', keys: [['status', 1], ['nextAttemptAt', 1]] },
    ],
  },
  { name: 'access_log', rules: closed, indexes: [{ name: 'complaint_at', keys: [['complaintId', 1], ['at', -1]] }] },
  { name: 'sequences', rules: closed, small: true, indexes: [] },
  // Statistics facts, one per community-day (server/statistics/days.ts): read and written by id, and the
  // days a fold marked dirty found by the scheduler's statistics step.
  { name: 'stat_days', rules: closed, indexes: [{ name: 'dirty_community', keys: [['dirty', 1], ['communityId', 1]] }] },
  // Company dashboard totals, one per community-month (server/statistics/totals.ts): read by id, and the
  // current month's found by age so their time-dependent rates are recomputed.
  { name: 'stat_totals', rules: closed, indexes: [{ name: 'month_computed', keys: [['month', 1], ['computedAt', 1]] }] },
  // Dashboard rows 集团看板 could not compute in its call, one per community-month, for the scheduler's
  // next run (server/statistics/totals.ts), oldest first.
  { name: 'stat_requests', rules: closed, indexes: [{ name: 'at', keys: [['at', 1]] }] },
  // 业户走访 (server/communication/visits-store.ts): a room's counted visit of a month has an id derived from (community,
  // month, room); counts and the by-staff figures of a community-month; the month's list, latest first;
  {
    name: 'visits',
    rules: closed,
    indexes: [
      { name: 'community_month_counted_staff', keys: [['communityId', 1], ['month', 1], ['counted', 1], ['staffId', 1]] },
      { name: 'community_month_recorded_id', keys: [['communityId', 1], ['month', 1], ['recordedAt', -1], ['_id', -1]] },
    ],
  },
  // A complaint an opinion of a visit became (id = complaint id): the visit it came from.
  { name: 'visit_links', rules: closed, indexes: [] },
  // Each room's latest visit (id = room id): the households not visited for the longest time.
  { name: 'room_visits', rules: closed, indexes: [{ name: 'community_last_id', keys: [['communityId', 1], ['lastVisitedAt', 1], ['_id', 1]] }] },
  // 满意度调查 (server/communication/surveys.ts): a community's surveys, latest first (and the one before a
  // survey, to compare); the ones still open for owners; the published ones.
  {
    name: 'surveys',
    rules: closed,
    indexes: [
      { name: 'community_created_id', keys: [['communityId', 1], ['createdAt', -1], ['_id', -1]] },
      { name: 'community_closes_id', keys: [['communityId', 1], ['closesAt', 1], ['_id', 1]] },
      { name: 'community_published_id', keys: [['communityId', 1], ['publishedAt', -1], ['_id', -1]] },
    ],
  },
  // A survey's invitation (server/communication/survey-invitations.ts, id = the survey's id): a versioned document
  // whose outbox holds the message to the community's owners, due when the survey opens.
  {
    name: 'survey_invitations',
    rules: closed,
    indexes: [
      { name: 'next_timer_id', keys: [['nextTimerAt', 1], ['_id', 1]] },
      { name: 'outbox_due_id', keys: [['outboxDueAt', 1], ['_id', 1]] },
    ],
  },
  // One marker per household that answered a survey (id from survey and room): a second answer is a duplicate.
  { name: 'survey_households', rules: closed, indexes: [] },
  // The answers, read a page at a time for the results; an anonymous one holds no room, person or time.
  { name: 'survey_answers', rules: closed, indexes: [{ name: 'survey_id', keys: [['surveyId', 1], ['_id', 1]] }] },
  // 业户沟通总结 (server/communication/summaries-store.ts), one per community-month (id `<communityId>_<YYYYMM>`): a versioned
  // document the scheduler sweeps — drafted at the month's end, its notification in the outbox.
  {
    name: 'communication_summaries',
    rules: closed,
    indexes: [
      { name: 'next_timer_id', keys: [['nextTimerAt', 1], ['_id', 1]] },
      { name: 'outbox_due_id', keys: [['outboxDueAt', 1], ['_id', 1]] },
    ],
  },
  // The scheduler's last run (one document): the preflight and the dashboard show it.
  { name: 'heartbeats', rules: closed, small: true, indexes: [] },
];
