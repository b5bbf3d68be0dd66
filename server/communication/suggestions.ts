// 意见和建议 (seed 002 §3 沟通内容 1)–10)): owners send them, staff answer within the policy's days
// (domain/suggestions.ts), and one that is really a complaint becomes one — filed in the owner's own
// words, linked both ways, with a patient explanation to the owner (seed 002 要求 (13)). An anonymous
// suggestion's author is hidden from staff below manager in every answer (seed 002 标准3 信息保密).
import crypto from 'crypto';
import { DomainError } from '../../domain/errors';
import { roomLabel } from '../../domain/households';
import { decide } from '../../domain/lifecycle';
import { TOPIC_LABELS, type Actor } from '../../domain/model';
import { openSuggestion, seesAuthor, suggestionProblem, type Suggestion } from '../../domain/suggestions';
import type { Policy } from '../../domain/policy';
import type { ActionRequest, SuggestionView } from '../../typings/api';
import { heldRoomIds, requireAccess, requireOwnPhotos } from '../kernel/access';
import { applyEvents, complaints } from '../complaints/store';
import { ApiError } from '../kernel/errors';
import { keysetPage } from '../kernel/keyset';
import { requestMediaChecks } from '../kernel/media';
import { requireCommunity, residenceOf, type Caller, type Member } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { dailyNumber } from '../complaints/sequences';
import { newOutboxEntries } from '../kernel/store';
import { replyIntent, suggestions } from './suggestions-store';
import { photoLinks } from '../complaints/views';

/** At most this many suggestions per owner in the window: enough to say a lot, not to flood. */
const RATE_LIMIT = { count: 5, windowMs: 10 * 60_000 };

/** What `caller` may read of a suggestion: the author only for the owner and the roles policy names. */
function viewOf(s: Suggestion, caller: Caller, policy: Policy): SuggestionView {
  const author = seesAuthor(policy, s, caller.member.role) ? { name: s.author.name, room: s.author.room } : null;
  return {
    id: s.id,
    number: s.number,
    topic: s.topic,
    topicLabel: TOPIC_LABELS[s.topic],
    text: s.text,
    photos: s.photos,
    anonymous: s.anonymous,
    author,
    status: s.status,
    submittedAt: s.submittedAt,
    replyDueBy: s.replyDueBy,
    reply: s.reply ? { text: s.reply.text, at: s.reply.at, by: s.reply.by.name } : null,
    converted: s.converted,
    fromVisit: s.fromVisit ?? null,
  };
}

function canSeeSuggestion(caller: Caller, s: Suggestion): void {
  requireAccess(caller, { communityId: s.communityId, readers: [s.author.openid], place: { roomId: s.author.roomId, communityId: s.communityId } }, 'SUGGESTION.NOT_YOURS');
}


export async function submitSuggestion(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.submit'>): Promise<{ id: string; number: string; replyDueBy: Date }> {
  const now = deps.now();
  const rooms = caller.member.rooms ?? [];
  if (req.roomId === undefined && rooms.length > 1) throw new DomainError('SUGGESTION.ROOM_REQUIRED', 'roomId required: the caller holds several rooms');
  const residence = req.roomId === undefined ? rooms[0] : residenceOf(caller, req.roomId);
  if (!residence) throw new ApiError('NOT_BOUND');
  requireOwnPhotos(caller.openid, req.photos);
  const id = crypto.createHash('sha256').update(`${caller.openid}:suggestion:${req.requestId}`).digest('hex').slice(0, 32);
  const _ = deps.db.command;
  const [existing, recent, policy, roomDocs] = await Promise.all([
    suggestions.find(deps.db, id),
    deps.db
      .collection('suggestions')
      .where({ reader: caller.openid, submittedAt: _.gt(new Date(now.getTime() - RATE_LIMIT.windowMs)) })
      .count()
      .then((r) => r.total ?? 0),
    currentPolicy(deps.db, now),
    deps.db.collection('rooms').doc(residence.roomId).get(),
  ]);
  if (existing) return { id, number: existing.state.number, replyDueBy: existing.state.replyDueBy };
  if (recent >= RATE_LIMIT.count) throw new ApiError('RATE_LIMITED');
  const suggestion = openSuggestion(
    {
      id,
      number: await dailyNumber(deps, 'suggestion', 'JY', id, now),
      communityId: residence.communityId,
      topic: req.topic,
      text: req.text,
      photos: req.photos,
      anonymous: req.anonymous,
      author: { openid: caller.openid, name: caller.member.name, roomId: residence.roomId, room: roomDocs.data[0] ? roomLabel(roomDocs.data[0] as { building: string; unit?: string; room: string }) : '' },
    },
    policy,
    now,
  );
  if (!(await suggestions.insert(deps.db, suggestion, [], policy, now))) {
    const { state } = await suggestions.load(deps.db, id);
    return { id, number: state.number, replyDueBy: state.replyDueBy };
  }
  await requestMediaChecks(deps, caller.openid, id, req.photos, 1, 'suggestions');
  return { id, number: suggestion.number, replyDueBy: suggestion.replyDueBy };
}

