// CloudBase's timer-trigger cron: 7 fields — second minute hour day month weekday year — in UTC+8,
// with `*`, `a`, `a-b`, `*/s`, `a-b/s`, `a/s` and lists; months may be JAN-DEC and weekdays SUN-SAT
// (0 = Sunday … 6 = Saturday; the cloud's table stops at 6, so 7 is refused); when both day and
// weekday are restricted a time matches if either does (shared/reference/cloudbase-protocol.md).
// The cloud's table lists no `?`, `L`, `W` or `#` for CloudBase, so they are refused too.
// Hand-written because the common cron libraries take 5 or 6 fields without the year, or AND the
// day fields.

const OFFSET_MS = 8 * 3_600_000;
const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
  { name: 'year', min: 1970, max: 2099 },
] as const;

export interface Cron {
  seconds: number[];
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number>;
  dayRestricted: boolean;
  weekdayRestricted: boolean;
}

/** `MON-FRI` → `1-5`, `jan` → `1`: a field's names as their numbers. */
function numbered(text: string, f: (typeof FIELDS)[number]): string {
  if (!('names' in f)) return text;
  const names: readonly string[] = f.names;
  return text.replace(/[A-Za-z]{3}/g, (word) => {
    const i = names.indexOf(word.toUpperCase());
    return i < 0 ? word : String(i + f.min);
  });
}

function parseField(text: string, f: (typeof FIELDS)[number]): number[] {
  const values = new Set<number>();
  for (const part of numbered(text, f).split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m) throw new Error(`cron ${f.name} field: cannot read "${part}"`);
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const lo = m[1] === '*' ? f.min : Number(m[2]);
    const hi = m[1] === '*' ? f.max : m[3] !== undefined ? Number(m[3]) : m[4] !== undefined ? f.max : lo;
    if (step < 1 || lo < f.min || hi > f.max || lo > hi) throw new Error(`cron ${f.name} field: "${part}" is outside ${f.min}-${f.max}`);
    for (let v = lo; v <= hi; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

export function parseCron(expression: string): Cron {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 7) throw new Error(`cron needs 7 fields (second minute hour day month weekday year), got ${parts.length}`);
  const [s, mi, h, d, mo, w, y] = parts.map((p, i) => parseField(p, FIELDS[i]!));
  return {
    seconds: s!,
    minutes: mi!,
    hours: h!,
    days: new Set(d),
    months: new Set(mo),
    weekdays: new Set(w),
    years: new Set(y),
    dayRestricted: parts[3] !== '*',
    weekdayRestricted: parts[5] !== '*',
  };
}

function dayMatches(c: Cron, day: number, weekday: number): boolean {
  if (c.dayRestricted && c.weekdayRestricted) return c.days.has(day) || c.weekdays.has(weekday);
  return c.days.has(day) && c.weekdays.has(weekday);
}

/** The first fire time strictly after `after`, or null within the years the pattern allows. */
export function nextFire(c: Cron, after: Date): Date | null {
  const local = new Date(after.getTime() + OFFSET_MS);
  let day = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const lastYear = Math.max(...c.years);
  for (;;) {
    const d = new Date(day);
    const year = d.getUTCFullYear();
    if (year > lastYear) return null;
    if (c.years.has(year) && c.months.has(d.getUTCMonth() + 1) && dayMatches(c, d.getUTCDate(), d.getUTCDay())) {
      for (const h of c.hours) {
        for (const m of c.minutes) {
          for (const s of c.seconds) {
            const at = day + ((h * 60 + m) * 60 + s) * 1000 - OFFSET_MS;
            if (at > after.getTime()) return new Date(at);
          }
        }
      }
    }
    day += 86_400_000;
  }
}
