// What the clock asks of a complaint (reminders, escalation, callback, auto-close), given / when / then.
import { evolve, type Complaint } from '../../domain/complaint';
import { decide } from '../../domain/lifecycle';
import { DEFAULT_POLICY } from '../../domain/policy';
import { notificationsFor } from '../../domain/notifications';
import { dueTimers, nextTimerAt, timersOf } from '../../domain/timers';
import { actors, at, complaintAt, Scenario, submitCommand, triageCommand } from '../support/complaints';

/** Issue every due timer command as the scheduler would, and return the keys/types issued. */
function fire(c: Complaint, now: Date): { state: Complaint; issued: string[] } {
  let state = c;
  const issued: string[] = [];
  for (const command of dueTimers(state, now, DEFAULT_POLICY)) {
    for (const e of decide(command, state, actors.system, now, DEFAULT_POLICY)) state = evolve(state, e);
    issued.push('key' in command ? command.key : command.type);
  }
  return { state, issued };
}

const DAY = 86_400_000;

describe('timers', () => {
  it('an elevator entrapment at 23:00 Saturday: reminders within minutes, the department head at the deadline, the general manager after 30 min (seed 003 (5)b)', () => {
    const s = new Scenario(at('2026-11-21T23:00:00+08:00')).run(
      submitCommand({ description: '3号楼电梯困人，有老人在里面', suggestedUrgency: 'urgent' }),
      actors.owner,
    );
    expect(s.complaint.respondBy).toEqual(at('2026-11-21T23:15:00+08:00'));
    expect(nextTimerAt(s.complaint, DEFAULT_POLICY)).toEqual(at('2026-11-21T23:07:30+08:00'));

    const at23_16 = fire(s.complaint, at('2026-11-21T23:16:00+08:00'));
    expect(at23_16.issued).toEqual(['response:r1', 'response:r2', 'response:e1']);
    expect(at23_16.state.escalationLevel).toBe(1);
    // A sweep that comes this late (an outage): the two 「即将超时」 warnings are past, recorded as
    // skipped and sent to nobody; the escalation due now is what people hear.
    const late = at23_16.state.timeline.filter((e) => e.type === 'reminded' || e.type === 'escalated');
    expect(late.map((e) => [e.type, e.type === 'reminded' ? e.skipped : undefined])).toEqual([
      ['reminded', true],
      ['reminded', true],
      ['escalated', undefined],
    ]);

    const at23_31 = fire(at23_16.state, at('2026-11-21T23:31:00+08:00'));
    expect(at23_31.issued).toContain('response:emergency_gm');
    expect(at23_31.state.timeline.at(-1)).toMatchObject({ type: 'escalated', notify: expect.any(String) });
    expect(at23_31.state.timeline.some((e) => e.type === 'escalated' && e.notify === 'general_manager')).toBe(true);
  });

  it('a repeated sweep issues nothing twice', () => {
    const s = complaintAt('assigned');
    const later = new Date(s.complaint.respondBy.getTime() + 60_000);
    const first = fire(s.complaint, later);
    expect(first.issued.length).toBeGreaterThan(0);
    expect(fire(first.state, later).issued).toEqual([]);
  });

  it('acceptance stops the response timers; the resolution timers start', () => {
    const s = complaintAt('accepted');
    const keys = timersOf(s.complaint, DEFAULT_POLICY).map((t) => ('key' in t.command ? t.command.key : t.command.type));
    expect(keys.every((k) => k.startsWith('resolution:'))).toBe(true);
    expect(keys).toContain('resolution:e1');
  });

  it('a paused complaint has no timers; resuming brings them back, later', () => {
    const s = complaintAt('in_progress');
    const before = nextTimerAt(s.complaint, DEFAULT_POLICY)!;
    s.run({ type: 'pause', reason: '等待业主回家开门' }, actors.handler, 5);
    expect(timersOf(s.complaint, DEFAULT_POLICY)).toEqual([]);
    expect(nextTimerAt(s.complaint, DEFAULT_POLICY)).toBeNull();
    s.run({ type: 'resume' }, actors.handler, 120);
    expect(nextTimerAt(s.complaint, DEFAULT_POLICY)!.getTime()).toBeGreaterThan(before.getTime());
  });

  it('after resolution: the callback task when no rating came, then auto-close (seed 003 (8))', () => {
    const s = complaintAt('resolved');
    expect(nextTimerAt(s.complaint, DEFAULT_POLICY)).toEqual(s.complaint.callbackDueAt);
    const callback = fire(s.complaint, s.complaint.callbackDueAt!);
    expect(callback.issued).toEqual(['request_callback']);
    expect(nextTimerAt(callback.state, DEFAULT_POLICY)).toEqual(s.complaint.autoCloseAt);
    const closed = fire(callback.state, s.complaint.autoCloseAt!);
    expect(closed.issued).toEqual(['auto_close']);
    expect(closed.state.status).toBe('closed');
    // Closed: only the erasure of the complainant's personal data is left, a year after closing.
    expect(nextTimerAt(closed.state, DEFAULT_POLICY)).toEqual(new Date(s.complaint.autoCloseAt!.getTime() + 365 * DAY));
  });

  it('a rated complaint asks for no callback', () => {
    const s = complaintAt('closed');
    expect(timersOf(s.complaint, DEFAULT_POLICY)).toEqual([{ at: new Date(s.complaint.closedAt!.getTime() + 365 * DAY), command: { type: 'erase_personal_data' } }]);
  });

  it('a year after closing the complainant’s name and phone are erased; the record stays (PIPL 第十九条, policy.privacy)', () => {
    const s = complaintAt('closed');
    const eraseAt = new Date(s.complaint.closedAt!.getTime() + 365 * DAY);
    expect(fire(s.complaint, new Date(eraseAt.getTime() - 60_000)).issued).toEqual([]);
    const erased = fire(s.complaint, eraseAt);
    expect(erased.issued).toEqual(['erase_personal_data']);
    expect(erased.state.complainant).toEqual({ openid: actors.owner.id, name: '', phone: '', roomId: 'room-1-2-301' });
    expect(erased.state.personalDataErasedAt).toEqual(eraseAt);
    expect(erased.state.description).toBe(s.complaint.description);
    expect(JSON.stringify(erased.state.timeline)).not.toMatch(/13800138000|张先生/);
    expect(nextTimerAt(erased.state, DEFAULT_POLICY)).toBeNull();
    // A company that keeps data for 90 days gets it erased then.
    const short = { ...DEFAULT_POLICY, privacy: { eraseComplainantAfterDays: 90 } };
    expect(nextTimerAt(s.complaint, short)).toEqual(new Date(s.complaint.closedAt!.getTime() + 90 * DAY));
  });

  it('before triage the reception desk is reminded; after triage the handler', () => {
    const s = complaintAt('submitted');
    const [first] = timersOf(s.complaint, DEFAULT_POLICY);
    expect(first!.command).toMatchObject({ type: 'remind', notify: ['reception'] });
    s.run(triageCommand, actors.reception, 1);
    const [afterTriage] = timersOf(s.complaint, DEFAULT_POLICY);
    expect(afterTriage!.command).toMatchObject({ type: 'remind', notify: ['handler'] });
  });
});

