// Workbooks to and from the office. Out: the monthly report and the households roll, stored in cloud
// storage and handed out as a short-lived URL the mini-program downloads and opens with
// wx.openDocument. In: an uploaded roll, read within bounds set before any parsing, because a small
// file can be made to expand into gigabytes of XML, or into a sheet of a million rows.
import { Inflate, zipSync } from 'fflate';
import readXlsx from 'read-excel-file/node';
import { DomainError, type DomainErrorCode } from '../../domain/errors';
import { ROLL_MAX_ROWS } from '../../domain/households';
import type { Deps } from './ports';

/** A header row of bold cells: each sheet's column titles. */
export const header = (...titles: string[]) => titles.map((value) => ({ value, fontWeight: 'bold' as const }));

/** Long enough to download and open, not to be passed around. */
const URL_SECONDS = 30 * 60;

export async function publishWorkbook(deps: Deps, cloudPath: string, buffer: Buffer): Promise<{ fileID: string; url: string }> {
  const { fileID } = await deps.app.uploadFile({ cloudPath, fileContent: buffer });
  const { fileList } = await deps.app.getTempFileURL({ fileList: [{ fileID: fileID!, maxAge: URL_SECONDS }] });
  return { fileID: fileID!, url: fileList[0]!.tempFileURL };
}

const MB = 1024 * 1024;

/**
 * What an uploaded workbook may hold, checked before the parser sees it, so that reading one stays
 * well inside the api function's 20 s and 256 MB (cloudbaserc.json; bench/RESULTS.md measures the
 * worst files). A 20,000-row roll is a 1.2 MB file whose sheet is ~4.5 MB of XML and its shared
 * strings ~1.4 MB; ROLL_MAX_ROWS stays under that.
 */
export const WORKBOOK_LIMITS = {
  fileBytes: 5 * MB,
  /** One part uncompressed (a sheet, the shared strings): twice a full roll's sheet, for long names. */
  partBytes: 10 * MB,
  /** All the parts the parser reads, together. */
  totalBytes: 16 * MB,
  /** The header and ROLL_MAX_ROWS rows, counted by the highest row number: the parser fills the gaps. */
  rows: ROLL_MAX_ROWS + 1,
  /** Columns A–Z: the roll has six, and a few of the office's own notes beside them. */
  columns: 26,
  /** Cells written in the sheets: a full roll with ten columns. */
  cells: (ROLL_MAX_ROWS + 1) * 10,
  /** Unpacking and checking; the parse that follows is bounded by the limits above. */
  budgetMs: 5_000,
};

const refuse = (code: DomainErrorCode, detail: string, params: Record<string, string | number> = {}) => new DomainError(code, detail, params);
const notWorkbook = (detail: string) => refuse('ROLL.NOT_A_WORKBOOK', detail);

interface ZipEntry {
  name: string;
  method: number;
  data: Uint8Array;
}

/**
 * The entries the zip's central directory lists, with their compressed data. Only what the directory
 * says is read: the file handed to the parser is rebuilt from these entries (readUploadedSheet), so
 * entries hidden between them, which a streaming reader would also unpack, never reach it.
 */
function zipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const u16 = (at: number) => view.getUint16(at, true);
  const u32 = (at: number) => view.getUint32(at, true);
  let end = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (u32(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notWorkbook('no end of central directory');
  const count = u16(end + 10);
  const entries: ZipEntry[] = [];
  for (let i = 0, at = u32(end + 16); i < count; i++) {
    if (at + 46 > zip.length || u32(at) !== 0x02014b50) throw notWorkbook('bad central directory');
    const [flags, method, compressed, nameLength] = [u16(at + 8), u16(at + 10), u32(at + 20), u16(at + 28)];
    const local = u32(at + 42);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    // Encrypted entries, and zip64 sizes (a roll is never 4 GB), are not a roll's.
    if (flags & 1 || compressed === 0xffffffff || local + 30 > zip.length || u32(local) !== 0x04034b50) throw notWorkbook(`bad entry ${name}`);
    const start = local + 30 + u16(local + 26) + u16(local + 28);
    if (start + compressed > zip.length) throw notWorkbook(`entry ${name} runs past the file`);
    entries.push({ name, method, data: zip.subarray(start, start + compressed) });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

/** Compressed input per step: deflate expands at most ~1,000 times, so one step yields ~1 MB at most. */
const STEP = 1024;

/** An entry's bytes, inflated a step at a time and given up as soon as they pass `room` or the deadline. */
function inflated(entry: ZipEntry, room: number, limitMb: number, deadline: number): Uint8Array {
  const tooLarge = () => refuse('ROLL.UNZIPPED_TOO_LARGE', `${entry.name} expands past ${room} bytes`, { mb: limitMb });
  if (entry.method === 0) {
    if (entry.data.length > room) throw tooLarge();
    return entry.data;
  }
  if (entry.method !== 8) throw notWorkbook(`${entry.name}: compression method ${entry.method}`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const inflate = new Inflate((chunk) => {
    size += chunk.length;
    if (size <= room) chunks.push(chunk);
  });
  for (let at = 0; at < entry.data.length; at += STEP) {
    if (Date.now() > deadline) throw refuse('ROLL.TOO_SLOW', `unpacking ${entry.name}`, { seconds: WORKBOOK_LIMITS.budgetMs / 1000 });
    try {
      inflate.push(entry.data.subarray(at, at + STEP), at + STEP >= entry.data.length);
    } catch {
      throw notWorkbook(`${entry.name} does not inflate`);
    }
    if (size > room) throw tooLarge();
  }
  const out = new Uint8Array(size);
  chunks.reduce((offset, c) => (out.set(c, offset), offset + c.length), 0);
  return out;
}

/** Spreadsheet column letters ↔ numbers (A = 1). */
const columnNumber = (letters: string) => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
const columnLetters = (n: number): string => (n <= 0 ? '' : columnLetters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/**
 * One pass over a part's XML, counting rows and cells as the parser will lay them out, and refusing a
 * formula (a `<f>` inside a cell): a roll is data, and a formula's cached value is whatever the office's
 * Excel last computed — or nothing at all.
 */
function checkSheetXml(xml: string, cells: { count: number }, deadline: number): void {
  const tag = /<(\/?)(?:[A-Za-z_][\w.-]*:)?(row|c|f)(?=[\s/>])([^>]*)>/g;
  let row = 0;
  let column = 0;
  let inCell = false;
  for (let m = tag.exec(xml), seen = 0; m; m = tag.exec(xml), seen++) {
    if (seen % 4096 === 0 && Date.now() > deadline) throw refuse('ROLL.TOO_SLOW', 'checking the sheet', { seconds: WORKBOOK_LIMITS.budgetMs / 1000 });
    const [, closing, name, attributes] = m as unknown as [string, string, string, string];
    if (closing) {
      if (name === 'c') inCell = false;
      continue;
    }
    const address = /\br=["']([A-Z]+)?(\d+)?["']/.exec(attributes);
    if (name === 'row') {
      row = address?.[2] ? Number(address[2]) : row + 1;
      column = 0;
      if (row > WORKBOOK_LIMITS.rows) throw refuse('ROLL.TOO_MANY_ROWS', `row ${row}`, { rows: ROLL_MAX_ROWS });
    } else if (name === 'c') {
      column = address?.[1] ? columnNumber(address[1]) : column + 1;
      if (address?.[2] && Number(address[2]) > WORKBOOK_LIMITS.rows) throw refuse('ROLL.TOO_MANY_ROWS', `cell in row ${address[2]}`, { rows: ROLL_MAX_ROWS });
      if (column > WORKBOOK_LIMITS.columns) throw refuse('ROLL.TOO_MANY_COLUMNS', `column ${column}`, { columns: WORKBOOK_LIMITS.columns });
      if (++cells.count > WORKBOOK_LIMITS.cells) throw refuse('ROLL.TOO_MANY_CELLS', `${cells.count} cells`, { cells: WORKBOOK_LIMITS.cells });
      inCell = !attributes.endsWith('/');
    } else if (inCell) {
      const at = address?.[2] ? Number(address[2]) : row;
      throw refuse('ROLL.FORMULA', `formula in ${columnLetters(column)}${at}`, { row: at, column: columnLetters(column) });
    }
  }
}

/**
 * The first sheet of an uploaded workbook as rows of cells, or a refusal naming the limit it passed.
 * The XML parts are unpacked under WORKBOOK_LIMITS and checked, then handed to the parser as a new,
 * uncompressed zip of exactly those parts.
 */
export async function readUploadedSheet(file: Buffer): Promise<unknown[][]> {
  if (file.length > WORKBOOK_LIMITS.fileBytes) throw refuse('ROLL.FILE_TOO_LARGE', `${file.length} bytes`, { mb: WORKBOOK_LIMITS.fileBytes / MB });
  const deadline = Date.now() + WORKBOOK_LIMITS.budgetMs;
  const parts: Record<string, Uint8Array> = {};
  let total = 0;
  const cells = { count: 0 };
  // Only the XML parts are ever read (the parser skips images and printer settings alike).
  for (const entry of zipEntries(file).filter((e) => e.name.endsWith('.xml') || e.name.endsWith('.rels'))) {
    if (entry.name in parts) throw notWorkbook(`${entry.name} twice`);
    const byTotal = WORKBOOK_LIMITS.totalBytes - total < WORKBOOK_LIMITS.partBytes;
    const bytes = byTotal ? inflated(entry, WORKBOOK_LIMITS.totalBytes - total, WORKBOOK_LIMITS.totalBytes / MB, deadline) : inflated(entry, WORKBOOK_LIMITS.partBytes, WORKBOOK_LIMITS.partBytes / MB, deadline);
    total += bytes.length;
    parts[entry.name] = bytes;
    checkSheetXml(new TextDecoder().decode(bytes), cells, deadline);
  }
  try {
    return (await readXlsx(Buffer.from(zipSync(parts, { level: 0 }))))[0]?.data ?? [];
  } catch {
    throw notWorkbook('the parser refused it');
  }
}
