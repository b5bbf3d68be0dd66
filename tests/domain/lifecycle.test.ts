// The lifecycle, given / when / then. Part 1 walks every row of the transition table for every status
// and role; part 2 states the handbook's rules as scenarios with their exact events.
import { evolve, type Complaint } from '../../domain/complaint';
import { DomainError } from '../../domain/errors';
import { allowedCommands, decide, TRANSITIONS, type Command, type CommandType } from '../../domain/lifecycle';
import { ROLES, STATUSES, type Actor, type Status } from '../../domain/model';
import { DEFAULT_POLICY } from '../../domain/policy';
import { actorFor, actors, at, complaintAt, Scenario, submitCommand, triageCommand } from '../support/complaints';

const DAY = 24 * 60 * 60_000;

/** A valid payload for each command, so only status, role, guard and pause decide the outcome. */
const sample: Record<CommandType, Command> = {
  submit: submitCommand({ id: 'c-new' }),
  record: { ...(submitCommand({ id: 'c-new' }) as Extract<Command, { type: 'submit' }>), type: 'record', channel: 'phone' },
  add_info: { type: 'add_info', text: '补充：晚上八点后漏得更厉害', photos: [] },
  triage: triageCommand,
  transfer: { type: 'transfer', department: 'engineering', handlerId: actors.otherHandler.id, reason: '换专业维修工' },
  accept: { type: 'accept' },
  investigate: { type: 'investigate', findings: '防水层破损', photos: [], responsibleParty: 'property' },
  plan: { type: 'plan', description: '重做防水', expectedCompletionAt: at('2027-06-01T18:00:00+08:00'), estimatedCost: 100, externalParties: [] },
  approve_plan: { type: 'approve_plan', comment: '同意' },
  return_plan: { type: 'return_plan', reason: '方案不完整' },
  note: { type: 'note', text: '材料已到，明天施工', photos: [] },
  pause: { type: 'pause', reason: '等待业主在家' },
  resume: { type: 'resume' },
  resolve: { type: 'resolve', result: '已修复', photos: [] },
  rate: { type: 'rate', score: 5, comment: '满意' },
  reopen: { type: 'reopen', reason: '又漏了' },
  record_callback: { type: 'record_callback', outcome: 'satisfied', note: '业主表示满意', score: null },
  request_callback: { type: 'request_callback' },
  auto_close: { type: 'auto_close' },
  remind: { type: 'remind', key: 'response:r1', deadline: 'response', notify: ['handler'] },
  escalate: { type: 'escalate', key: 'response:e1', deadline: 'response', level: 1, notify: 'department_head' },
  merge: { type: 'merge', target: { id: 'c-2', communityId: 'community-a', status: 'submitted' }, explanation: '与 c-2 为同一问题' },
  receive_merge: { type: 'receive_merge', sourceId: 'c-3' },
  withdraw: { type: 'withdraw', reason: '已自行解决' },
  close: { type: 'close', explanation: '业主已搬离，无法继续处理' },
  record_reply: { type: 'record_reply', way: 'phone', outcome: 'satisfied', note: '已电话告知', score: null },
  link_complainant: { type: 'link_complainant', openid: 'openid-caller', roomId: 'room-1-2-301' },
  release_handler: { type: 'release_handler', reason: '处理人已停用' },
  block_photo: { type: 'block_photo', photo: 'cloud://env.bucket/complaint-photos/openid-owner-1/a.jpg', label: 20002 },
  erase_personal_data: { type: 'erase_personal_data' },
};

const ALL_ROLES = [...ROLES, 'system'] as const;
type Given = { state: Complaint | null; now: Date; label: string };

