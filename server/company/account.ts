// The caller's own account: binding to a room, and the ledger of subscription credits (no WeChat
// API reports remaining one-time credits, so the ledger is kept from the mini-program's results).
import { localDateTime } from '../../domain/calendar';
import type { ActionRequest, MeResponse } from '../../typings/api';
import { actionsFor } from '../kernel/authorization';
import { serviceDeskOf, type Community } from './communities-store';
import { complaints, updateComplaint } from '../complaints/store';
import { ApiError } from '../kernel/errors';
import type { Caller, Member, Residence } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { endHolds, holdRoom, peopleOf } from '../kernel/residences';
import { templateIds } from '../kernel/templates';
import { DomainError } from '../../domain/errors';

interface Room {
  _id: string;
  communityId: string;
  building: string;
  unit?: string;
  room: string;
  /** Phone numbers the property registered for this room's owners (the office's roll). */
  residentPhones: string[];
}

/**
 * Failed bindings allowed per WeChat account and per room in the window: enough for a typo or two,
 * too few to guess a neighbour's registered phone (an open issue found 30 guesses answered freely).
 */
const BIND_FAILURES = { count: 5, windowMs: 3_600_000 };

/** When `openid` or `roomId` may try again; null when neither is locked. */
async function bindLockedUntil(deps: Deps, openid: string, roomId: string, now: Date): Promise<Date | null> {
  const _ = deps.db.command;
  const since = new Date(now.getTime() - BIND_FAILURES.windowMs);
  const recent = (key: 'openid' | 'roomId', value: string) =>
    deps.db.collection('bind_attempts').where({ [key]: value, ok: false, at: _.gt(since) }).orderBy('at', 'desc').limit(BIND_FAILURES.count).get();
  const locks = (await Promise.all([recent('openid', openid), recent('roomId', roomId)])).map(({ data }) =>
    // Locked until the oldest of the last `count` failures leaves the window.
    data.length >= BIND_FAILURES.count ? new Date((data[BIND_FAILURES.count - 1] as { at: Date }).at.getTime() + BIND_FAILURES.windowMs) : null,
  );
  const until = locks.filter((d): d is Date => d !== null);
  return until.length ? new Date(Math.max(...until.map((d) => d.getTime()))) : null;
}

export async function bindRoom(deps: Deps, openid: string, req: ActionRequest<'owner.bind'>): Promise<{ roomId: string; communityId: string }> {
  if (!openid) throw new ApiError('NOT_SIGNED_IN');
  const now = deps.now();
  const [{ data: rooms }, { data: members }, lockedUntil] = await Promise.all([
    deps.db.collection('rooms').doc(req.roomId).get(),
    deps.db.collection('members').doc(openid).get(),
    bindLockedUntil(deps, openid, req.roomId, now),
  ]);
  const room = rooms[0] as Room | undefined;
  const member = members[0] as Member | undefined;
  if (member?.kind === 'staff') throw new ApiError('FORBIDDEN', 'staff accounts do not bind to rooms');
  if (lockedUntil) throw new DomainError('BINDING.LOCKED', `binding locked until ${lockedUntil.toISOString()}`, { time: localDateTime(lockedUntil).slice(11) });
  const attempt = (ok: boolean) => deps.db.collection('bind_attempts').add({ openid, roomId: req.roomId, ok, at: now });
  if (!room || room.communityId !== req.communityId) {
    await attempt(false);
    throw new DomainError('BINDING.NO_ROOM', 'no such room');
  }
  if (!room.residentPhones.includes(req.phone)) {
    await attempt(false);
    throw new ApiError('PHONE_NOT_REGISTERED', 'phone not registered for this room');
  }
  // One account may hold several rooms: binding another adds it (an owner with two flats).
  const residence = { roomId: req.roomId, communityId: req.communityId, relation: 'owner' as const, phone: req.phone, invitedBy: null, since: now };
  await Promise.all([holdRoom(deps, openid, member, { name: req.name, phone: req.phone }, residence), attempt(true)]);
  await linkRecordedComplaints(deps, openid, residence);
  return { roomId: req.roomId, communityId: req.communityId };
}

/** More than one person ever phones in; a bound on one binding's work. */
const LINKED_AT_MOST = 100;

/**
 * Complaints 客服 recorded for this registered phone (a call, a visit, a letter) become the owner's
 * own once they bind with it: they follow and rate them in 我的投诉 (seed 003 (8)).
 */
