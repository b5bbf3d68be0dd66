// 住户名册导入: the office's Excel roll (房号 / 业主 / 电话) in, in three steps — download the roll as it
// stands (a template to fill in), upload the filled file and preview what it changes row by row,
// then apply it in batches. Each batch is recorded when done, so an apply cut off by the function's
// timeout resumes where it stopped, and a batch redone writes the same documents (idempotent).
import crypto from 'crypto';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { DomainError } from '../../domain/errors';
import { diffRoll, parseRoll, removalNeedsConfirmation, ROLL_COLUMNS, roomKey, roomLabel, type EndedHolds, type RollDiff, type RollRoom, type StoredRoom } from '../../domain/households';
import { normaliseText } from '../../domain/model';
import type { ActionRequest, HouseholdPreview, RollApplied } from '../../typings/api';
import { uploadedBy } from '../kernel/access';
import { loadCommunity } from './communities-store';
import { idPage } from '../kernel/keyset';
import { requireCommunity, type Caller, type Member } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { endingHolds, endRemovedPhones, removedPhoneHolds } from '../kernel/residences';
import { publishWorkbook, readUploadedSheet } from '../kernel/workbooks';
import { addedSample, changedSample } from './views';

/** Rooms written per batch: a batch's writes finish in well under a second on CloudBase. */
export const ROLL_BATCH = 200;
/**
 * An apply call stops starting batches after this long, half the api function's 20 s timeout
 * (cloudbaserc.json), so one slow batch never runs into it; the page calls again until done.
 */
const APPLY_BUDGET_MS = 10_000;
/**
 * And after this many batches (600 rooms): the page shows a determinate bar (已导入 600 / 4,800 户)
 * that moves when a call returns, so a large roll is several calls of real work each, not one long
 * wait behind an animation. A few hundred milliseconds per extra call, for a bar that tells the truth.
 */
const BATCHES_PER_CALL = 3;
const PAGE = 1000;

interface RoomDoc {
  _id: string;
  communityId: string;
  building: string;
  unit?: string;
  room: string;
  ownerName?: string;
  residentPhones: string[];
}

/** Every room of the community on record, paged by id (one indexed read per 1,000 rooms). */
async function roomsOf(deps: Deps, communityId: string): Promise<StoredRoom[]> {
  const rooms: StoredRoom[] = [];
  for (let after: string | null = null; ; ) {
    const { docs, next } = await idPage(deps, 'rooms', { communityId }, after, PAGE, { _id: true, building: true, unit: true, room: true, ownerName: true, residentPhones: true });
    for (const r of docs as unknown as RoomDoc[]) rooms.push({ id: r._id, building: r.building, unit: r.unit ?? '', room: r.room, ownerName: r.ownerName ?? '', residentPhones: r.residentPhones });
    if (next === null) return rooms;
    after = next;
  }
}

async function community(deps: Deps, caller: Caller, communityId: string) {
  requireCommunity(caller, communityId);
  const found = await loadCommunity(deps, communityId);
  if (!found) throw new DomainError('ROLL.NO_COMMUNITY', `no community ${communityId}`);
  return found;
}

const numeric = (a: string, b: string) => a.localeCompare(b, 'zh', { numeric: true });

async function publish(deps: Deps, cloudPath: string, data: SheetData): Promise<{ fileID: string; url: string }> {
  const buffer = await writeExcelFile(data, { columns: ROLL_COLUMNS.map((c) => ({ width: c === ROLL_COLUMNS[5] ? 28 : 12 })) }).toBuffer();
  return publishWorkbook(deps, cloudPath, buffer);
}

/** The roll as it stands, in the columns the import reads: fill in, correct, upload. */
export async function rollTemplate(deps: Deps, caller: Caller, req: ActionRequest<'admin.households.template'>): Promise<{ fileID: string; url: string }> {
  const c = await community(deps, caller, req.communityId);
  const rooms = (await roomsOf(deps, req.communityId)).sort((a, b) => numeric(a.building, b.building) || numeric(a.unit, b.unit) || numeric(a.room, b.room));
  const data: SheetData = [
    ROLL_COLUMNS.map((value) => ({ value, fontWeight: 'bold' as const })),
    ...rooms.map((r) => [c.name, r.building, r.unit, r.room, r.ownerName, r.residentPhones.join('、')].map((value) => ({ value, type: String }))),
  ];
  return publish(deps, `imports/templates/${req.communityId}/${deps.now().getTime()}.xlsx`, data);
}

/** One step of a plan: write a room (with the phones it loses), or remove it. */
type RollOp = { id: string; building: string; unit: string; room: string; ownerName: string; residentPhones: string[]; removedPhones: string[] } | { id: string; remove: true };

