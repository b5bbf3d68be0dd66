// The staff's steps as forms (staff subpackage only) (DESIGN.md §1; the transition table in docs/lifecycle.md): which fields
// each command asks for, and how the filled-in values become the command the api validates. The task
// page renders whichever of these the server says this caller may send now.
import type { ActionInput } from '../../typings/api';
import { CALLBACK_OUTCOME_LABELS, REPLY_WAY_LABELS, RESPONSIBLE_PARTY_LABELS, URGENCY_LABELS } from '../utils/labels';

export type Command = ActionInput<'complaint.command'>['command'];
export type StaffCommand = Exclude<Command['type'], 'add_info' | 'withdraw' | 'rate' | 'reopen'>;
export type Values = Record<string, string | string[]>;

export interface Option {
  value: string;
  label: string;
}

export interface Field {
  key: string;
  label: string;
  kind: 'text' | 'textarea' | 'radio' | 'select' | 'number' | 'date' | 'photos';
  /** Static choices; `select` fields named in `Choices` get theirs at run time. */
  options?: Option[];
  optional?: boolean;
  placeholder?: string;
  /** Shown only while another field has this value (triage: 成立 / 不成立). */
  when?: { key: string; is: string };
}

export interface ActionForm {
  type: StaffCommand;
  title: string;
  /** Plain buttons send at once; the rest open their form. */
  fields: Field[];
  danger?: boolean;
  build(v: Values): Command;
}

/** Choices that depend on the company (policy) or on other complaints. */
export interface Choices {
  categories: Option[];
  departments: Option[];
  /** The community's handlers and heads, to name one instead of the department's rotation. */
  handlers: Option[];
  mergeTargets: Option[];
}

const options = (labels: Record<string, string>): Option[] => Object.entries(labels).map(([value, label]) => ({ value, label }));
const str = (v: Values, k: string) => (typeof v[k] === 'string' ? (v[k] as string).trim() : '');
const list = (v: Values, k: string) => (Array.isArray(v[k]) ? (v[k] as string[]) : []);
const VALID = { key: 'valid', is: 'yes' };
const INVALID = { key: 'valid', is: 'no' };

