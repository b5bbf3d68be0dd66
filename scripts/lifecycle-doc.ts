// Renders the transition table as Markdown for docs/lifecycle.md, so the docs read the same data as
// the code and the tests (STYLE.md §2), in the same role words the app shows.
import { TRANSITIONS, type CommandType } from '../domain/lifecycle';
import type { ActorRole } from '../domain/model';
import { ROLE_LABELS as APP_ROLE_LABELS } from '../miniprogram/utils/labels';

const ROLE_LABELS: Record<ActorRole, string> = { ...APP_ROLE_LABELS, system: '系统' };

const GUARD_LABELS = { none: '', own_complaint: '（仅本人的投诉）', assigned_handler: '（仅被指派的处理人；部门主管可代办）', handlers_own_task: '（处理人仅限自己的任务）' };

export function lifecycleMarkdown(): string {
  const rows = (Object.keys(TRANSITIONS) as CommandType[]).map((type) => {
    const t = TRANSITIONS[type];
    const from = t.from === null ? '（新建）' : t.from.join(', ');
    const roles = t.roles.map((r) => ROLE_LABELS[r] ?? r).join('、') + GUARD_LABELS[t.guard];
    return `| \`${type}\` ${t.label} | ${from} | ${t.to.join(', ')} | ${roles} | ${t.whilePaused ? '可' : '否'} | ${t.source} |`;
  });
  return [
    '| 命令 | 允许的状态 | 之后的状态 | 谁可以 | 暂停中 | 出处 |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