export async function mySuggestions(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.mine'>): Promise<{ items: SuggestionView[]; next: string | null }> {
  const policy = await currentPolicy(deps.db, deps.now());
  const { docs, next } = await keysetPage(deps, 'suggestions', { reader: caller.openid, 'author.roomId': deps.db.command.in(heldRoomIds(caller)) }, { field: 'submittedAt', direction: 'desc' }, req.cursor, req.limit);
  return { items: suggestions.fromDocs(docs).map((s) => viewOf(s.state, caller, policy)), next };
}

export async function listSuggestions(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.list'>): Promise<{ items: SuggestionView[]; next: string | null }> {
  requireCommunity(caller, req.communityId);
  const policy = await currentPolicy(deps.db, deps.now());
  const where: Record<string, unknown> = { communityId: req.communityId };
  if (req.status !== 'all') where.status = req.status;
  const { docs, next } = await keysetPage(deps, 'suggestions', where, { field: 'submittedAt', direction: 'desc' }, req.cursor, req.limit);
  return { items: suggestions.fromDocs(docs).map((s) => viewOf(s.state, caller, policy)), next };
}

export async function suggestionDetail(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.detail'>): Promise<SuggestionView & { photoUrls: Record<string, string> }> {
  const { state } = await suggestions.load(deps.db, req.id);
  canSeeSuggestion(caller, state);
  const policy = await currentPolicy(deps.db, deps.now());
  return { ...viewOf(state, caller, policy), photoUrls: await photoLinks(deps, state.photos) };
}

/** 答复: the owner reads it in the app and hears of it by message; a later reply replaces it (and is sent too). */
export async function replySuggestion(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.reply'>): Promise<SuggestionView> {
  const { after } = await suggestions.mutate(deps, req.id, (stored, now) => {
    canSeeSuggestion(caller, stored.state);
    const problem = suggestionProblem(stored.state, 'reply');
    if (problem) throw new DomainError(problem, `suggestion ${stored.state.id} is ${stored.state.status}`);
    const state: Suggestion = { ...stored.state, status: 'answered', reply: { text: req.text, at: now, by: { id: caller.openid, name: caller.member.name } } };
    return { state, outbox: [...stored.outbox, ...newOutboxEntries([replyIntent(state)], now)] };
  });
  return viewOf(after, caller, await currentPolicy(deps.db, deps.now()));
}

/**
 * 转为投诉: the owner's words become a complaint filed for their room (as if they had filed it, which
 * they did in substance), naming the suggestion; the suggestion names the complaint and tells the owner why.
 */
export async function convertSuggestion(deps: Deps, caller: Caller, req: ActionRequest<'suggestion.convert'>): Promise<{ complaintId: string; number: string }> {
  const { state: s } = await suggestions.load(deps.db, req.id);
  canSeeSuggestion(caller, s);
  if (s.converted) return { complaintId: s.converted.complaintId, number: s.converted.number };
  const problem = suggestionProblem(s, 'convert');
  if (problem) throw new DomainError(problem, `suggestion ${s.id} is ${s.status}`);
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  const { data } = await deps.db.collection('members').doc(s.author.openid).get();
  const author = data[0] as Member | undefined;
  const residence = author?.rooms?.find((r) => r.roomId === s.author.roomId);
  if (!author || !residence) throw new DomainError('SUGGESTION.AUTHOR_GONE', 'the author no longer holds the room');
  const id = crypto.createHash('sha256').update(`suggestion:${s.id}`).digest('hex').slice(0, 32);
  const owner: Actor = { role: 'owner', id: s.author.openid, name: s.author.name };
  const command = (number: string) =>
    ({
      type: 'submit',
      id,
      number,
      communityId: s.communityId,
      complainant: { openid: s.author.openid, name: author.name, phone: residence.phone || author.phone, roomId: residence.roomId, relation: residence.relation, followers: residence.invitedBy ? [residence.invitedBy] : [] },
      location: req.location,
      description: s.text,
      desiredOutcome: '',
      photos: s.photos,
      contactTime: '',
      suggestedUrgency: 'normal',
      suggestedCategory: req.category,
      fromSuggestion: s.id,
    }) as const;
  // Decided once before a number is spent: an unknown category writes nothing.
  decide(command(''), null, owner, now, policy);
  let number: string;
  const existing = await complaints.find(deps.db, id);
  if (existing) number = existing.state.number;
  else {
    // Claimed for the complaint's id: a convert at the same moment gets the same number, so the
    // suggestion names the complaint's number whichever insert files it.
    const events = decide(command(await dailyNumber(deps, 'complaint', 'TS', id, now)), null, owner, now, policy);
    const { state, outbox } = applyEvents({ state: null, outbox: [] }, events, policy, now);
    await complaints.insert(deps.db, state, outbox, policy, now);
    number = state.number;
  }
  await suggestions.mutate(deps, s.id, (stored, at) => {
    if (stored.state.converted) return null;
    const state: Suggestion = { ...stored.state, status: 'converted', converted: { complaintId: id, number, explanation: req.explanation, at } };
    return { state, outbox: [...stored.outbox, ...newOutboxEntries([replyIntent(state)], at)] };
  });
  return { complaintId: id, number };
}
