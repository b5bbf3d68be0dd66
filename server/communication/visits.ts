// 业户走访 (seed 002 §6 业户访问日常意见征询): staff record a visit of a room with the owner's opinions on
// the topics of seed 002 §3; a room counts once a month (server/communication/visits-store.ts); the manager sees the month
// against the target, by staff member, and the households not visited for the longest time.
import crypto from 'crypto';
import { openSuggestion } from '../../domain/suggestions';
import { visitTarget } from '../../domain/statistics';
import { monthKey } from '../../domain/calendar';
import { decideVisit, type VisitCommand, type VisitedEvent } from '../../domain/visits';
import type { ActionRequest, ActionResponses, VisitEntry } from '../../typings/api';
import { loadCommunity } from '../company/communities-store';
import { idPage, keysetPage } from '../kernel/keyset';
import { requireCommunity, type Caller, type Member } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { peopleOf } from '../kernel/residences';
import { dailyNumber } from '../complaints/sequences';
import { suggestions } from './suggestions-store';
import { roomLabel } from '../../domain/households';
import { countedVisitDocId, extraVisitDocId, visitsByStaff, type VisitDoc } from './visits-store';
import { DomainError } from '../../domain/errors';

/** Households shown as the next to visit. */
const NEXT = 10;
/**
 * Rooms read per page while looking for never-visited ones, at most NEXT_PAGES pages (10,000 rooms):
 * most months most rooms are unvisited and the first page finds ten; a small page keeps that read small.
 */
const ROOM_PAGE = 200;
const NEXT_PAGES = 50;

const isDuplicate = (e: unknown) => (e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE';

async function countedIn(deps: Deps, communityId: string, month: string): Promise<number> {
  const r = await deps.db.collection('visits').where({ communityId, month, counted: true }).count();
  return r.total ?? 0;
}

export async function recordVisit(deps: Deps, caller: Caller, req: ActionRequest<'visit.record'>): Promise<ActionResponses['visit.record']> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const command: VisitCommand = { type: 'record', communityId: req.communityId, roomId: req.roomId, visitedOn: req.visitedOn, way: req.way, opinions: req.opinions, followUps: req.followUps, staffId: caller.actor.id, staffName: caller.member.name };
  const [{ data }, community, policy] = await Promise.all([deps.db.collection('rooms').doc(req.roomId).get(), loadCommunity(deps, req.communityId), currentPolicy(deps.db, now)]);
  const room = data[0] as { communityId: string; building: string; unit?: string; room: string } | undefined;
  const [{ type: _visited, ...visit }] = decideVisit(command, { room: room ? { communityId: room.communityId, label: roomLabel(room) } : null }, policy, now) as [VisitedEvent];
  const { month, visitedAt } = visit;
  const visits = deps.db.collection('visits');
  let id = countedVisitDocId(req.communityId, month, req.roomId);
  let counted = true;
  try {
    await visits.add({ _id: id, ...visit, counted: true });
  } catch (e) {
    if (!isDuplicate(e)) throw e;
    // Visited already this month (seed 002 §6 不能重复访问): kept on record, not counted again.
    id = extraVisitDocId();
    counted = false;
    await visits.add({ _id: id, ...visit, counted: false });
  }
  // The room's latest visit, only ever moved forward (a late entry of an earlier day leaves it).
  const _ = deps.db.command;
  const last = deps.db.collection('room_visits');
  const moved = await last.where({ _id: req.roomId, lastVisitedAt: _.lt(visitedAt) }).update({ lastVisitedAt: visitedAt, lastVisitedOn: req.visitedOn });
  if (!moved.updated) {
    await last.add({ _id: req.roomId, communityId: req.communityId, lastVisitedAt: visitedAt, lastVisitedOn: req.visitedOn }).catch((e: unknown) => {
      if (!isDuplicate(e)) throw e;
    });
  }
  return { id, counted, month, done: await countedIn(deps, req.communityId, month), target: visitTarget(policy, community?.households ?? 0) };
}

