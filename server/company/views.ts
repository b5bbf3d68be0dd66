// What people read of the company module, worded in one place (the lint rule in eslint.config.js
// keeps Chinese out of handlers): the roll import's preview lines and why a handler's tasks went back.
import { roomLabel, type RollDiff } from '../../domain/households';

/** A room the import adds, as the preview lists it: 3栋2单元301 张先生. */
export const addedSample = (r: RollDiff['add'][number]) => `${roomLabel(r)} ${r.ownerName}`.trim();
/** A room whose phones change: 3栋2单元301 张先生（移除 1 个手机号）. */
export const changedSample = ({ room: r, removedPhones }: RollDiff['change'][number]) => `${roomLabel(r)} ${r.ownerName}${removedPhones.length ? `（移除 ${removedPhones.length} 个手机号）` : ''}`;

/** Why a complaint went back to its department when its handler left (its timeline says so). */
export const RELEASE_REASONS = { deactivated: '处理人已停用', moved: '处理人已调离本小区' } as const;
