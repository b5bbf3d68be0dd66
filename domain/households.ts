// 住户名册: the property office's roll of rooms and registered phones (房号 / 业主 / 电话), as kept in
// a spreadsheet. Pure: rows in, rooms and row errors out; then what an import changes. The server
// reads the workbook and writes; the rules of a good roll live here.

import { normalisePhone, normaliseText, PHONE_PATTERN, PHONE_RULE, type Relation } from './model';
import type { Policy } from './policy';

export const ROLL_COLUMNS = ['小区', '楼栋', '单元', '房号', '业主姓名', '登记手机号'] as const;

/** A building as people read it: 3栋. */
export const buildingLabel = (building: string) => `${building}栋`;

/** A room as people read it: 3栋2单元301 (the unit is optional). The server's one wording of a room. */
export function roomLabel(r: { building: string; unit?: string; room: string }): string {
  return `${buildingLabel(r.building)}${r.unit ? `${r.unit}单元` : ''}${r.room}`;
}

/** A room within its building, as a picker lists it: 2单元 301. */
export const roomInBuildingLabel = (r: { unit?: string; room: string }) => (r.unit ? `${r.unit}单元 ${r.room}` : r.room);
type Column = (typeof ROLL_COLUMNS)[number];

/** Several phones share one cell, separated as people type them (full-width ones are normalised first). */
const PHONE_SEPARATORS = /[\s,、;/]+/;
/**
 * Beyond any one estate: a file this long is a mistake (or an attack), not a roll; refused before
 * parsing. 15,000 rooms is also about the most whose roll the api function reads inside its 256 MB —
 * the parser holds every cell (bench/RESULTS.md: a fresh container peaked at 264 MB on 20,000 rows).
 */
export const ROLL_MAX_ROWS = 15_000;
const MAX_PHONES = 10;

export interface RollRoom {
  /** The spreadsheet's row number (1 is the header), for messages. */
  row: number;
  building: string;
  unit: string;
  room: string;
  ownerName: string;
  residentPhones: string[];
}

export interface RowError {
  row: number;
  message: string;
}

export interface ParsedRoll {
  rooms: RollRoom[];
  errors: RowError[];
}

type Cell = string | number | boolean | Date | null | undefined | unknown;

function text(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  // Excel stores 1201 or 13800138001 as numbers: read them back as the digits people typed.
  if (typeof cell === 'number') return String(cell);
  return normaliseText(String(cell));
}

/** The room's key within its community: the same 楼栋 / 单元 / 房号 is the same home. */
export function roomKey(r: { building: string; unit: string; room: string }): string {
  return `${r.building}|${r.unit}|${r.room}`;
}

/**
 * Read the roll of one community from a sheet's rows (the first row is the header, in any column
 * order). Every problem is reported with its row number; a row with a problem yields no room.
 */
export function parseRoll(rows: Cell[][], communityName: string): ParsedRoll {
  const errors: RowError[] = [];
  const header = (rows[0] ?? []).map(text);
  const at = Object.fromEntries(ROLL_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<Column, number>;
  const missing = ROLL_COLUMNS.filter((c) => c !== '单元' && c !== '小区' && at[c] < 0);
  if (missing.length > 0) return { rooms: [], errors: [{ row: 1, message: `第 1 行缺少列：${missing.join('、')}（请使用下载的模板）` }] };
  const get = (row: Cell[], c: Column) => (at[c] < 0 ? '' : text(row[at[c]]));
  const rooms: RollRoom[] = [];
  const firstRow = new Map<string, number>();
  rows.slice(1).forEach((row, i) => {
    const n = i + 2;
    if (row.every((cell) => text(cell) === '')) return;
    const problem = (message: string) => errors.push({ row: n, message: `第 ${n} 行：${message}` });
    const community = get(row, '小区');
    if (community && community !== communityName) return problem(`小区「${community}」不是正在导入的小区「${communityName}」`);
    const r = { building: get(row, '楼栋'), unit: get(row, '单元'), room: get(row, '房号'), ownerName: get(row, '业主姓名') };
    if (!r.building || !r.room) return problem('楼栋和房号不能为空');
    if ([r.building, r.unit, r.room].some((v) => v.length > 20) || r.ownerName.length > 20) return problem('楼栋、单元、房号、姓名每项不超过 20 个字');
    // The room is claimed before its phones are checked, so a repeat of a faulty row is reported too.
    const key = roomKey(r);
    const earlier = firstRow.get(key);
    if (earlier !== undefined) return problem(`与第 ${earlier} 行是同一房屋（${roomLabel(r)}），请合并为一行`);
    firstRow.set(key, n);
    const phones = get(row, '登记手机号').split(PHONE_SEPARATORS).filter(Boolean).map(normalisePhone);
    const bad = phones.find((p) => !PHONE_PATTERN.test(p));
    if (bad) return problem(`手机号「${bad}」格式不正确（${PHONE_RULE}）`);
    if (phones.length > MAX_PHONES) return problem(`一套房屋最多登记 ${MAX_PHONES} 个手机号`);
    rooms.push({ row: n, ...r, residentPhones: [...new Set(phones)] });
  });
  return { rooms, errors };
}

export interface StoredRoom {
  id: string;
  building: string;
  unit: string;
  room: string;
  ownerName: string;
  residentPhones: string[];
}

export interface RollDiff {
  add: RollRoom[];
  change: Array<{ id: string; room: RollRoom; removedPhones: string[] }>;
  /** Rooms on record that the roll no longer lists. */
  remove: StoredRoom[];
  unchanged: number;
}

const samePhones = (a: string[], b: string[]) => a.length === b.length && a.every((p) => b.includes(p));

/** What importing `roll` over the community's rooms on record changes: importing it twice changes nothing. */
export function diffRoll(roll: RollRoom[], stored: StoredRoom[]): RollDiff {
  const byKey = new Map(stored.map((s) => [roomKey(s), s]));
  const diff: RollDiff = { add: [], change: [], remove: [], unchanged: 0 };
  const listed = new Set<string>();
  for (const room of roll) {
    const key = roomKey(room);
    listed.add(key);
    const before = byKey.get(key);
    if (!before) diff.add.push(room);
    else if (before.ownerName === room.ownerName && samePhones(before.residentPhones, room.residentPhones)) diff.unchanged++;
    else diff.change.push({ id: before.id, room, removedPhones: before.residentPhones.filter((p) => !room.residentPhones.includes(p)) });
  }
  diff.remove = stored.filter((s) => !listed.has(roomKey(s)));
  return diff;
}

/** Holds an import ends, by relation (a hold is one person's binding to one room). */
export type EndedHolds = Record<Relation, number>;

/**
 * Whether applying an import must be confirmed by typing the community's name: it removes more than
 * the policy's share of the rooms on record (policy.roll.confirmRemovalShare).
 */
export function removalNeedsConfirmation(policy: Policy, remove: number, onRecord: number): boolean {
  return remove > 0 && remove > onRecord * policy.roll.confirmRemovalShare;
}
