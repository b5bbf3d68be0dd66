// Workbooks written byte by byte, as no spreadsheet program would: the hostile rolls that the tests
// and the benchmark upload (a cell that expands to 150 MB, half a million rows, formulas with and
// without a cached value). Each is a real .xlsx that Excel's own parts describe; only its sheet is odd.
import { strToU8, Zip, ZipDeflate, zipSync } from 'fflate';

/** A cell: text (an inline string), or a formula with or without the value Excel cached for it. */
export type HostileCell = string | { formula: string; cached?: string };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const column = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : column(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

function cellXml(value: HostileCell, ref: string): string {
  if (typeof value === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${escape(value)}</t></is></c>`;
  return `<c r="${ref}" t="str"><f>${escape(value.formula)}</f>${value.cached === undefined ? '' : `<v>${escape(value.cached)}</v>`}</c>`;
}

/** Row `n` (1-based) of a sheet. */
export function rowXml(n: number, cells: HostileCell[]): string {
  return `<row r="${n}">${cells.map((c, i) => cellXml(c, `${column(i)}${n}`)).join('')}</row>`;
}

const SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
const SHEET_END = '</sheetData></worksheet>';

/** The parts around the sheet that make a workbook of one sheet. */
const FRAME: Record<string, string> = {
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  '_rels/.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  'xl/workbook.xml':
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
  'xl/_rels/workbook.xml.rels':
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
};

/** A workbook of one sheet with these rows (the first is the header). */
export function workbook(rows: HostileCell[][]): Buffer {
  const sheet = SHEET_START + rows.map((cells, i) => rowXml(i + 1, cells)).join('') + SHEET_END;
  return Buffer.from(zipSync({ ...Object.fromEntries(Object.entries(FRAME).map(([k, v]) => [k, strToU8(v)])), 'xl/worksheets/sheet1.xml': strToU8(sheet) }, { level: 9 }));
}

/**
 * A workbook whose sheet is written a piece at a time, compressed as it goes: `pieces` yields the XML
 * between the header row and the end, so a sheet of hundreds of megabytes never sits in memory.
 */
export function streamedWorkbook(header: HostileCell[], pieces: Iterable<string>): Buffer {
  const out: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    out.push(chunk);
  });
  for (const [name, text] of Object.entries(FRAME)) {
    const part = new ZipDeflate(name, { level: 9 });
    zip.add(part);
    part.push(strToU8(text), true);
  }
  const sheet = new ZipDeflate('xl/worksheets/sheet1.xml', { level: 9 });
  zip.add(sheet);
  sheet.push(strToU8(SHEET_START + rowXml(1, header)));
  for (const piece of pieces) sheet.push(strToU8(piece));
  sheet.push(strToU8(SHEET_END), true);
  zip.end();
  return Buffer.concat(out);
}

/** One cell of row 2 holding `megabytes` of the same letter: the classic zip bomb, ~1 KB per MB compressed. */
export function zipBomb(header: HostileCell[], megabytes: number): Buffer {
  const mb = 'A'.repeat(1024 * 1024);
  return streamedWorkbook(header, (function* () {
    yield '<row r="2"><c r="A2" t="inlineStr"><is><t>';
    for (let i = 0; i < megabytes; i++) yield mb;
    yield '</t></is></c></row>';
  })());
}

/** `count` rows after the header, each written by `row(n)` for n = 2, 3, …: half a million rows in a few MB. */
export function manyRows(header: HostileCell[], count: number, row: (n: number) => HostileCell[]): Buffer {
  return streamedWorkbook(header, (function* () {
    for (let n = 2; n <= count + 1; n++) yield rowXml(n, row(n));
  })());
}
