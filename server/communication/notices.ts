// 信息公告 / 通知单 (seed 002 沟通方式; 要求 (1)(2)(3)(6)): staff publish, owners read on 首页 and in the
// list, and the intake asks whether a problem is one a notice already announced (domain/notices.ts).
// Every read is one bounded query on an index whose range ends at `validTo > now`, so ended notices
// cost nothing however many there are.
import crypto from 'crypto';
import { DomainError } from '../../domain/errors';
import { areaKeys, areaKeysFor, areaLabel, deflectionProblem, isInForce, kindsFor, noticeProblem, noticeState, uncredited, withdrawal, NOTICE_KIND_LABELS, type Deflection, type Notice } from '../../domain/notices';
import type { ActionRequest, NoticeCard, NoticeDetail } from '../../typings/api';
import { requireOwnPhotos } from '../kernel/access';
import { ApiError } from '../kernel/errors';
import { requestMediaChecks } from '../kernel/media';
import { isStaff, requireCommunity, residenceOf, type Caller } from '../kernel/members';
import { keysetPage } from '../kernel/keyset';
import { deflectionCounts, notices } from './notices-store';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { newOutboxEntries } from '../kernel/store';
import { photoLinks } from '../complaints/views';

/** Enough for the intake's question: more than this many matching notices at once is not a question. */
const INTAKE_LIMIT = 5;
/**
 * Read to find them: the index ranges over the end time only (one range per query), so notices
 * announced for later in the same place and kind are read and set aside — a handful at most.
 */
const INTAKE_READ = 20;

/**
 * What a card and the detail read of a notice: never its outbox, which holds an entry per owner told
 * (thousands for a large community).
 */
const NOTICE_FIELDS = { _id: true, communityId: true, kind: true, title: true, text: true, photos: true, buildings: true, validFrom: true, validTo: true, publishedAt: true, publishedBy: true, withdrawn: true } as const;

function card(n: Notice, now: Date, seenAt: Date | null, deflected: number | null = null): NoticeCard {
  return { id: n.id, kind: n.kind, kindLabel: NOTICE_KIND_LABELS[n.kind], title: n.title, area: areaLabel(n), validFrom: n.validFrom, validTo: n.validTo, state: noticeState(n, now), unread: seenAt !== null && n.publishedAt > seenAt, deflected };
}

/** The owner's area keys: the buildings of their rooms and their communities (one read of their rooms, at most a handful). */
async function ownerAreas(deps: Deps, caller: Caller): Promise<string[]> {
  const rooms = caller.member.rooms ?? [];
  if (rooms.length === 0) return [];
  const _ = deps.db.command;
  const { data } = await deps.db.collection('rooms').where({ _id: _.in(rooms.map((r) => r.roomId)) }).field({ communityId: true, building: true }).limit(50).get();
  return areaKeysFor([...rooms.map((r) => ({ communityId: r.communityId })), ...(data as Array<{ communityId: string; building: string }>)]);
}

export async function publishNotice(deps: Deps, caller: Caller, req: ActionRequest<'notice.publish'>): Promise<{ id: string }> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  requireOwnPhotos(caller.openid, req.photos);
  const problem = noticeProblem(req, now);
  if (problem) throw new DomainError(problem, `${req.validFrom.toISOString()}–${req.validTo.toISOString()}`);
  if (req.buildings.length > 0) {
    const { data } = await deps.db.collection('buildings').where({ communityId: req.communityId, name: deps.db.command.in(req.buildings) }).limit(50).get();
    const known = new Set((data as Array<{ name: string }>).map((b) => b.name));
    const unknown = req.buildings.filter((b) => !known.has(b));
    if (unknown.length) throw new DomainError('NOTICE.UNKNOWN_BUILDINGS', `unknown buildings ${unknown.join(',')}`, { buildings: unknown.join('、') });
  }
  const id = crypto.createHash('sha256').update(`${caller.openid}:notice:${req.requestId}`).digest('hex').slice(0, 32);
  const notice: Notice = {
    id,
    communityId: req.communityId,
    kind: req.kind,
    title: req.title,
    text: req.text,
    photos: req.photos,
    buildings: [...new Set(req.buildings)],
    validFrom: req.validFrom,
    validTo: req.validTo,
    publishedAt: now,
    publishedBy: { id: caller.openid, name: caller.member.name },
  };
  // One notification for the area: the scheduler addresses it to each owner who accepted the template.
  const outbox = newOutboxEntries([{ key: 'published', template: 'notice', recipient: { kind: 'area' }, summary: req.title }], now);
  if (await notices.insert(deps.db, notice, outbox, policy, now)) await requestMediaChecks(deps, caller.openid, id, req.photos, 1, 'notices');
  return { id };
}