/** New rooms get an id from their address, so a re-preview of the same file plans the same ids. */
function roomId(communityId: string, r: RollRoom): string {
  return `r-${crypto.createHash('sha256').update(`${communityId}|${roomKey(r)}`).digest('hex').slice(0, 24)}`;
}

/** The rooms whose holds a plan ends: its rooms with phones removed (the phones kept), its removed rooms (null). */
function endedRooms(ops: RollOp[]): Map<string, Set<string> | null> {
  return new Map(ops.flatMap((o): Array<[string, Set<string> | null]> => ('remove' in o ? [[o.id, null]] : o.removedPhones.length ? [[o.id, new Set(o.residentPhones)]] : [])));
}

/**
 * Who loses a room if the plan is applied, by relation: the same selection the apply ends
 * (removedPhoneHolds), over the community's people read a page of 1,000 at a time — only when the
 * plan ends anything.
 */
async function holdsEnding(deps: Deps, communityId: string, ended: Map<string, Set<string> | null>): Promise<EndedHolds> {
  const counts: EndedHolds = { owner: 0, family: 0, tenant: 0 };
  if (ended.size === 0) return counts;
  const people: Member[] = [];
  for (let after: string | null = null; ; ) {
    const { docs, next } = await idPage(deps, 'members', { communityIds: communityId, role: 'owner' }, after, PAGE, { _id: true, rooms: true });
    people.push(...(docs as unknown as Member[]));
    if (next === null) break;
    after = next;
  }
  const gone = endingHolds(people, removedPhoneHolds(ended));
  for (const m of people) for (const r of m.rooms ?? []) if (gone(m, r)) counts[r.relation]++;
  return counts;
}

function planOf(communityId: string, diff: RollDiff): RollOp[] {
  const write = (id: string, r: RollRoom, removedPhones: string[]): RollOp => ({ id, building: r.building, unit: r.unit, room: r.room, ownerName: r.ownerName, residentPhones: r.residentPhones, removedPhones });
  return [...diff.add.map((r) => write(roomId(communityId, r), r, [])), ...diff.change.map((c) => write(c.id, c.room, c.removedPhones)), ...diff.remove.map((r) => ({ id: r.id, remove: true as const }))];
}

async function readRoll(deps: Deps, caller: Caller, fileID: string): Promise<unknown[][]> {
  if (!uploadedBy(fileID, caller.openid, 'imports')) throw new DomainError('ROLL.NOT_YOUR_UPLOAD', 'not your upload');
  const { fileContent } = await deps.app.downloadFile({ fileID });
  if (!fileContent) throw new DomainError('ROLL.FILE_MISSING', 'uploaded file not found');
  return readUploadedSheet(Buffer.isBuffer(fileContent) ? fileContent : Buffer.from(fileContent));
}

const ERRORS_SHOWN = 100;
const SAMPLES = 5;

/** Read the uploaded roll and store the plan (only when the file has no errors); nothing else is written. */
export async function previewRoll(deps: Deps, caller: Caller, req: ActionRequest<'admin.households.preview'>): Promise<HouseholdPreview> {
  const c = await community(deps, caller, req.communityId);
  const [rows, stored, policy] = await Promise.all([readRoll(deps, caller, req.fileID), roomsOf(deps, req.communityId), currentPolicy(deps.db, deps.now())]);
  const roll = parseRoll(rows, c.name);
  const diff = diffRoll(roll.rooms, stored);
  const plan = roll.errors.length ? [] : planOf(req.communityId, diff);
  const batches = Math.ceil(plan.length / ROLL_BATCH);
  const unbinds = await holdsEnding(deps, req.communityId, endedRooms(plan));
  const confirmName = plan.length && removalNeedsConfirmation(policy, diff.remove.length, stored.length) ? c.name : null;
  // Named by the plan itself: previewing the same file over the same roll twice stores it once.
  const importId = roll.errors.length || plan.length === 0 ? null : crypto.createHash('sha256').update(`${req.communityId}|${JSON.stringify(plan)}`).digest('hex').slice(0, 32);
  if (importId && (await deps.db.collection('imports').doc(importId).get()).data.length === 0) {
    const chunks = Array.from({ length: batches }, (_, i) => ({ _id: `${importId}-${String(i).padStart(4, '0')}`, importId, seq: i, ops: plan.slice(i * ROLL_BATCH, (i + 1) * ROLL_BATCH), done: false }));
    // The batches first: an import document always has all of its batches.
    for (let i = 0; i < chunks.length; i += 50) await deps.db.collection('import_batches').add(chunks.slice(i, i + 50));
    // What the preview asked the administrator to confirm, so the apply enforces it, not only the page.
    const confirm = confirmName === null ? null : { name: confirmName, remove: diff.remove.length, rooms: stored.length, share: policy.roll.confirmRemovalShare };
    await deps.db.collection('imports').add({ _id: importId, communityId: req.communityId, by: caller.openid, createdAt: deps.now(), batches, rooms: plan.length, applied: 0, confirm });
  }
  return {
    importId,
    rows: roll.rooms.length + roll.errors.length,
    add: diff.add.length,
    change: diff.change.length,
    remove: diff.remove.length,
    unchanged: diff.unchanged,
    errors: roll.errors.slice(0, ERRORS_SHOWN),
    errorCount: roll.errors.length,
    samples: {
      add: diff.add.slice(0, SAMPLES).map(addedSample),
      change: diff.change.slice(0, SAMPLES).map(changedSample),
      remove: diff.remove.slice(0, SAMPLES).map(roomLabel),
    },
    batches,
    unbinds,
    confirmName,
  };
}

