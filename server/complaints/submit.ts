// Intake (seed 000 §(一), seed 003 (2)(4)): an owner files from the mini-program, or staff record a
// complaint on an owner's behalf. Idempotent by request id: the complaint's id is derived from the
// caller and the request id, so a retried submit finds the complaint it already created, and its
// number is claimed for that id (server/complaints/sequences.ts), so tries arriving at once spend one number.
import crypto from 'crypto';
import type { Complainant, Complaint } from '../../domain/complaint';
import { decide, type Command } from '../../domain/lifecycle';
import { suggestUrgency } from '../../domain/routing';
import { firstResponseDue } from '../../domain/sla';
import type { Policy } from '../../domain/policy';
import { requestSchemas, type ActionRequest, type PreviewResponse, type SubmitResponse } from '../../typings/api';
import { loadCommunity, serviceDeskOf, type Community } from '../company/communities-store';
import { checkTexts, userTexts } from '../kernel/content';
import { applyEvents, complaints, type StoredComplaint } from './store';
import { requireOwnPhotos, requireOwnVoiceNote } from '../kernel/access';
import { ApiError } from '../kernel/errors';
import { requestMediaChecks, requestVoiceCheck, requireVoiceFile } from '../kernel/media';
import { requireCommunity, residenceOf, type Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import { dailyNumber } from './sequences';
import type { Deps } from '../kernel/ports';
import { DomainError } from '../../domain/errors';
import { nextStep } from './views';

/** At most this many complaints per owner in the window: enough for real trouble, not for spam. */
const RATE_LIMIT = { count: 5, windowMs: 10 * 60_000 };

/** Exported for the demo seed, which checks whether its fixed-requestId complaints already exist. */
export function complaintId(openid: string, requestId: string): string {
  return crypto.createHash('sha256').update(`${openid}:${requestId}`).digest('hex').slice(0, 32);
}

/** Complaint numbers per day: TS20261122-0007, claimed for the complaint's id. */
const numberFor = (deps: Deps, id: string, now: Date) => dailyNumber(deps, 'complaint', 'TS', id, now);

/** The initial response of seed 000 §(一): the number, the next step, the deadline and whom to contact. */
function response(c: Complaint, policy: Policy, community: Community | undefined): SubmitResponse {
  const desk = serviceDeskOf(policy, community);
  return {
    id: c.id,
    number: c.number,
    // A retried submit may find its complaint already moving: the reply then names its state, not a step.
    status: c.status,
    closure: c.closure && { reason: c.closure.reason },
    nextStep: nextStep(c),
    respondBy: c.respondBy.toISOString(),
    contact: desk.phone ? `${desk.name} ${desk.phone}` : desk.name,
    contactPhone: desk.phone || null,
  };
}

type IntakeRequest = ActionRequest<'complaint.submit'> | ActionRequest<'complaint.record'>;

/** What intake reads before it writes anything; nothing here writes. */
export interface IntakePrepared {
  existing: StoredComplaint | null;
  recent: number;
  policy: Policy;
  /** For the reply's contact: the community's own 客服中心 phone. */
  community: Community | undefined;
  /** The notices the intake showed that are this community's. */
  noticesShown: string[];
}

/**
 * The independent reads of intake, all at once: a retry's lookup, the rate limit, the policy, the
 * notices shown and the content check. They need only the caller's openid, so the dispatcher starts
 * them together with resolving the caller: a filing then costs three sequential round trips (these
 * with the caller, the number's claim, the insert).
 */
export async function prepareIntake(deps: Deps, openid: string, req: IntakeRequest): Promise<IntakePrepared> {
  const now = deps.now();
  const onBehalf = 'channel' in req;
  const _ = deps.db.command;
  const [existing, recent, policy, community, noticesShown] = await Promise.all([
    complaints.find(deps.db, complaintId(openid, req.requestId)),
    onBehalf
      ? 0
      : deps.db
          .collection('complaints')
          .where({ 'complainant.openid': openid, submittedAt: _.gt(new Date(now.getTime() - RATE_LIMIT.windowMs)) })
          .count()
          .then((r) => r.total ?? 0),
    currentPolicy(deps.db, now),
    loadCommunity(deps, req.communityId),
    knownNotices(deps, req.communityId, req.noticesShown),
    checkTexts(deps, openid, userTexts(requestSchemas[onBehalf ? 'complaint.record' : 'complaint.submit'], req)),
  ]);
  return { existing, recent, policy, community, noticesShown };
}

/**
 * The owner filing, for the room they chose (any of theirs; the only one if they hold one): the
 * relation says whether 业主, 家属 or 租户 filed it, and the owner who invited a family member or
 * tenant follows it in 我的投诉.
 */
function complainantOf(caller: Caller, req: ActionRequest<'complaint.submit'>): Complainant {
  const rooms = caller.member.rooms ?? [];
  if (req.roomId === undefined && rooms.length > 1) throw new DomainError('INTAKE.ROOM_REQUIRED', 'roomId required: the caller holds several rooms');
  const residence = req.roomId === undefined ? rooms[0] : residenceOf(caller, req.roomId);
  if (!residence || residence.communityId !== req.communityId) throw new DomainError('INTAKE.ROOM_OTHER_COMMUNITY', 'room not in this community');
  return {
    openid: caller.openid,
    name: caller.member.name,
    phone: residence.phone || caller.member.phone,
    roomId: residence.roomId,
    relation: residence.relation,
    followers: residence.invitedBy ? [residence.invitedBy] : [],
  };
}

/**
 * The notices the intake showed, as far as they are this community's notices (one read by id, only
 * when any were shown): the statistics count these filings, so an id made up is not recorded.
 */
async function knownNotices(deps: Deps, communityId: string, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { data } = await deps.db.collection('notices').where({ _id: deps.db.command.in(ids), communityId }).field({ _id: true }).limit(ids.length).get();
  const found = new Set((data as Array<{ _id: string }>).map((n) => n._id));
  return ids.filter((id) => found.has(id));
}

export async function submit(deps: Deps, caller: Caller, req: IntakeRequest, prepared?: IntakePrepared): Promise<SubmitResponse> {
  const now = deps.now();
  requireCommunity(caller, req.communityId);
  // Owners submit, reception records (server/kernel/authorization.ts): the request's shape says which.
  const onBehalf = 'channel' in req;
  requireOwnPhotos(caller.openid, req.photos);
  requireOwnVoiceNote(caller.openid, req.voiceNote);
  const id = complaintId(caller.openid, req.requestId);
  const { existing, recent, policy, community, noticesShown } = prepared ?? (await prepareIntake(deps, caller.openid, req));
  // The owner files for a room they hold now — a retry too: one who has left it is not answered with
  // the complaint they filed there (access follows who lives there now, domain/access.ts).
  const complainant = onBehalf ? null : complainantOf(caller, req as ActionRequest<'complaint.submit'>);
  // A retry writes nothing and spends no number (seed 000 §(六) 编号归档: no gaps that look like
  // deleted complaints): it answers with the complaint already filed.
  if (existing) return response(existing.state, policy, community);
  if (recent >= RATE_LIMIT.count) throw new ApiError('RATE_LIMITED');
  // Its size before a number is spent: a file too big for a minute's recording is refused, nothing written.
  await requireVoiceFile(deps, req.voiceNote?.file);
  const base = {
    id,
    communityId: req.communityId,
    location: req.location,
    description: req.description,
    desiredOutcome: req.desiredOutcome,
    photos: req.photos,
    ...(req.voiceNote ? { voiceNote: req.voiceNote } : {}),
    contactTime: req.contactTime,
    suggestedCategory: req.suggestedCategory,
    noticesShown,
    // Owners never set their own urgency: the text suggests it (a 紧急 alerts the duty manager at
    // once), staff recording on an owner's behalf may judge it themselves; triage decides.
    suggestedUrgency: ('suggestedUrgency' in req ? req.suggestedUrgency : null) ?? suggestUrgency(policy, `${req.description} ${req.desiredOutcome}`).urgency,
  };
  const command = (number: string): Command =>
    onBehalf
      ? { type: 'record', channel: req.channel, complainant: { name: req.complainant.name, phone: req.complainant.phone }, number, ...base }
      : { type: 'submit', complainant: complainant!, number, ...base };
  // Decide once before a number is spent, so an invalid intake consumes no number and writes nothing.
  decide(command(''), null, caller.actor, now, policy);
  // Tries of one request id at once all get the one number claimed for the id, and each builds the
  // same complaint and inserts it: the first insert files it, the others answer with what it filed.
  // None waits for another try's insert nor is told to retry: a try that claimed and then died leaves
  // nothing to wait for, and a client told to retry would only come back with the same request.
  const events = decide(command(await numberFor(deps, id, now)), null, caller.actor, now, policy);
  const { state: complaint, outbox } = applyEvents({ state: null, outbox: [] }, events, policy, now);
  if (!(await complaints.insert(deps.db, complaint, outbox, policy, now))) return response((await complaints.load(deps.db, id)).state, policy, community);
  await Promise.all([requestMediaChecks(deps, caller.openid, complaint.id, req.photos, 1), requestVoiceCheck(deps, caller.openid, complaint.id, req.voiceNote?.file ?? null, 1)]);
  return response(complaint, policy, community);
}

/**
 * The read-back before submitting: what the text suggests and when the first response is due — by the
 * urgency staff judged when they give one, as recording then sets the clock by it.
 */
export async function preview(deps: Deps, caller: Caller, req: ActionRequest<'complaint.preview'>): Promise<PreviewResponse> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  const { urgency, matched } = suggestUrgency(policy, `${req.description} ${req.desiredOutcome}`);
  return { suggestedUrgency: urgency, matchedKeywords: matched, respondBy: firstResponseDue(policy, { urgency: req.urgency ?? urgency, category: null }, now).toISOString() };
}