/** 撤回 (staff who may publish, in their community): the notice ends now and its unsent messages are cancelled. */
export async function withdrawNotice(deps: Deps, caller: Caller, req: ActionRequest<'notice.withdraw'>): Promise<{ withdrawnAt: Date }> {
  const { data } = await deps.db.collection('notices').doc(req.id).field({ communityId: true }).get();
  const found = data[0] as { communityId: string } | undefined;
  if (!found) throw new DomainError(notices.kind.notFound, `notices ${req.id}`);
  requireCommunity(caller, found.communityId);
  const { after } = await notices.mutate(deps, req.id, (stored, now) => {
    const change = withdrawal(stored.state, stored.outbox, { id: caller.openid, name: caller.member.name }, now);
    if (!change) throw new DomainError('NOTICE.NOT_CURRENT', `notice ${req.id} has ended or was withdrawn`);
    return change;
  });
  return { withdrawnAt: after.withdrawn!.at };
}

export async function listNotices(deps: Deps, caller: Caller, req: ActionRequest<'notice.list'>): Promise<{ items: NoticeCard[]; next: string | null; unread: number }> {
  const now = deps.now();
  const _ = deps.db.command;
  let where: Record<string, unknown>;
  let seenAt: Date | null = null;
  if (isStaff(caller)) {
    // Staff of one community need not name it.
    const communityId = req.communityId ?? caller.member.communityIds[0] ?? '';
    requireCommunity(caller, communityId);
    where = { communityId, validTo: _.gt(now) };
  } else {
    const areas = await ownerAreas(deps, caller);
    if (areas.length === 0) return { items: [], next: null, unread: 0 };
    where = { area: _.in(areas), validTo: _.gt(now) };
    seenAt = caller.member.noticesSeenAt ?? new Date(0);
  }
  const { docs, next } = await keysetPage(deps, 'notices', where, { field: 'validTo', direction: 'asc' }, req.cursor, req.limit, NOTICE_FIELDS);
  const page = notices.fromDocs(docs).map((s) => s.state);
  // Staff see what each notice prevented (seed 002 要求 (2)): an indexed count per notice of the page.
  const deflected = isStaff(caller) ? await deflectionCounts(deps, page.map((n) => n.id)) : null;
  const items = page.map((n) => card(n, now, seenAt, deflected?.get(n.id) ?? null));
  const unread = items.filter((i) => i.unread).length;
  if (req.markSeen && seenAt !== null && unread > 0) await deps.db.collection('members').doc(caller.openid).update({ noticesSeenAt: now });
  return { items, next, unread };
}

export async function noticeDetail(deps: Deps, caller: Caller, req: ActionRequest<'notice.detail'>): Promise<NoticeDetail> {
  const now = deps.now();
  const { data } = await deps.db.collection('notices').doc(req.id).field(NOTICE_FIELDS).get();
  if (!data[0]) throw new DomainError(notices.kind.notFound, `notices ${req.id}`);
  const n = notices.fromDocs(data)[0]!.state;
  if (isStaff(caller)) requireCommunity(caller, n.communityId);
  else {
    const areas = new Set(await ownerAreas(deps, caller));
    // A withdrawn notice is gone for owners (a message they received may still link here).
    if (n.withdrawn || !areaKeys(n).some((k) => areas.has(k))) throw new DomainError('NOTICE.NOT_FOUND', `notice ${n.id} not for this owner`);
  }
  const deflected = isStaff(caller) ? (await deflectionCounts(deps, [n.id])).get(n.id)! : null;
  return {
    ...card(n, now, null, deflected),
    text: n.text,
    photos: n.photos,
    photoUrls: await photoLinks(deps, n.photos),
    publishedAt: n.publishedAt,
    publishedBy: isStaff(caller) ? n.publishedBy.name : null,
  };
}

/**
 * The intake's question (seed 002 要求 (2)): notices in force now for the building, of a kind that
 * explains the category. One query on (area, kind, validTo): ended notices are outside the
 * range, so the reads stay flat however many notices the community has had.
 */