/** An opinion turned into a complaint: the opinion names the complaint, and `visit_links` (by complaint id) the visit. */
export async function linkVisit(deps: Deps, caller: Caller, req: ActionRequest<'visit.link'>): Promise<{ linked: boolean }> {
  const [{ data: v }, { data: c }] = await Promise.all([
    deps.db.collection('visits').doc(req.visitId).get(),
    deps.db.collection('complaints').doc(req.complaintId).field({ communityId: true, number: true }).get(),
  ]);
  const visit = v[0] as VisitDoc | undefined;
  const complaint = c[0] as { communityId: string; number: string } | undefined;
  if (!visit) throw new DomainError('VISITS.NOT_FOUND', `visit ${req.visitId}`);
  requireCommunity(caller, visit.communityId);
  if (!complaint || complaint.communityId !== visit.communityId) throw new DomainError('LIFECYCLE.NOT_FOUND', `complaint ${req.complaintId}`);
  const index = visit.opinions.findIndex((o) => o.topic === req.topic);
  if (index < 0) throw new DomainError('VISITS.NO_OPINION', `no opinion on ${req.topic}`);
  const opinion = visit.opinions[index]!;
  if (opinion.complaintId === req.complaintId) return { linked: true };
  if (opinion.complaintId) throw new DomainError('VISITS.OPINION_COMPLAINED', 'opinion already linked');
  if (opinion.suggestionId) throw new DomainError('VISITS.OPINION_SUGGESTED', 'opinion already a suggestion');
  const res = await deps.db
    .collection('visits')
    .where({ _id: req.visitId, [`opinions.${index}.complaintId`]: null })
    .update({ [`opinions.${index}.complaintId`]: req.complaintId, [`opinions.${index}.complaintNumber`]: complaint.number });
  if (res.updated !== 1) throw new DomainError('VISITS.OPINION_COMPLAINED', 'opinion linked meanwhile');
  // The complaint's side, by its id: the visit and opinion it came from.
  await deps.db.collection('visit_links').doc(req.complaintId).set({ visitId: req.visitId, topic: req.topic, communityId: visit.communityId, roomId: visit.roomId, visitedOn: visit.visitedOn });
  return { linked: true };
}

/** The registered owner (not family or tenant) who bound the room first: the suggestion is theirs. */
async function registeredOwnerOf(deps: Deps, roomId: string): Promise<Member | null> {
  const owners = (await peopleOf(deps, [roomId]))
    .filter((m) => m.active && m.kind === 'owner')
    .flatMap((m) => (m.rooms ?? []).filter((r) => r.roomId === roomId && r.relation === 'owner').map((r) => ({ m, since: new Date(r.since).getTime() })))
    .sort((a, b) => a.since - b.since || (a.m._id < b.m._id ? -1 : 1));
  return owners[0]?.m ?? null;
}

/**
 * 转为意见建议: the opinion becomes a suggestion of the room's registered owner, on its topic and in its
 * words, answered by the office as any other (the owner reads it and the reply in 我的意见建议). Its id
 * follows from (visit, topic), so a retry or a second tap finds the same suggestion. Everything is
 * checked before the first write.
 */
export async function suggestFromVisit(deps: Deps, caller: Caller, req: ActionRequest<'visit.suggest'>): Promise<ActionResponses['visit.suggest']> {
  const { data } = await deps.db.collection('visits').doc(req.visitId).get();
  const visit = data[0] as VisitDoc | undefined;
  if (!visit) throw new DomainError('VISITS.NOT_FOUND', `visit ${req.visitId}`);
  requireCommunity(caller, visit.communityId);
  const index = visit.opinions.findIndex((o) => o.topic === req.topic);
  if (index < 0) throw new DomainError('VISITS.NO_OPINION', `no opinion on ${req.topic}`);
  const opinion = visit.opinions[index]!;
  if (opinion.suggestionId && opinion.suggestionNumber) return { suggestionId: opinion.suggestionId, number: opinion.suggestionNumber };
  if (opinion.complaintId) throw new DomainError('VISITS.OPINION_COMPLAINED', 'opinion already a complaint');
  const id = crypto.createHash('sha256').update(`visit:${visit._id}:${req.topic}`).digest('hex').slice(0, 32);
  const existing = await suggestions.find(deps.db, id);
  let stored = existing?.state.number;
  if (!stored) {
    const owner = await registeredOwnerOf(deps, visit.roomId);
    if (!owner) throw new DomainError('VISITS.NO_OWNER', `room ${visit.roomId} has no registered owner`);
    const now = deps.now();
    const policy = await currentPolicy(deps.db, now);
    const number = await dailyNumber(deps, 'suggestion', 'JY', id, now);
    const author = { openid: owner._id, name: owner.name, roomId: visit.roomId, room: visit.room };
    const fromVisit = { visitId: visit._id, visitedOn: visit.visitedOn, staffName: visit.staffName };
    const suggestion = openSuggestion({ id, number, communityId: visit.communityId, topic: req.topic, text: opinion.text, photos: [], anonymous: false, author, fromVisit }, policy, now);
    stored = (await suggestions.insert(deps.db, suggestion, [], policy, now)) ? number : (await suggestions.load(deps.db, id)).state.number;
  }
  // The visit's side: the opinion names the suggestion (unless it became a complaint meanwhile).
  const res = await deps.db
    .collection('visits')
    .where({ _id: visit._id, [`opinions.${index}.complaintId`]: null })
    .update({ [`opinions.${index}.suggestionId`]: id, [`opinions.${index}.suggestionNumber`]: stored });
  if (res.updated !== 1) {
    const { data: again } = await deps.db.collection('visits').doc(visit._id).get();
    const current = (again[0] as VisitDoc | undefined)?.opinions[index];
    if (current?.suggestionId !== id) throw new DomainError('VISITS.OPINION_COMPLAINED', 'opinion became a complaint meanwhile');
  }
  return { suggestionId: id, number: stored };
}

