// The cursor of a keyset page: where the next page starts, as the (key, _id) of the last item shown.
// Opaque to the mini-program (it passes `next` back as it came); unique even when many items share
// the key, so a page boundary inside a run of equal keys skips and repeats nothing.

/** The position after which a page continues. */
export interface CursorPosition {
  key: Date;
  id: string;
}

const FORMAT = /^k(-?\d{1,16})\.([A-Za-z0-9_-]{1,64})$/;

export function encodeCursor(p: CursorPosition): string {
  return `k${p.key.getTime()}.${p.id}`;
}

/** The position a cursor names, or null when it is not one this server handed out. */
export function decodeCursor(cursor: string): CursorPosition | null {
  const m = FORMAT.exec(cursor);
  if (!m) return null;
  const key = new Date(Number(m[1]));
  return Number.isNaN(key.getTime()) ? null : { key, id: m[2]! };
}