describe('who is chased before triage (seed 003 (5)c; issue: nights and untriaged escalation)', () => {
  const commandsOf = (c: Complaint) => timersOf(c, DEFAULT_POLICY).map((t) => t.command).filter((x) => x.type === 'remind' || x.type === 'escalate');

  it('given an untriaged 电梯困人 at 23:00 Saturday, then reminders go to the on-duty security supervisor and the duty manager, and the first escalation to the supervisor — not to every department head', () => {
    const s = new Scenario(at('2026-11-21T23:00:00+08:00')).run(submitCommand({ description: '3号楼电梯困人', suggestedUrgency: 'urgent' }), actors.owner);
    expect(commandsOf(s.complaint)).toEqual([
      { type: 'remind', key: 'response:r1', deadline: 'response', notify: ['security_supervisor', 'duty_manager'] },
      { type: 'remind', key: 'response:r2', deadline: 'response', notify: ['security_supervisor', 'duty_manager'] },
      { type: 'escalate', key: 'response:e1', deadline: 'response', level: 1, notify: 'security_supervisor' },
      { type: 'escalate', key: 'response:e2', deadline: 'response', level: 2, notify: 'duty_manager' },
      { type: 'escalate', key: 'response:e3', deadline: 'response', level: 3, notify: 'general_manager' },
      { type: 'escalate', key: 'response:emergency_gm', deadline: 'response', level: 4, notify: 'general_manager' },
    ]);
  });

  it('given an untriaged complaint filed Wednesday 10:00, then its reminders and first escalation (in working hours) go to 客服', () => {
    const s = new Scenario(at('2026-11-18T10:00:00+08:00')).run(submitCommand(), actors.owner);
    const first = commandsOf(s.complaint).slice(0, 3);
    expect(first.map((x) => x.notify)).toEqual([['reception'], ['reception'], 'reception']);
  });

  it('given a complaint triaged to a department, then its first escalation goes to that department’s head', () => {
    const s = complaintAt('assigned');
    expect(commandsOf(s.complaint).find((x) => x.key === 'response:e1')).toMatchObject({ notify: 'department_head' });
    expect(commandsOf(s.complaint).find((x) => x.key === 'response:r1')).toMatchObject({ notify: ['handler'] });
  });

  it('a warning whose moment has not passed goes out; one overtaken by the next warning is skipped (issue 27.7)', () => {
    const s = new Scenario(at('2026-11-21T23:00:00+08:00')).run(submitCommand({ description: '3号楼电梯困人，有老人在里面', suggestedUrgency: 'urgent' }), actors.owner);
    const r1 = timersOf(s.complaint, DEFAULT_POLICY).filter((t) => t.command.type === 'remind').map((t) => t.at);
    expect(r1.length).toBe(2);
    // On time: the first warning alone, with its message.
    const onTime = dueTimers(s.complaint, r1[0]!, DEFAULT_POLICY);
    expect(onTime).toEqual([expect.objectContaining({ key: 'response:r1' })]);
    expect(onTime[0]).not.toHaveProperty('stale');
    // Both warnings due at once, the deadline still ahead: the first is overtaken, the second goes out.
    const both = dueTimers(s.complaint, r1[1]!, DEFAULT_POLICY);
    expect(both.map((c) => [('key' in c ? c.key : c.type), 'stale' in c ? c.stale : false])).toEqual([
      ['response:r1', true],
      ['response:r2', false],
    ]);
    // Only the warning that still means something is sent (to whoever answers for intake at night).
    let state = s.complaint;
    const sent: string[] = [];
    for (const command of both) {
      for (const e of decide(command, state, actors.system, r1[1]!, DEFAULT_POLICY)) {
        state = evolve(state, e);
        sent.push(...notificationsFor(e, state.timeline.length, state, DEFAULT_POLICY).map((n) => `${n.key} ${n.summary}`));
      }
    }
    const r2Seq = state.timeline.findIndex((e) => e.type === 'reminded' && e.key === 'response:r2') + 1;
    expect(sent.length).toBeGreaterThan(0);
    for (const line of sent) expect(line).toMatch(new RegExp(`^${r2Seq}:.* 投诉即将超时$`));
    expect(state.timeline.filter((e) => e.type === 'reminded').map((e) => (e.type === 'reminded' ? [e.key, e.skipped ?? false] : []))).toEqual([
      ['response:r1', true],
      ['response:r2', false],
    ]);
  });
});