export async function intakeNotices(deps: Deps, caller: Caller, req: ActionRequest<'notice.intake'>): Promise<{ items: NoticeCard[] }> {
  requireCommunity(caller, req.communityId);
  const now = deps.now();
  const policy = await currentPolicy(deps.db, now);
  const kinds = kindsFor(policy, req.category);
  if (kinds.length === 0) return { items: [] };
  const _ = deps.db.command;
  const { data } = await deps.db
    .collection('notices')
    .where({ area: _.in(areaKeysFor([{ communityId: req.communityId, building: req.building }])), kind: _.in(kinds), validTo: _.gt(now) })
    .orderBy('validTo', 'asc')
    .field(NOTICE_FIELDS)
    .limit(INTAKE_READ)
    .get();
  const inForce = notices.fromDocs(data).filter((s) => isInForce(s.state, now));
  return { items: inForce.slice(0, INTAKE_LIMIT).map((s) => card(s.state, now, null)) };
}

/**
 * 「是这个问题，不用投诉了」 (seed 002 要求 (2): notices exist so owners need not complain of what was
 * announced): the notices the intake showed explained the problem and nothing is filed — counted per
 * notice and in the month's 业户沟通. An owner answers for a room they hold now (their current
 * bindings); staff recording a call or visit (代业主登记) for a room of their communities, saying how
 * the owner reached them. Each notice must concern the room and be in force, as the intake showed it.
 * Idempotent by request id (a double tap counts once), and a household counts once per notice.
 */
export async function deflectComplaint(deps: Deps, caller: Caller, req: ActionRequest<'notice.deflect'>): Promise<{ counted: boolean }> {
  const now = deps.now();
  const staff = isStaff(caller);
  if (staff && req.channel === undefined) throw new DomainError('NOTICE.CHANNEL_REQUIRED', 'channel required for staff');
  if (!staff && req.channel !== undefined) throw new ApiError('VALIDATION', 'channel is for staff recording on an owner\'s behalf');
  if (!staff) residenceOf(caller, req.roomId);
  const _ = deps.db.command;
  const id = crypto.createHash('sha256').update(`${caller.openid}:deflection:${req.requestId}`).digest('hex').slice(0, 32);
  const [{ data: rooms }, { data: found }, { data: earlier }] = await Promise.all([
    deps.db.collection('rooms').doc(req.roomId).field({ communityId: true, building: true }).get(),
    deps.db.collection('notices').where({ _id: _.in(req.noticeIds) }).field(NOTICE_FIELDS).limit(req.noticeIds.length).get(),
    // The room's earlier answers about these notices: one per notice at most (each credits a notice
    // once), with this request's own when it is a retry.
    deps.db.collection('notice_deflections').where({ noticeIds: _.in(req.noticeIds), roomId: req.roomId }).field({ _id: true, noticeIds: true }).limit(20).get(),
  ]);
  const room = rooms[0] as { communityId: string; building: string } | undefined;
  if (!room) throw new DomainError('NOTICE.NO_ROOM', `room ${req.roomId}`);
  if (staff) requireCommunity(caller, room.communityId);
  const shown = notices.fromDocs(found).map((s) => s.state);
  if (shown.length < req.noticeIds.length) throw new DomainError(notices.kind.notFound, `notices ${req.noticeIds.join(',')}`);
  const problem = deflectionProblem(shown, room, now);
  if (problem) throw new DomainError(problem, `notices ${req.noticeIds.join(',')} for room ${req.roomId}`);
  const before = earlier as Array<Pick<Deflection, 'noticeIds'> & { _id: string }>;
  if (before.some((d) => d._id === id)) return { counted: true };
  const noticeIds = uncredited(req.noticeIds, before);
  if (noticeIds.length === 0) return { counted: false };
  const deflection: Omit<Deflection, 'id'> = { communityId: room.communityId, roomId: req.roomId, noticeIds, at: now, by: caller.openid, channel: req.channel ?? 'mini_program' };
  try {
    await deps.db.collection('notice_deflections').add({ _id: id, ...deflection });
  } catch (e) {
    // The same request at the same instant: its twin recorded it.
    if ((e as { code?: string }).code !== 'DATABASE_DUPLICATE_WRITE') throw e;
  }
  return { counted: true };
}