interface ImportDoc {
  _id: string;
  communityId: string;
  batches: number;
  /** Rooms the plan writes or removes (imports previewed before it was stored have none). */
  rooms?: number;
  /** Set when the import removes more than the policy's share of the rooms (imports before it have none). */
  confirm?: { name: string; remove: number; rooms: number; share: number } | null;
}

/** Apply the plan's batches not yet done, as many as fit the budget; `done` once all are. */
export async function applyRoll(deps: Deps, caller: Caller, req: ActionRequest<'admin.households.apply'>): Promise<RollApplied> {
  const { data } = await deps.db.collection('imports').doc(req.importId).get();
  const imp = data[0] as ImportDoc | undefined;
  if (!imp) throw new DomainError('ROLL.NO_IMPORT', `no import ${req.importId}`);
  requireCommunity(caller, imp.communityId);
  if (imp.confirm && normaliseText(req.confirmName ?? '') !== normaliseText(imp.confirm.name)) {
    const { name, remove, rooms, share } = imp.confirm;
    throw new DomainError('ROLL.CONFIRM_NAME', `import ${imp._id} removes ${remove} of ${rooms} rooms`, { name, remove, rooms, share: `${Math.round(share * 100)}%` });
  }
  const started = Date.now();
  let applied = 0;
  let unbound = 0;
  while (applied < BATCHES_PER_CALL && Date.now() - started < APPLY_BUDGET_MS) {
    const { data: next } = await deps.db.collection('import_batches').where({ importId: imp._id, done: false }).orderBy('seq', 'asc').limit(1).get();
    const batch = next[0] as { _id: string; ops: RollOp[] } | undefined;
    if (!batch) break;
    unbound += await applyBatch(deps, imp.communityId, batch.ops);
    await deps.db.collection('import_batches').doc(batch._id).update({ done: true, doneAt: deps.now() });
    applied++;
  }
  const { total } = await deps.db.collection('import_batches').where({ importId: imp._id, done: false }).count();
  const batchesDone = imp.batches - (total ?? 0);
  // Batches are applied in order and all but the last are full, so the rooms done follow from the batches done.
  const rooms = imp.rooms ?? null;
  return { applied, batches: imp.batches, batchesDone, rooms, roomsDone: rooms === null ? null : Math.min(rooms, batchesDone * ROLL_BATCH), done: (total ?? 0) === 0, unbound };
}

async function applyBatch(deps: Deps, communityId: string, ops: RollOp[]): Promise<number> {
  const rooms = deps.db.collection('rooms');
  const writes = ops.filter((o): o is Exclude<RollOp, { remove: true }> => !('remove' in o));
  const removed = ops.filter((o) => 'remove' in o).map((o) => o.id);
  await Promise.all(writes.map((o) => rooms.doc(o.id).set({ communityId, building: o.building, unit: o.unit, room: o.room, ownerName: o.ownerName, residentPhones: o.residentPhones })));
  // 楼栋 are records of their own, so owners pick a building before its rooms (directory.list).
  await Promise.all([...new Set(writes.map((o) => o.building))].map((name) => deps.db.collection('buildings').doc(`${communityId}:${name}`).set({ communityId, name })));
  if (removed.length) {
    const _ = deps.db.command;
    await rooms.where({ communityId, _id: _.in(removed) }).remove();
  }
  // Whoever was bound with a phone the roll dropped, or to a room it dropped, loses that room.
  const ended = endedRooms(ops);
  return ended.size ? endRemovedPhones(deps, ended) : 0;
}