async function linkRecordedComplaints(deps: Deps, openid: string, residence: Residence): Promise<void> {
  const { data } = await deps.db.collection('complaints').where({ communityId: residence.communityId, 'complainant.phone': residence.phone }).limit(LINKED_AT_MOST).get();
  const unlinked = complaints.fromDocs(data).filter((s) => !s.state.complainant.openid);
  // They become the room's: the owner follows them while holding it (domain/access.ts).
  for (const { state } of unlinked) await updateComplaint(deps, state.id, (c) => (c.complainant.openid ? null : { type: 'link_complainant', openid, roomId: residence.roomId }));
}

/**
 * 解除绑定 (moving out) of one room, or of all: the account stops being the room's, and an owner's
 * family and tenants of that room go with them; complaints stay on record.
 */
export async function unbindRoom(deps: Deps, caller: Caller, req: ActionRequest<'owner.unbind'>): Promise<{ unbound: boolean }> {
  const leaving = (caller.member.rooms ?? []).filter((r) => req.roomId === undefined || r.roomId === req.roomId).map((r) => r.roomId);
  if (leaving.length === 0) throw new DomainError('BINDING.NOT_BOUND', 'not bound to this room');
  const people = await peopleOf(deps, leaving);
  const ended = await endHolds(deps, people, (m, r) => m._id === caller.openid && leaving.includes(r.roomId));
  return { unbound: ended > 0 };
}

export async function recordSubscriptions(deps: Deps, openid: string, req: ActionRequest<'subscription.record'>): Promise<Record<string, number>> {
  const _ = deps.db.command;
  const accepted = Object.entries(req.results).filter(([, r]) => r === 'accept').map(([templateId]) => templateId);
  for (const templateId of accepted) {
    const id = `${openid}:${templateId}`;
    const { updated } = await deps.db.collection('credits').doc(id).update({ count: _.inc(1) });
    if (!updated) await deps.db.collection('credits').doc(id).set({ openid, templateId, count: 1 });
  }
  // Topping up acknowledges the alerts that could not be sent meanwhile (staff; owners have none).
  if (accepted.length > 0) await deps.db.collection('members').doc(openid).update({ unreadAlerts: 0 });
  return credits(deps, openid);
}

export async function credits(deps: Deps, openid: string): Promise<Record<string, number>> {
  const { data } = await deps.db.collection('credits').where({ openid }).limit(20).get();
  return Object.fromEntries((data as Array<{ templateId: string; count: number }>).map((c) => [c.templateId, c.count]));
}

/** Who the caller is, for the mini-program at launch: a guest, an owner with a room, or staff. */
export async function me(deps: Deps, openid: string): Promise<MeResponse> {
  const [{ data: members }, policy] = await Promise.all([deps.db.collection('members').doc(openid).get(), currentPolicy(deps.db, deps.now())]);
  const found = members[0] as (Member & { unreadAlerts?: number }) | undefined;
  const member = found?.active ? found : undefined;
  const _ = deps.db.command;
  const held = member?.rooms ?? [];
  const [communities, rooms] = await Promise.all([
    member ? deps.db.collection('communities').where({ _id: _.in(member.communityIds) }).get() : { data: [] },
    held.length ? deps.db.collection('rooms').where({ _id: _.in(held.map((r) => r.roomId)) }).limit(held.length).get() : { data: [] },
  ]);
  const roomById = new Map((rooms.data as Room[]).map((r) => [r._id, r]));
  return {
    kind: member?.kind ?? 'guest',
    openid,
    name: member?.name ?? '',
    role: member?.role ?? null,
    department: member?.department ?? null,
    communities: (communities.data as Community[]).map((c) => ({ id: c._id, name: c.name, serviceDesk: serviceDeskOf(policy, c) })),
    // A room the office removed since is gone from here too (its holds ended with it).
    rooms: held.flatMap((h) => {
      const room = roomById.get(h.roomId);
      return room ? [{ id: room._id, communityId: room.communityId, building: room.building, unit: room.unit ?? '', room: room.room, relation: h.relation }] : [];
    }),
    categories: policy.categories.map(({ code, label }) => ({ code, label })),
    departments: policy.departments.map(({ code, label }) => ({ code, label })),
    templates: templateIds(),
    unreadAlerts: member?.unreadAlerts ?? 0,
    actions: actionsFor(member?.role ?? null, policy),
    serviceDesk: { name: policy.serviceDesk.name, phone: policy.serviceDesk.phone },
  };
}