function givenFor(type: CommandType, status: Status | null): Given {
  if (status === null) return { state: null, now: at('2026-11-18T10:00:00+08:00'), label: 'no complaint' };
  // The reply and the account link concern complaints taken on the phone (seed 003 (8)).
  const s = complaintAt(status, DEFAULT_POLICY, type === 'record_reply' || type === 'link_complainant' ? 'phone' : 'app');
  // `resume` needs a paused clock; pause wherever pausing is legal so resume is judged on its own row.
  if (type === 'resume' && TRANSITIONS.pause.from!.includes(status)) s.run({ type: 'pause', reason: '等待第三方' }, actors.handler, 5);
  // Timers after resolution fire only once due: look a month later (personal data: past its year).
  const later = type === 'erase_personal_data' ? 400 * DAY : 30 * DAY;
  return { state: s.state, now: new Date(s.now.getTime() + later), label: status };
}

/**
 * What the table's data says for each role's canonical actor (who satisfies every guard): its roles,
 * the statuses it starts from, and whether it may run on a paused clock. The guards themselves are
 * spelled out case by case below ("who may do what"), not recomputed here.
 */
function prescribed(type: CommandType, state: Complaint | null, actor: Actor): string | null {
  const t = TRANSITIONS[type];
  if (!t.roles.includes(actor.role)) return 'LIFECYCLE.ROLE_FORBIDDEN';
  if (t.from === null) return state === null ? null : 'LIFECYCLE.ALREADY_EXISTS';
  if (state === null) return 'LIFECYCLE.NOT_FOUND';
  if (!t.from.includes(state.status)) return 'LIFECYCLE.ILLEGAL_TRANSITION';
  if (state.pause && !t.whilePaused) return 'LIFECYCLE.PAUSED';
  return null;
}