export function actionForms(choices: Choices): Record<StaffCommand, ActionForm> {
  return {
    triage: {
      type: 'triage',
      title: '受理分派',
      fields: [
        { key: 'valid', label: '投诉是否成立', kind: 'radio', options: [{ value: 'yes', label: '成立' }, { value: 'no', label: '不成立' }] },
        { key: 'category', label: '类型', kind: 'select', options: choices.categories, when: VALID },
        { key: 'urgency', label: '紧急程度', kind: 'radio', options: options(URGENCY_LABELS), when: VALID },
        { key: 'complexity', label: '复杂程度', kind: 'radio', options: [{ value: 'ordinary', label: '一般问题' }, { value: 'special', label: '特殊问题' }], when: VALID },
        { key: 'department', label: '责任部门', kind: 'select', options: choices.departments, optional: true, placeholder: '默认按类型分派', when: VALID },
        { key: 'handlerId', label: '处理人', kind: 'select', options: choices.handlers, optional: true, placeholder: '默认按部门规则派单', when: VALID },
        { key: 'explanation', label: '书面说明', kind: 'textarea', placeholder: '向业主说明不成立的理由', when: INVALID },
      ],
      build: (v) =>
        str(v, 'valid') === 'no'
          ? { type: 'triage', valid: false, explanation: str(v, 'explanation') }
          : {
              type: 'triage',
              valid: true,
              category: str(v, 'category'),
              urgency: str(v, 'urgency') as 'urgent' | 'important' | 'normal',
              complexity: str(v, 'complexity') as 'ordinary' | 'special',
              department: str(v, 'department') || undefined,
              handlerId: str(v, 'handlerId') || undefined,
            },
    },
    transfer: {
      type: 'transfer',
      title: '转派',
      fields: [
        { key: 'department', label: '转给部门', kind: 'select', options: choices.departments },
        { key: 'handlerId', label: '处理人', kind: 'select', options: choices.handlers, optional: true, placeholder: '默认按部门规则派单' },
        { key: 'reason', label: '原因', kind: 'textarea' },
      ],
      build: (v) => ({ type: 'transfer', department: str(v, 'department'), handlerId: str(v, 'handlerId') || undefined, reason: str(v, 'reason') }),
    },
    accept: { type: 'accept', title: '接单', fields: [], build: () => ({ type: 'accept' }) },
    investigate: {
      type: 'investigate',
      title: '调查结果',
      fields: [
        { key: 'findings', label: '调查情况', kind: 'textarea' },
        { key: 'responsibleParty', label: '责任方', kind: 'radio', options: options(RESPONSIBLE_PARTY_LABELS) },
        { key: 'photos', label: '现场照片', kind: 'photos', optional: true },
      ],
      build: (v) => ({ type: 'investigate', findings: str(v, 'findings'), responsibleParty: str(v, 'responsibleParty') as 'property', photos: list(v, 'photos') }),
    },
    plan: {
      type: 'plan',
      title: '处理方案',
      fields: [
        { key: 'description', label: '方案', kind: 'textarea' },
        { key: 'expectedCompletionAt', label: '预计完成日期', kind: 'date' },
        { key: 'estimatedCost', label: '预计费用（元）', kind: 'number', optional: true },
        { key: 'externalParties', label: '外部单位', kind: 'text', optional: true, placeholder: '如：开发商、供电局，用顿号分隔' },
      ],
      build: (v) => ({
        type: 'plan',
        description: str(v, 'description'),
        // The end of the chosen day in the company's zone (UTC+8).
        expectedCompletionAt: `${str(v, 'expectedCompletionAt')}T18:00:00+08:00`,
        estimatedCost: Number(str(v, 'estimatedCost') || 0),
        externalParties: str(v, 'externalParties').split(/[、,，]/).map((s) => s.trim()).filter(Boolean),
      }),
    },
    approve_plan: { type: 'approve_plan', title: '批准方案', fields: [{ key: 'comment', label: '意见', kind: 'textarea', optional: true }], build: (v) => ({ type: 'approve_plan', comment: str(v, 'comment') }) },
    return_plan: { type: 'return_plan', title: '退回方案', danger: true, fields: [{ key: 'reason', label: '退回原因', kind: 'textarea' }], build: (v) => ({ type: 'return_plan', reason: str(v, 'reason') }) },
    note: {
      type: 'note',
      title: '记录进展',
      fields: [
        { key: 'text', label: '进展', kind: 'textarea' },
        { key: 'photos', label: '照片', kind: 'photos', optional: true },
      ],
      build: (v) => ({ type: 'note', text: str(v, 'text'), photos: list(v, 'photos') }),
    },
    pause: { type: 'pause', title: '暂停计时', fields: [{ key: 'reason', label: '原因', kind: 'textarea', placeholder: '如：等待业主在家、等待配件' }], build: (v) => ({ type: 'pause', reason: str(v, 'reason') }) },
    resume: { type: 'resume', title: '恢复计时', fields: [], build: () => ({ type: 'resume' }) },
    resolve: {
      type: 'resolve',
      title: '处理完成',
      fields: [
        { key: 'result', label: '处理结果', kind: 'textarea' },
        { key: 'photos', label: '完工照片', kind: 'photos', optional: true },
      ],
      build: (v) => ({ type: 'resolve', result: str(v, 'result'), photos: list(v, 'photos') }),
    },
    record_callback: {
      type: 'record_callback',
      title: '记录回访',
      fields: [
        { key: 'outcome', label: '回访结果', kind: 'radio', options: options(CALLBACK_OUTCOME_LABELS) },
        { key: 'score', label: '满意度（1–5）', kind: 'number', optional: true },
        { key: 'note', label: '备注', kind: 'textarea', optional: true },
      ],
      build: (v) => ({ type: 'record_callback', outcome: str(v, 'outcome') as 'satisfied', note: str(v, 'note'), score: str(v, 'score') ? Number(str(v, 'score')) : null }),
    },
    // seed 003 (8): a complaint taken by phone, visit or letter is answered the same way.
    record_reply: {
      type: 'record_reply',
      title: '答复投诉人',
      fields: [
        { key: 'way', label: '答复方式', kind: 'radio', options: options(REPLY_WAY_LABELS) },
        { key: 'outcome', label: '投诉人的反应', kind: 'radio', options: options(CALLBACK_OUTCOME_LABELS) },
        { key: 'score', label: '满意度（1–5）', kind: 'number', optional: true },
        { key: 'note', label: '答复内容与投诉人的意见', kind: 'textarea', optional: true },
      ],
      build: (v) => ({ type: 'record_reply', way: str(v, 'way') as 'phone', outcome: str(v, 'outcome') as 'satisfied', note: str(v, 'note'), score: str(v, 'score') ? Number(str(v, 'score')) : null }),
    },
    merge: {
      type: 'merge',
      title: '合并到同类投诉',
      fields: [
        { key: 'targetId', label: '合并到', kind: 'select', options: choices.mergeTargets },
        { key: 'explanation', label: '说明', kind: 'textarea', placeholder: '告诉业主与哪条投诉一并处理' },
      ],
      build: (v) => ({ type: 'merge', targetId: str(v, 'targetId'), explanation: str(v, 'explanation') }),
    },
    close: { type: 'close', title: '办结', danger: true, fields: [{ key: 'explanation', label: '办结说明', kind: 'textarea' }], build: (v) => ({ type: 'close', explanation: str(v, 'explanation') }) },
  };
}

/** The fields showing now, given the values so far. */
export function visibleFields(form: ActionForm, v: Values): Field[] {
  return form.fields.filter((f) => !f.when || v[f.when.key] === f.when.is);
}

/** The first required field left empty, if any: the form says which before anything is sent. */
export function missingField(form: ActionForm, v: Values): Field | null {
  return visibleFields(form, v).find((f) => !f.optional && (f.kind === 'photos' ? false : str(v, f.key) === '')) ?? null;
}