/**
 * The households to visit next: never visited first (rooms walked by id, each page checked against
 * room_visits), then the longest since their last visit (index community_last_id). Bounded: at most
 * NEXT_PAGES pages of rooms.
 */
async function nextToVisit(deps: Deps, communityId: string): Promise<ActionResponses['visit.month']['next']> {
  const _ = deps.db.command;
  const next: ActionResponses['visit.month']['next'] = [];
  let after: string | null = null;
  for (let page = 0; page < NEXT_PAGES && next.length < NEXT; page++) {
    const read: { docs: unknown[]; next: string | null } = await idPage(deps, 'rooms', { communityId }, after, ROOM_PAGE, { _id: true, building: true, unit: true, room: true });
    const rooms = read.docs as Array<{ _id: string; building: string; unit?: string; room: string }>;
    if (rooms.length === 0) break;
    const { data: seen } = await deps.db
      .collection('room_visits')
      .where({ _id: _.in(rooms.map((r) => r._id)) })
      .field({ _id: true })
      .limit(rooms.length)
      .get();
    const visited = new Set((seen as Array<{ _id: string }>).map((s) => s._id));
    for (const r of rooms) if (!visited.has(r._id) && next.length < NEXT) next.push({ roomId: r._id, room: roomLabel(r), lastVisitedOn: null });
    if (read.next === null) break;
    after = read.next;
  }
  if (next.length < NEXT) {
    const { data } = await deps.db.collection('room_visits').where({ communityId }).orderBy('lastVisitedAt', 'asc').orderBy('_id', 'asc').limit(NEXT - next.length).get();
    const oldest = data as Array<{ _id: string; lastVisitedOn: string }>;
    const { data: named } = oldest.length
      ? await deps.db
          .collection('rooms')
          .where({ _id: _.in(oldest.map((o) => o._id)) })
          .field({ building: true, unit: true, room: true })
          .limit(oldest.length)
          .get()
      : { data: [] };
    const label = new Map((named as Array<{ _id: string; building: string; unit?: string; room: string }>).map((r) => [r._id, roomLabel(r)]));
    for (const o of oldest) if (label.has(o._id)) next.push({ roomId: o._id, room: label.get(o._id)!, lastVisitedOn: o.lastVisitedOn });
  }
  return next;
}

export async function visitMonth(deps: Deps, caller: Caller, req: ActionRequest<'visit.month'>): Promise<ActionResponses['visit.month']> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const month = monthKey(req.year, req.month);
  const [community, policy, byStaff, next] = await Promise.all([loadCommunity(deps, req.communityId), currentPolicy(deps.db, now), visitsByStaff(deps.db, req.communityId, month), nextToVisit(deps, req.communityId)]);
  const households = community?.households ?? 0;
  const target = visitTarget(policy, households);
  const done = byStaff.reduce((n, s) => n + s.visits, 0);
  return { month, households, target, done, met: done >= target, byStaff, next };
}

export async function listVisits(deps: Deps, caller: Caller, req: ActionRequest<'visit.list'>): Promise<ActionResponses['visit.list']> {
  requireCommunity(caller, req.communityId);
  const month = monthKey(req.year, req.month);
  const { docs, next } = await keysetPage(deps, 'visits', { communityId: req.communityId, month }, { field: 'recordedAt', direction: 'desc' }, req.cursor, req.limit);
  const items: VisitEntry[] = (docs as unknown as VisitDoc[]).map((v) => ({
    id: v._id,
    roomId: v.roomId,
    room: v.room,
    visitedOn: v.visitedOn,
    way: v.way,
    staffName: v.staffName,
    counted: v.counted,
    opinions: v.opinions.map((o) => ({ topic: o.topic, text: o.text, complaintId: o.complaintId, complaintNumber: o.complaintNumber, suggestionId: o.suggestionId ?? null, suggestionNumber: o.suggestionNumber ?? null })),
    followUps: v.followUps,
  }));
  return { items, next };
}
