// Invariants of the lifecycle over random command sequences (fast-check): the timeline only grows,
// no deadline falls before submission, a pause never shortens the remaining time, and every reachable
// state can still be brought to closure by the ordinary process (no manager override needed).
import fc from 'fast-check';
import { evolve, type Complaint } from '../../domain/complaint';
import { DomainError } from '../../domain/errors';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import { DEFAULT_POLICY } from '../../domain/policy';
import { actors, at, submitCommand, triageCommand } from '../support/complaints';

const MIN = 60_000;

const commandPool: Array<[Command, Actor]> = [
  [{ type: 'add_info', text: '补充说明', photos: [] }, actors.owner],
  [triageCommand, actors.reception],
  [{ ...triageCommand, urgency: 'urgent' } as Command, actors.securitySupervisor],
  [{ type: 'triage', valid: false, explanation: '不属于物业职责' }, actors.reception],
  [{ type: 'transfer', department: 'security', handlerId: actors.otherHandler.id, reason: '转安保' }, actors.departmentHead],
  [{ type: 'transfer', department: 'engineering', handlerId: actors.handler.id, reason: '转回' }, actors.departmentHead],
  [{ type: 'accept' }, actors.handler],
  [{ type: 'accept' }, actors.otherHandler],
  [{ type: 'investigate', findings: '已核实', photos: [], responsibleParty: 'developer' }, actors.handler],
  [{ type: 'investigate', findings: '已核实', photos: [], responsibleParty: 'third_party' }, actors.otherHandler],
  [{ type: 'plan', description: '方案', expectedCompletionAt: at('2030-01-01T00:00:00+08:00'), estimatedCost: 0, externalParties: ['开发商'] }, actors.handler],
  [{ type: 'plan', description: '方案', expectedCompletionAt: at('2030-01-01T00:00:00+08:00'), estimatedCost: 9999, externalParties: [] }, actors.otherHandler],
  [{ type: 'approve_plan', comment: '' }, actors.dutyManager],
  [{ type: 'return_plan', reason: '重做' }, actors.departmentHead],
  [{ type: 'note', text: '进展', photos: [] }, actors.handler],
  [{ type: 'pause', reason: '等业主' }, actors.handler],
  [{ type: 'pause', reason: '等第三方' }, actors.departmentHead],
  [{ type: 'resume' }, actors.handler],
  [{ type: 'resume' }, actors.departmentHead],
  [{ type: 'resolve', result: '已处理', photos: [] }, actors.handler],
  [{ type: 'resolve', result: '已处理', photos: [] }, actors.otherHandler],
  [{ type: 'rate', score: 2, comment: '不满意' }, actors.owner],
  [{ type: 'rate', score: 4, comment: '' }, actors.owner],
  [{ type: 'reopen', reason: '又坏了' }, actors.owner],
  [{ type: 'record_callback', outcome: 'unreachable', note: '', score: null }, actors.reception],
  [{ type: 'record_callback', outcome: 'unsatisfied', note: '', score: 2 }, actors.reception],
  [{ type: 'request_callback' }, actors.system],
  [{ type: 'auto_close' }, actors.system],
  [{ type: 'remind', key: 'response:r1', deadline: 'response', notify: ['handler'] }, actors.system],
  [{ type: 'escalate', key: 'resolution:e1', deadline: 'resolution', level: 1, notify: 'department_head' }, actors.system],
];

type Step = { pick: number; minutes: number };
const steps = fc.array(fc.record({ pick: fc.nat({ max: commandPool.length - 1 }), minutes: fc.integer({ min: 0, max: 3 * 24 * 60 }) }), { maxLength: 40 });

/** Apply what is legal, skip what the domain refuses; report each state along the way. */
function walk(plan: Step[], visit: (before: Complaint, after: Complaint, command: Command, now: Date) => void): Complaint {
  let now = at('2026-11-20T17:45:00+08:00'); // a Friday evening: nights and the weekend come into play
  let state = evolve(null, decide(submitCommand(), null, actors.owner, now, DEFAULT_POLICY)[0]!);
  for (const { pick, minutes } of plan) {
    now = new Date(now.getTime() + minutes * MIN);
    const [command, actor] = commandPool[pick]!;
    let events;
    try {
      events = decide(command, state, actor, now, DEFAULT_POLICY);
    } catch (e) {
      if (e instanceof DomainError) continue;
      throw e;
    }
    const before = state;
    for (const e of events) state = evolve(state, e);
    visit(before, state, command, now);
  }
  return state;
}

/** The ordinary process from any state to closure, as the people who own each step. */
function driveToClosure(start: Complaint, from: Date): Complaint {
  let state = start;
  let now = from;
  for (let i = 0; i < 12 && state.status !== 'closed'; i++) {
    now = new Date(now.getTime() + 60 * MIN);
    const handler: Actor = { role: 'handler', id: state.handlerId ?? actors.handler.id };
    const [command, actor]: [Command, Actor] = state.pause
      ? [{ type: 'resume' }, handler]
      : ({
          submitted: [triageCommand, actors.reception],
          assigned: [{ type: 'accept' }, handler],
          accepted: [{ type: 'investigate', findings: '核实', photos: [], responsibleParty: 'property' }, handler],
          investigated: [{ type: 'plan', description: '方案', expectedCompletionAt: new Date(now.getTime() + 24 * 60 * MIN), estimatedCost: 0, externalParties: [] }, handler],
          awaiting_approval: [{ type: 'approve_plan', comment: '' }, actors.generalManager],
          in_progress: [{ type: 'resolve', result: '完成', photos: [] }, handler],
          resolved: [{ type: 'record_callback', outcome: 'satisfied', note: '', score: null }, actors.reception],
        } as Record<string, [Command, Actor]>)[state.status]!;
    for (const e of decide(command, state, actor, now, DEFAULT_POLICY)) state = evolve(state, e);
  }
  return state;
}

const runs = { numRuns: 300, seed: 20261122 };

describe('lifecycle invariants', () => {
  it('the timeline only grows, one numbered entry per event', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        walk(plan, (before, after) => {
          expect(after.timeline.length).toBeGreaterThan(before.timeline.length);
          expect(after.timeline.slice(0, before.timeline.length)).toEqual(before.timeline);
          after.timeline.forEach((e, i) => expect(e.seq).toBe(i + 1));
        });
      }),
      runs,
    );
  });

  it('no deadline falls before submission', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        walk(plan, (_before, c) => {
          for (const due of [c.respondBy, c.resolveBy, c.callbackDueAt, c.autoCloseAt]) {
            if (due) expect(due.getTime()).toBeGreaterThanOrEqual(c.submittedAt.getTime());
          }
        });
      }),
      runs,
    );
  });

  it('a pause never brings a deadline earlier', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        walk(plan, (before, after, command) => {
          if (command.type !== 'resume') return;
          expect(after.respondBy.getTime()).toBeGreaterThanOrEqual(before.respondBy.getTime());
          if (before.resolveBy) expect(after.resolveBy!.getTime()).toBeGreaterThanOrEqual(before.resolveBy.getTime());
        });
      }),
      runs,
    );
  });

  it('every reachable state can be brought to closure by the ordinary process', () => {
    fc.assert(
      fc.property(steps, (plan) => {
        let last = at('2026-11-20T17:45:00+08:00');
        const end = walk(plan, (_b, _a, _c, now) => (last = now));
        expect(driveToClosure(end, last).status).toBe('closed');
      }),
      runs,
    );
  });
});
