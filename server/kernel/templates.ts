// Subscription-message templates as configuration (config/subscription-templates.json): a company
// picks templates from WeChat's library for its 类目, and each template's keyword ids differ
// (`thing2` in one is `thing5` in another). So the code says what a message carries in our own
// fields (number, summary, deadline …), each template's entry maps our fields to its keywords, and the
// keyword's type (its name's prefix) decides how a value is written within WeChat's limits
// (wechat-platform.md). Choosing another template is an edit of the file; the doctor checks it
// (scripts/preflight.ts) and CloudBase Local refuses data that breaks it (47003), as WeChat does.
import { localDate, localDateTime } from '../../domain/calendar';
import type { TemplateKey } from '../../domain/notifications';
import templates from '../../config/subscription-templates.json';

/** What our messages carry. */
export type MessageField = 'number' | 'summary' | 'status' | 'deadline' | 'at' | 'place' | 'title' | 'kind' | 'area' | 'from' | 'to' | 'topic' | 'text' | 'reply' | 'community' | 'closes';

/** The fields each message supplies; a template may show fewer of them, never others. */
export const MESSAGE_FIELDS: Record<TemplateKey, readonly MessageField[]> = {
  accepted: ['number', 'summary', 'deadline', 'status'],
  progress: ['number', 'summary', 'status', 'at'],
  result: ['number', 'summary', 'status', 'at'],
  task: ['number', 'summary', 'place', 'deadline'],
  notice: ['title', 'kind', 'area', 'from', 'to'],
  suggestion_reply: ['topic', 'text', 'reply', 'at'],
  survey: ['title', 'community', 'closes'],
};

/** The keyword types that can carry each field (a number has letters, a time is a time, a status is a word). */
export const FIELD_TYPES: Record<MessageField, readonly string[]> = {
  number: ['character_string', 'thing'],
  summary: ['thing'],
  status: ['phrase', 'thing'],
  deadline: ['time', 'date', 'thing'],
  at: ['time', 'date', 'thing'],
  place: ['thing'],
  title: ['thing'],
  kind: ['phrase', 'thing'],
  area: ['thing'],
  from: ['time', 'date', 'thing'],
  to: ['time', 'date', 'thing'],
  topic: ['phrase', 'thing'],
  text: ['thing'],
  reply: ['thing'],
  community: ['thing'],
  closes: ['date', 'time', 'thing'],
};

/** A field's Chinese name, for the doctor's sentences. */
export const FIELD_LABELS: Record<MessageField, string> = {
  number: '编号',
  summary: '摘要',
  status: '状态',
  deadline: '时限',
  at: '时间',
  place: '位置',
  title: '标题',
  kind: '类型',
  area: '范围',
  from: '开始时间',
  to: '结束时间',
  topic: '主题',
  text: '内容',
  reply: '答复',
  community: '小区',
  closes: '截止日期',
};

export interface TemplateConfig {
  key: TemplateKey;
  id: string;
  title: string;
  /** Our field → the template's keyword id. */
  keywords: Partial<Record<MessageField, string>>;
}

const CONFIGURED = templates as TemplateConfig[];
const BY_KEY = new Map(CONFIGURED.map((t) => [t.key, t]));

export function templateIdOf(key: TemplateKey): string {
  return BY_KEY.get(key)!.id;
}

/** Every template's id, by our key (the mini-program asks for credits by id). */
export function templateIds(): Record<TemplateKey, string> {
  return Object.fromEntries(CONFIGURED.map((t) => [t.key, t.id])) as Record<TemplateKey, string>;
}

/** At most `max` characters (code points), the last of a cut text an ellipsis: how every message shortens a text. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** A value written as the keyword's type asks (wechat-platform.md): lengths, and times in WeChat's format. */
function written(keyword: string, value: string | Date): string {
  const type = keyword.replace(/\d+$/, '');
  if (value instanceof Date) return type === 'date' ? localDate(value) : localDateTime(value);
  if (type === 'thing') return truncate(value, 20);
  if (type === 'phrase') return [...value].slice(0, 5).join('');
  if (type === 'character_string') return value.slice(0, 32);
  return value;
}

/** The data of message `key` for the configured template: our fields under its keywords. */
export function templateData(key: TemplateKey, values: Record<MessageField, string | Date> | Partial<Record<MessageField, string | Date>>, config: TemplateConfig = BY_KEY.get(key)!): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [field, keyword] of Object.entries(config.keywords) as Array<[MessageField, string]>) {
    const value = values[field];
    if (value !== undefined) data[keyword] = { value: written(keyword, value) };
  }
  return data;
}