function outcome(command: Command, g: Given, actor: Actor): string | null {
  try {
    decide(command, g.state, actor, g.now, DEFAULT_POLICY);
    return null;
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
}

describe('transition table: every command × status × role', () => {
  const rows: Array<[CommandType, Status | null]> = [];
  for (const type of Object.keys(TRANSITIONS) as CommandType[]) for (const status of [null, ...STATUSES]) rows.push([type, status]);

  it.each(rows)('%s when %s', (type, status) => {
    const g = givenFor(type, status);
    // Each role as the person the guard asks for: the complaint's owner is actors.owner already; for
    // the handler guards, the role's member who holds the task.
    const holder = (role: (typeof ALL_ROLES)[number]) => {
      const a = actorFor(role);
      return TRANSITIONS[type].guard !== 'none' && TRANSITIONS[type].guard !== 'own_complaint' && g.state?.handlerId ? { ...a, id: g.state.handlerId } : a;
    };
    for (const actor of ALL_ROLES.map(holder)) {
      expect({ actor: actor.id, got: outcome(sample[type], g, actor) }).toEqual({ actor: actor.id, got: prescribed(type, g.state, actor) });
    }
  });

  it('lets each command through in at least one status for at least one role', () => {
    for (const type of Object.keys(TRANSITIONS) as CommandType[]) {
      const ok = [null, ...STATUSES].some((status) => {
        const g = givenFor(type, status);
        return ALL_ROLES.some((role) => outcome(sample[type], g, actorFor(role)) === null);
      });
      expect({ type, ok }).toEqual({ type, ok: true });
    }
  });
});

describe('who may do what (the rules spelled out)', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return (e as DomainError).code;
    }
  };

  it('an owner cannot triage, accept or close a complaint', () => {
    const s = complaintAt('submitted');
    expect(code(() => decide(triageCommand, s.state, actors.owner, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.ROLE_FORBIDDEN');
    expect(code(() => decide({ type: 'close', explanation: 'x' }, s.state, actors.owner, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.ROLE_FORBIDDEN');
  });

  it("owner B cannot withdraw, add to or rate owner A's complaint", () => {
    const s = complaintAt('resolved');
    expect(code(() => decide(sample.rate, s.state, actors.otherOwner, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_YOUR_COMPLAINT');
    expect(code(() => decide(sample.add_info, s.state, actors.otherOwner, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_YOUR_COMPLAINT');
    const open = complaintAt('assigned');
    expect(code(() => decide(sample.withdraw, open.state, actors.otherOwner, open.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_YOUR_COMPLAINT');
  });

  it('a handler cannot accept a task assigned to a colleague, but the department head can act for them', () => {
    const s = complaintAt('assigned');
    expect(code(() => decide(sample.accept, s.state, actors.otherHandler, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_ASSIGNED_TO_YOU');
    expect(code(() => decide(sample.accept, s.state, actors.departmentHead, s.now, DEFAULT_POLICY))).toBe('ok');
  });

  it('a handler adds notes or transfers only on their own task; reception and heads on any task of the community', () => {
    const s = complaintAt('in_progress');
    expect(code(() => decide(sample.note, s.state, actors.otherHandler, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_ASSIGNED_TO_YOU');
    expect(code(() => decide(sample.note, s.state, actors.handler, s.now, DEFAULT_POLICY))).toBe('ok');
    expect(code(() => decide(sample.note, s.state, actors.reception, s.now, DEFAULT_POLICY))).toBe('ok');
    const assigned = complaintAt('assigned');
    expect(code(() => decide({ ...sample.transfer, handlerId: 'staff-handler-3' } as Command, assigned.state, actors.otherHandler, assigned.now, DEFAULT_POLICY))).toBe('LIFECYCLE.NOT_ASSIGNED_TO_YOU');
    expect(code(() => decide(sample.transfer, assigned.state, actors.departmentHead, assigned.now, DEFAULT_POLICY))).toBe('ok');
  });

  it('a stranger owner may do nothing to another owner’s complaint, in any status', () => {
    for (const status of STATUSES) {
      const s = complaintAt(status);
      expect({ status, allowed: allowedCommands(s.complaint, actors.otherOwner) }).toEqual({ status, allowed: [] });
    }
  });

  it('nobody approves their own plan (four eyes, seed 001 第四节六)', () => {
    const s = complaintAt('awaiting_approval');
    const headAsHandler = { role: 'department_head', id: actors.handler.id } as const;
    expect(code(() => decide(sample.approve_plan, s.state, headAsHandler, s.now, DEFAULT_POLICY))).toBe('APPROVAL.OWN_PLAN');
  });

  it('the owner sees withdraw and add_info, not staff actions; the handler sees accept and transfer', () => {
    const s = complaintAt('assigned');
    expect(allowedCommands(s.complaint, actors.owner).sort()).toEqual(['add_info', 'withdraw']);
    expect(allowedCommands(s.complaint, actors.handler).sort()).toEqual(['accept', 'transfer']);
  });

  it('while paused only the pause-safe commands pass', () => {
    const s = complaintAt('in_progress').run(sample.pause, actors.handler, 5);
    expect(code(() => decide(sample.resolve, s.state, actors.handler, s.now, DEFAULT_POLICY))).toBe('LIFECYCLE.PAUSED');
    expect(code(() => decide(sample.note, s.state, actors.handler, s.now, DEFAULT_POLICY))).toBe('ok');
  });

  it('offers pause on a running clock and only resume on a paused one', () => {
    const s = complaintAt('in_progress');
    expect(allowedCommands(s.complaint, actors.handler)).toContain('pause');
    expect(allowedCommands(s.complaint, actors.handler)).not.toContain('resume');
    expect(code(() => decide(sample.resume, s.state, actors.handler, s.now, DEFAULT_POLICY))).toBe('PAUSE.NOT_PAUSED');
    s.run(sample.pause, actors.handler, 5);
    expect(allowedCommands(s.complaint, actors.handler)).toContain('resume');
    expect(allowedCommands(s.complaint, actors.handler)).not.toContain('pause');
  });
});

describe('scenarios from the handbooks', () => {
  it('intake: the owner files; the number, the response deadline and a timeline entry exist at once (seed 000 §(一))', () => {
    const s = new Scenario(at('2026-11-18T10:00:00+08:00')).run(submitCommand(), actors.owner);
    const c = s.complaint;
    expect(c).toMatchObject({ status: 'submitted', number: 'TS20261118-0001', channel: 'mini_program', desiredOutcome: '尽快维修并赔偿损失', recordedBy: null });
    // Unclassified: counted as 一般 — 2 working days (seed 000 §(二)).
    expect(c.respondBy.getTime()).toBeGreaterThan(c.submittedAt.getTime());
    expect(c.timeline.map((e) => [e.seq, e.type])).toEqual([[1, 'submitted']]);
  });

  it('intake by staff records the channel and who recorded it (seed 003 (2)(4))', () => {
    const s = new Scenario(at('2026-11-18T10:00:00+08:00')).run(sample.record, actors.reception);
    expect(s.complaint).toMatchObject({ channel: 'phone', recordedBy: actors.reception.id });
  });

  it("a deactivated handler's task returns to the department's queue: no handler, re-accepted by the next (seed 003 (5)a)", () => {
    const s = complaintAt('in_progress').run({ type: 'release_handler', reason: '处理人已停用' }, actors.system);
    expect(s.complaint).toMatchObject({ status: 'assigned', handlerId: null, department: 'engineering' });
    // The resolution deadline already running is not reset by the change of hands.
    expect(s.complaint.resolveBy).toEqual(complaintAt('in_progress').complaint.resolveBy);
    expect(s.complaint.timeline.at(-1)).toMatchObject({ type: 'handler_released', reason: '处理人已停用' });
    expect(allowedCommands(s.complaint, actors.departmentHead)).toContain('transfer');
  });

  it('an empty description is refused with a stable code', () => {
    expect(() => new Scenario(at('2026-11-18T10:00:00+08:00')).run(submitCommand({ description: '   ' }), actors.owner)).toThrow(
      expect.objectContaining({ code: 'INTAKE.DESCRIPTION_REQUIRED' }),
    );
  });

  it('an invalid complaint is closed with the written explanation the owner reads (seed 001 第二节二; 002 (13))', () => {
    const s = complaintAt('submitted').run({ type: 'triage', valid: false, explanation: '该问题属于市政供水，已告知业主拨打96116' }, actors.reception);
    expect(s.complaint.status).toBe('closed');
    expect(s.complaint.closure).toEqual({ reason: 'invalid', explanation: '该问题属于市政供水，已告知业主拨打96116', mergedInto: null });
    expect(() => complaintAt('submitted').run({ type: 'triage', valid: false, explanation: ' ' }, actors.reception)).toThrow(
      expect.objectContaining({ code: 'TRIAGE.EXPLANATION_REQUIRED' }),
    );
  });

  it('triage sets category, urgency, department and handler, and recomputes the response deadline from submission', () => {
    const s = complaintAt('submitted');
    const provisional = s.complaint.respondBy;
    s.run({ ...triageCommand, urgency: 'urgent' } as Command, actors.reception, 5);
    expect(s.complaint).toMatchObject({ status: 'assigned', category: 'repair', urgency: 'urgent', department: 'engineering', handlerId: actors.handler.id });
    // 紧急 → 15 minutes around the clock from submission, well before the provisional 一般 deadline.
    expect(s.complaint.respondBy).toEqual(at('2026-11-18T10:15:00+08:00'));
    expect(s.complaint.respondBy.getTime()).toBeLessThan(provisional.getTime());
  });

  it('an unknown category is refused', () => {
    expect(() => complaintAt('submitted').run({ ...triageCommand, category: 'ghosts' } as Command, actors.reception)).toThrow(
      expect.objectContaining({ code: 'TRIAGE.UNKNOWN_CATEGORY' }),
    );
  });

  it('acceptance ends the first-response clock and starts the resolution clock (seed 003 (6))', () => {
    const s = complaintAt('accepted');
    expect(s.complaint.acceptedAt).toEqual(at('2026-11-18T10:20:00+08:00'));
    expect(s.complaint.resolveBy!.getTime()).toBeGreaterThan(s.complaint.acceptedAt!.getTime());
  });

  it('a transfer sends it back to 待接单 with the new handler; re-acceptance keeps the first response time', () => {
    const s = complaintAt('accepted').run(sample.transfer, actors.handler, 5);
    expect(s.complaint).toMatchObject({ status: 'assigned', handlerId: actors.otherHandler.id });
    s.run({ type: 'accept' }, actors.otherHandler, 5);
    expect(s.complaint.acceptedAt).toEqual(at('2026-11-18T10:20:00+08:00'));
  });

  it('investigation records findings and the responsible party (seed 000 §(三))', () => {
    const s = complaintAt('investigated');
    expect(s.complaint.investigation).toEqual({ findings: '楼上卫生间防水层破损', photos: [], responsibleParty: 'property' });
  });

  it('a 重要 plan needs approval; a cheap 一般 plan does not; an expensive 一般 plan does (seed 001 第四节六)', () => {
    expect(complaintAt('awaiting_approval').complaint.plan!.needsApproval).toBe(true);
    const normal = complaintAt('submitted').run({ ...triageCommand, urgency: 'normal' } as Command, actors.reception);
    normal.run({ type: 'accept' }, actors.handler).run(sample.investigate, actors.handler);
    const cheap = new Scenario(normal.now);
    cheap.state = normal.state;
    cheap.run({ ...sample.plan, estimatedCost: 50 } as Command, actors.handler);
    expect(cheap.complaint.status).toBe('in_progress');
    normal.run({ ...sample.plan, estimatedCost: 5000 } as Command, actors.handler);
    expect(normal.complaint.status).toBe('awaiting_approval');
  });

  it('a returned plan goes back to the handler to re-plan; a plan due in the past is refused', () => {
    const s = complaintAt('awaiting_approval').run(sample.return_plan, actors.departmentHead);
    expect(s.complaint.status).toBe('investigated');
    expect(() => s.run({ ...sample.plan, expectedCompletionAt: at('2026-11-01T00:00:00+08:00') } as Command, actors.handler)).toThrow(
      expect.objectContaining({ code: 'PLAN.COMPLETION_IN_PAST' }),
    );
  });

  it('a pause moves the resolution deadline later by the paused working time (the clock stops)', () => {
    const s = complaintAt('in_progress');
    const before = s.complaint.resolveBy!;
    // Paused Wednesday 11:00 → 14:00: 1 h before lunch + 30 min after = 90 working minutes.
    s.now = at('2026-11-18T11:00:00+08:00');
    s.run(sample.pause, actors.handler);
    s.now = at('2026-11-18T14:00:00+08:00');
    s.run(sample.resume, actors.handler);
    expect(s.complaint.resolveBy!.getTime()).toBeGreaterThan(before.getTime());
    expect(s.complaint.pause).toBeNull();
    expect(s.complaint.timeline.slice(-2).map((e) => e.type)).toEqual(['paused', 'resumed']);
  });

  it('resolution schedules the callback and auto-close (seed 003 (8))', () => {
    const s = complaintAt('resolved');
    expect(s.complaint.status).toBe('resolved');
    expect(s.complaint.callbackDueAt!.getTime()).toBeGreaterThan(s.complaint.resolvedAt!.getTime());
    expect(s.complaint.autoCloseAt!.getTime()).toBeGreaterThan(s.complaint.callbackDueAt!.getTime());
  });

  it('a satisfied rating closes it (seed 000 §(五))', () => {
    const s = complaintAt('closed');
    expect(s.complaint.closure!.reason).toBe('satisfied');
    expect(s.complaint.rating).toMatchObject({ score: 5, comment: '很满意' });
  });

  it('an unsatisfied rating reopens it back to the handler with a fresh resolution target', () => {
    const s = complaintAt('resolved').run({ type: 'rate', score: 1, comment: '还在漏水' }, actors.owner, 60);
    expect(s.complaint).toMatchObject({ status: 'accepted', reopenCount: 1, resolvedAt: null, handlerId: actors.handler.id });
    expect(s.complaint.timeline.slice(-2).map((e) => e.type)).toEqual(['rated', 'reopened']);
    expect(s.complaint.resolveBy!.getTime()).toBeGreaterThan(s.now.getTime());
  });

  it('after a reopening the owner rates the new resolution too, once', () => {
    const s = complaintAt('resolved').run({ type: 'rate', score: 1, comment: '还在漏水' }, actors.owner, 60);
    s.run(sample.investigate, actors.handler, 5).run(sample.plan, actors.handler, 5);
    if (s.complaint.status === 'awaiting_approval') s.run(sample.approve_plan, actors.departmentHead, 5);
    s.run(sample.resolve, actors.handler, 5).run({ type: 'rate', score: 5, comment: '' }, actors.owner, 5);
    expect(s.complaint).toMatchObject({ status: 'closed', rating: { score: 5 } });
    expect(s.complaint.timeline.filter((e) => e.type === 'rated').map((e) => (e as { score: number }).score)).toEqual([1, 5]);
  });

  it('reopened twice → the duty manager is told (repeated dissatisfaction escalates)', () => {
    const s = complaintAt('resolved').run({ type: 'reopen', reason: '没修好' }, actors.owner);
    const first = s.complaint.timeline.at(-1)!;
    expect(first).toMatchObject({ type: 'reopened', escalateTo: null });
    s.run(sample.investigate, actors.handler)
      .run({ ...sample.plan, estimatedCost: 0 } as Command, actors.handler)
      .run(sample.approve_plan, actors.departmentHead)
      .run(sample.resolve, actors.handler)
      .run({ type: 'reopen', reason: '还是没修好' }, actors.owner);
    expect(s.complaint.timeline.at(-1)).toMatchObject({ type: 'reopened', escalateTo: 'duty_manager' });
    expect(s.complaint.reopenCount).toBe(2);
  });

  it('no rating → a callback task once due, whose result 客服 records; unreachable keeps it open', () => {
    const s = complaintAt('resolved');
    expect(() => s.run({ type: 'request_callback' }, actors.system)).toThrow(expect.objectContaining({ code: 'CALLBACK.NOT_DUE' }));
    s.now = s.complaint.callbackDueAt!;
    s.run({ type: 'request_callback' }, actors.system);
    expect(s.complaint.callbackRequested).toBe(true);
    s.run({ type: 'record_callback', outcome: 'unreachable', note: '电话无人接听', score: null }, actors.reception, 30);
    expect(s.complaint.status).toBe('resolved');
    s.run({ type: 'record_callback', outcome: 'satisfied', note: '业主满意', score: null }, actors.reception, 30);
    expect(s.complaint.closure!.reason).toBe('satisfied');
  });

  it('an unsatisfied callback reopens it', () => {
    const s = complaintAt('resolved').run({ type: 'record_callback', outcome: 'unsatisfied', note: '业主说还有异味', score: 2 }, actors.reception);
    expect(s.complaint).toMatchObject({ status: 'accepted', reopenCount: 1 });
  });

  it('auto-close only once due', () => {
    const s = complaintAt('resolved');
    expect(() => s.run({ type: 'auto_close' }, actors.system)).toThrow(expect.objectContaining({ code: 'CLOSE.NOT_DUE' }));
    s.now = s.complaint.autoCloseAt!;
    s.run({ type: 'auto_close' }, actors.system);
    expect(s.complaint.closure!.reason).toBe('auto_closed');
  });

  it('withdrawal by the owner closes it with their reason', () => {
    const s = complaintAt('accepted').run(sample.withdraw, actors.owner);
    expect(s.complaint.closure).toEqual({ reason: 'withdrawn', explanation: '已自行解决', mergedInto: null });
  });

  it('a duplicate is merged into its original, in the same community only', () => {
    const s = complaintAt('submitted').run(sample.merge, actors.reception);
    expect(s.complaint.closure).toEqual({ reason: 'merged', explanation: '与 c-2 为同一问题', mergedInto: 'c-2' });
    const other = complaintAt('submitted');
    const elsewhere: Command = { type: 'merge', target: { id: 'c-9', communityId: 'community-b', status: 'submitted' }, explanation: 'x' };
    expect(() => other.run(elsewhere, actors.reception)).toThrow(expect.objectContaining({ code: 'MERGE.OTHER_COMMUNITY' }));
    const self: Command = { type: 'merge', target: { id: 'c-1', communityId: 'community-a', status: 'submitted' }, explanation: 'x' };
    expect(() => other.run(self, actors.reception)).toThrow(expect.objectContaining({ code: 'MERGE.SELF' }));
  });

  it('a timer key fires once only', () => {
    const s = complaintAt('assigned').run(sample.remind, actors.system);
    expect(s.complaint.timersFired).toEqual(['response:r1']);
    expect(() => s.run(sample.remind, actors.system)).toThrow(expect.objectContaining({ code: 'TIMER.ALREADY_FIRED' }));
  });

  it('the timeline is numbered 1..n and never rewritten', () => {
    const s = complaintAt('closed');
    const seqs = s.complaint.timeline.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(s.complaint.timeline.map((e) => e.type)).toEqual([
      'submitted', 'triaged', 'accepted', 'investigated', 'planned', 'plan_approved', 'resolved', 'rated', 'closed',
    ]);
  });

  it('evolve refuses an event before submission', () => {
    expect(() => evolve(null, { type: 'accepted', at: at('2026-11-18T10:00:00+08:00'), by: actors.handler, resolveBy: at('2026-11-19T10:00:00+08:00') })).toThrow();
  });
});

describe('a history that may be long (issue 31.4): the state carries counts and summaries, not every entry', () => {
  const photo = (name: string) => `cloud://env.bucket/complaint-photos/openid-owner-1/${name}.jpg`;

  it('补充信息 adds only the photos not already on the complaint, and refuses one that adds nothing new', () => {
    const s = complaintAt('accepted');
    const [added] = decide({ type: 'add_info', text: '又漏了', photos: [photo('a'), photo('b'), photo('a')], attached: [photo('b')] }, s.state, actors.owner, s.now, DEFAULT_POLICY);
    expect(added).toMatchObject({ type: 'info_added', text: '又漏了', photos: [photo('a')] });
    expect(() => decide({ type: 'add_info', text: ' ', photos: [photo('b')], attached: [photo('b')] }, s.state, actors.owner, s.now, DEFAULT_POLICY)).toThrow(expect.objectContaining({ code: 'INFO.NOTHING_NEW' }));
    expect(() => decide({ type: 'add_info', text: ' ', photos: [] }, s.state, actors.owner, s.now, DEFAULT_POLICY)).toThrow(expect.objectContaining({ code: 'INFO.EMPTY' }));
    // The complaint's own photos stay the intake's.
    s.run({ type: 'add_info', text: '', photos: [photo('c')] }, actors.owner);
    expect(s.complaint.photos).not.toContain(photo('c'));
  });

  it('counts every entry and the owner-readable ones, and keeps what the clock and the figures need of older ones', () => {
    const s = complaintAt('resolved');
    const firstResolved = s.complaint.resolvedAt;
    s.run({ type: 'reopen', reason: '又漏了' }, actors.owner, 60);
    s.run({ type: 'remind', key: 'resolution:r1', deadline: 'resolution', notify: ['handler'] }, actors.system, 60);
    const c = s.complaint;
    expect(c.timelineLength).toBe(c.timeline.length);
    expect(c.timeline.map((e) => e.seq)).toEqual(c.timeline.map((_e, i) => i + 1));
    // The reminder is staff-only: it has no place among the owner's entries.
    expect(c.timeline.at(-1)).not.toHaveProperty('ownerSeq');
    expect(c.ownerEntries).toBe(c.timelineLength - 1);
    expect(c.timeline.at(-2)).toMatchObject({ type: 'reopened', ownerSeq: c.ownerEntries });
    expect(c.resolutionStartedAt).toEqual(c.timeline.at(-2)!.at);
    expect(c.firstResolvedAt).toEqual(firstResolved);
  });
});
