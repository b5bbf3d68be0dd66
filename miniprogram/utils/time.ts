// Dates as people read them on a phone, and how a deadline stands now.
import dayjs from 'dayjs';

export function formatTime(iso: string, now = new Date()): string {
  const d = dayjs(iso);
  return d.year() === now.getFullYear() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD HH:mm');
}

export type DeadlineTone = 'ok' | 'soon' | 'late';

/** "Due soon" on screen: the same four hours the staff inbox uses for 即将超时. */
const SOON_MS = 4 * 3_600_000;

function span(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} 分钟`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} 小时` : `${Math.round(hours / 24)} 天`;
}

export function deadline(iso: string, now = new Date()): { text: string; tone: DeadlineTone; remainingMs: number } {
  const remainingMs = Date.parse(iso) - now.getTime();
  if (remainingMs < 0) return { text: `已超时 ${span(-remainingMs)}`, tone: 'late', remainingMs: 0 };
  return { text: `剩余 ${span(remainingMs)}`, tone: remainingMs <= SOON_MS ? 'soon' : 'ok', remainingMs };
}
