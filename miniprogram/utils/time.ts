// Dates as people read them on a phone, and how a deadline stands now.
import dayjs from 'dayjs';
import type { Status } from '../../domain/model';
import type { ResolutionTarget } from '../../domain/policy';
import { UNIT_LABELS } from './labels';

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

/** Which deadline runs, named as people say it. */
export type DeadlineKind = 'response' | 'resolution' | 'reply';
const DEADLINE_NAMES: Record<DeadlineKind, string> = { response: '回应时限', resolution: '办结时限', reply: '答复时限' };

/**
 * Which deadline `dueAt` is, by the rule of domain runningDeadline: the reply's while a resolved
 * complaint still owes one, the resolution's once accepted (resolveBy is set at acceptance), else the
 * first response's.
 */
export function deadlineKind(c: { status: Status; resolveBy: string | null }): DeadlineKind {
  if (c.status === 'resolved') return 'reply';
  return c.resolveBy ? 'resolution' : 'response';
}

/** How a deadline stands now, in words that say which it is: 「距回应时限 2 小时」, 「已超过办结时限 3 小时」. */
export function deadline(iso: string, kind: DeadlineKind, now = new Date()): { label: string; text: string; tone: DeadlineTone; remainingMs: number } {
  const name = DEADLINE_NAMES[kind];
  const remainingMs = Date.parse(iso) - now.getTime();
  if (remainingMs < 0) return { label: `已超过${name}`, text: `已超过${name} ${span(-remainingMs)}`, tone: 'late', remainingMs: 0 };
  return { label: `距${name}`, text: `距${name} ${span(remainingMs)}`, tone: remainingMs <= SOON_MS ? 'soon' : 'ok', remainingMs };
}

/** 今天 18:00 / 明天 18:00 / 10-08 18:00: a deadline near enough to say by its day. */
function dayAndTime(iso: string, now: Date): string {
  const d = dayjs(iso);
  const days = d.startOf('day').diff(dayjs(now).startOf('day'), 'day');
  return days === 0 ? `今天 ${d.format('HH:mm')}` : days === 1 ? `明天 ${d.format('HH:mm')}` : formatTime(iso, now);
}

/**
 * 「办结期限：当日（今天 18:00 前）」 or 「办结期限：3 个工作日内（11-23 15:00 前）」: the promise in the
 * policy's words and the instant it comes to. 当日 accepted late, or moved by a pause, falls on a later
 * day, which is said as 顺延 (domain/policy.ts EndOfWorkingDay). Without a recorded target (accepted
 * before targets were kept) only the instant.
 */
export function resolutionTerm(target: ResolutionTarget | null, resolveBy: string, now = new Date()): string {
  const when = dayAndTime(resolveBy, now);
  if (target === null) return `办结期限：${when} 前`;
  if ('kind' in target) return dayjs(resolveBy).isSame(now, 'day') || Date.parse(resolveBy) < now.getTime() ? `办结期限：当日（${when} 前）` : `办结期限：当日，顺延至${when} 前`;
  const amount = `${target.amount} ${target.unit === 'working_days' || target.unit === 'working_hours' ? '个' : ''}${UNIT_LABELS[target.unit]}`;
  return `办结期限：${amount}内（${when} 前）`;
}

/** The scheduler runs every minute: longer than this without a run means reminders have stopped. */
const SCHEDULER_STALE_MS = 5 * 60_000;

/** 「定时任务最后运行于 …」 for managers, and whether it is a warning. */
export function schedulerStatus(lastRunAt: string | null, now = new Date()): { text: string; warn: boolean } {
  if (!lastRunAt) return { text: '定时任务从未运行：催办、升级和消息通知都不会发生，请检查定时触发器', warn: true };
  const ago = now.getTime() - Date.parse(lastRunAt);
  if (ago > SCHEDULER_STALE_MS) return { text: `定时任务最后运行于 ${formatTime(lastRunAt, now)}，已 ${span(ago)}未运行：催办与通知已停止，请检查定时触发器`, warn: true };
  return { text: `定时任务最后运行于 ${formatTime(lastRunAt, now)}`, warn: false };
}
