// The lifecycle specified on events (given / when / then), with the exact instants the handbooks'
// rules produce on the default policy: Wednesday 2026-11-18, working day 08:30–12:00 and 13:30–18:00.
import type { ComplaintEvent } from '../../domain/complaint';
import type { Command } from '../../domain/lifecycle';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { given } from '../support/decider';
import { actors, at, recordCommand, submitCommand } from '../support/complaints';

const intake = submitCommand() as Extract<Command, { type: 'submit' }>;
const { type: _submit, ...details } = intake;
const submitted: ComplaintEvent = { ...details, type: 'submitted', at: at('2026-11-18T10:00:00+08:00'), by: actors.owner, channel: 'mini_program', recordedBy: null, respondBy: at('2026-11-20T10:00:00+08:00') };
const triaged: ComplaintEvent = { type: 'triaged', at: at('2026-11-18T10:10:00+08:00'), by: actors.reception, category: 'repair', urgency: 'important', complexity: 'ordinary', department: 'engineering', handlerId: actors.handler.id, respondBy: at('2026-11-19T10:00:00+08:00') };
const sameDay = DEFAULT_POLICY.resolution.ordinary;
const accepted: ComplaintEvent = { type: 'accepted', at: at('2026-11-18T10:20:00+08:00'), by: actors.handler, resolveBy: at('2026-11-18T18:00:00+08:00'), resolveWithin: sameDay };
const investigated: ComplaintEvent = { type: 'investigated', at: at('2026-11-18T11:00:00+08:00'), by: actors.handler, findings: '防水层破损', photos: [], responsibleParty: 'property' };
const plan = { description: '重做防水', expectedCompletionAt: at('2026-11-19T18:00:00+08:00'), estimatedCost: 800, externalParties: [] };
const planned: ComplaintEvent = { type: 'planned', at: at('2026-11-18T11:10:00+08:00'), by: actors.handler, plan: { ...plan, needsApproval: true } };
const approved: ComplaintEvent = { type: 'plan_approved', at: at('2026-11-18T11:20:00+08:00'), by: actors.departmentHead, comment: '同意' };
const resolved: ComplaintEvent = { type: 'resolved', at: at('2026-11-18T16:00:00+08:00'), by: actors.handler, result: '已修复', photos: [], replyDueBy: null, callbackDueAt: at('2026-11-21T16:00:00+08:00'), autoCloseAt: at('2026-11-25T16:00:00+08:00') };

describe('intake (seed 000 §(一); 000 §(二) response times)', () => {
  it('given nothing, when the owner submits on Wednesday 10:00, then submitted, first response due Friday 10:00 (一般: two working days)', () => {
    given([]).when(intake, actors.owner, at('2026-11-18T10:00:00+08:00')).then([submitted]);
  });

  it('given nothing, when an owner reports 电梯困人 at 23:00 Saturday, then the response is due 23:15 (紧急: 15 minutes around the clock)', () => {
    const urgent = { ...intake, suggestedUrgency: 'urgent' } as Command;
    const when = at('2026-11-21T23:00:00+08:00');
    given([]).when(urgent, actors.owner, when).then([{ ...submitted, at: when, suggestedUrgency: 'urgent', respondBy: at('2026-11-21T23:15:00+08:00') }]);
  });

  it('given nothing, when the text is blank, then refused', () => {
    given([]).when({ ...intake, description: '  ' }, actors.owner, at('2026-11-18T10:00:00+08:00')).thenRefused('INTAKE.DESCRIPTION_REQUIRED');
  });
});

describe('triage and acceptance (seed 000 §(二); 003 (5)(6))', () => {
  /** Filed at 09:00 and triaged at 09:10 on `date` (the deadlines they carry play no part in acceptance). */
  const filedOn = (date: string): ComplaintEvent[] => [{ ...submitted, at: at(`${date}T09:00:00+08:00`) }, { ...triaged, at: at(`${date}T09:10:00+08:00`) }];

  it('given submitted, when reception triages it 重要, then the response is due one working day after submission: Thursday 10:00', () => {
    given([submitted])
      .when({ type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary', department: 'engineering', handlerId: actors.handler.id }, actors.reception, at('2026-11-18T10:10:00+08:00'))
      .then([triaged]);
  });

  it('given submitted, when judged 不成立, then invalidated with the written explanation (seed 001 第二节二)', () => {
    given([submitted])
      .when({ type: 'triage', valid: false, explanation: '属于市政供水' }, actors.reception, at('2026-11-18T10:10:00+08:00'))
      .then([{ type: 'invalidated', at: at('2026-11-18T10:10:00+08:00'), by: actors.reception, explanation: '属于市政供水' }]);
  });

  it('given triaged, when the handler accepts at 10:20, then an ordinary complaint is due resolved by that day’s close: Wednesday 18:00 (seed 003 (6) 不过当日)', () => {
    given([submitted, triaged]).when({ type: 'accept' }, actors.handler, at('2026-11-18T10:20:00+08:00')).then([accepted]);
  });

  it.each([
    ['at 17:30, in the last working hour', '2026-11-18T17:30:00+08:00'],
    ['at 21:00, after closing', '2026-11-18T21:00:00+08:00'],
  ])('given triaged, when the handler accepts %s, then 当日 leaves no time to act and it is due at Thursday’s close', (_when, when) => {
    given([submitted, triaged]).when({ type: 'accept' }, actors.handler, at(when)).then([{ ...accepted, at: at(when), resolveBy: at('2026-11-19T18:00:00+08:00') }]);
  });

  it('given triaged, when the handler accepts at 17:30 on 2026-09-30, the eve of 国庆, then it is due at the close of 2026-10-08', () => {
    given(filedOn('2026-09-30')).when({ type: 'accept' }, actors.handler, at('2026-09-30T17:30:00+08:00')).then([{ ...accepted, at: at('2026-09-30T17:30:00+08:00'), resolveBy: at('2026-10-08T18:00:00+08:00') }]);
  });

  it('given triaged, when the handler accepts at 17:30 on Friday 2026-10-09, then it is due at the close of Saturday 2026-10-10, a 调休 working day', () => {
    given(filedOn('2026-10-09')).when({ type: 'accept' }, actors.handler, at('2026-10-09T17:30:00+08:00')).then([{ ...accepted, at: at('2026-10-09T17:30:00+08:00'), resolveBy: at('2026-10-10T18:00:00+08:00') }]);
  });

  it('given triaged, when the handler accepts at 10:20 under a policy stored before 当日办结 (one working day), then due Thursday 10:20 as before', () => {
    const stored: Policy = { ...DEFAULT_POLICY, resolution: { ordinary: { amount: 1, unit: 'working_days' }, special: { amount: 3, unit: 'days' } } };
    given([submitted, triaged], stored).when({ type: 'accept' }, actors.handler, at('2026-11-18T10:20:00+08:00')).then([{ ...accepted, resolveBy: at('2026-11-19T10:20:00+08:00'), resolveWithin: stored.resolution.ordinary }]);
  });

  it('given triaged to one handler, when another handler accepts, then refused', () => {
    given([submitted, triaged]).when({ type: 'accept' }, actors.otherHandler, at('2026-11-18T10:20:00+08:00')).thenRefused('LIFECYCLE.NOT_ASSIGNED_TO_YOU');
  });
});

describe('plan, approval, pause (seed 001 第四节五六)', () => {
  it('given investigated, when a 重要 complaint’s plan is proposed, then it awaits approval', () => {
    given([submitted, triaged, accepted, investigated]).when({ type: 'plan', ...plan }, actors.handler, at('2026-11-18T11:10:00+08:00')).then([planned]);
  });

  it('given a plan by the handler, when the same person approves it, then refused (four eyes)', () => {
    given([submitted, triaged, accepted, investigated, planned]).when({ type: 'approve_plan', comment: '' }, { role: 'department_head', id: actors.handler.id }, at('2026-11-18T11:20:00+08:00')).thenRefused('APPROVAL.OWN_PLAN');
  });

  it('given paused Wednesday 14:00, when resumed Thursday 14:00, then the Wednesday 18:00 deadline moves by the paused working time (a working day) to Thursday 18:00', () => {
    const paused: ComplaintEvent = { type: 'paused', at: at('2026-11-18T14:00:00+08:00'), by: actors.handler, reason: '等待业主在家' };
    given([submitted, triaged, accepted, investigated, planned, approved, paused])
      .when({ type: 'resume' }, actors.handler, at('2026-11-19T14:00:00+08:00'))
      .then([{ type: 'resumed', at: at('2026-11-19T14:00:00+08:00'), by: actors.handler, respondBy: at('2026-11-19T10:00:00+08:00'), resolveBy: at('2026-11-19T18:00:00+08:00') }]);
  });
});

describe('feedback (seed 000 §(五); 003 (8))', () => {
  const done = [submitted, triaged, accepted, investigated, planned, approved];

  it('given in progress, when resolved Wednesday 16:00, then the callback is due 3 days later and auto-close 7 days later', () => {
    given(done).when({ type: 'resolve', result: '已修复', photos: [] }, actors.handler, at('2026-11-18T16:00:00+08:00')).then([resolved]);
  });

  it('given resolved, when the owner rates 5 stars, then rated and closed as satisfied', () => {
    const when = at('2026-11-19T09:00:00+08:00');
    given([...done, resolved]).when({ type: 'rate', score: 5, comment: '满意' }, actors.owner, when).then([
      { type: 'rated', at: when, by: actors.owner, score: 5, comment: '满意', verdict: 'satisfied' },
      { type: 'closed', at: when, by: actors.owner, reason: 'satisfied', explanation: '' },
    ]);
  });

  it('given resolved, when the owner rates 1 star Thursday 09:00, then reopened with a fresh resolution target, Thursday’s close; the second reopening goes to the duty manager', () => {
    const when = at('2026-11-19T09:00:00+08:00');
    const rated: ComplaintEvent = { type: 'rated', at: when, by: actors.owner, score: 1, comment: '还在漏', verdict: 'reopen' };
    const reopened: ComplaintEvent = { type: 'reopened', at: when, by: actors.owner, reason: '还在漏', resolveBy: at('2026-11-19T18:00:00+08:00'), resolveWithin: sameDay, escalateTo: null };
    given([...done, resolved]).when({ type: 'rate', score: 1, comment: '还在漏' }, actors.owner, when).then([rated, reopened]);
    const again = at('2026-11-20T16:00:00+08:00');
    const resolvedAgain: ComplaintEvent = { ...resolved, at: at('2026-11-20T15:00:00+08:00'), callbackDueAt: at('2026-11-23T15:00:00+08:00'), autoCloseAt: at('2026-11-27T15:00:00+08:00') };
    given([...done, resolved, rated, reopened, resolvedAgain]).when({ type: 'reopen', reason: '又漏了' }, actors.owner, again).then([
      { type: 'reopened', at: again, by: actors.owner, reason: '又漏了', resolveBy: at('2026-11-20T18:00:00+08:00'), resolveWithin: sameDay, escalateTo: 'duty_manager' },
    ]);
  });

  it('given resolved and not rated, when the scheduler asks for the callback before it is due, then refused; at the instant, then requested', () => {
    given([...done, resolved]).when({ type: 'request_callback' }, actors.system, at('2026-11-21T15:59:00+08:00')).thenRefused('CALLBACK.NOT_DUE');
    given([...done, resolved]).when({ type: 'request_callback' }, actors.system, at('2026-11-21T16:00:00+08:00')).then([{ type: 'callback_requested', at: at('2026-11-21T16:00:00+08:00'), by: actors.system }]);
  });
});

describe('closing and privacy', () => {
  it('given closed by rating, when the scheduler erases personal data a day before the year is out, then refused; at the year, then erased (PIPL 第十九条)', () => {
    const when = at('2026-11-19T09:00:00+08:00');
    const closed: ComplaintEvent[] = [
      { type: 'rated', at: when, by: actors.owner, score: 5, comment: '', verdict: 'satisfied' },
      { type: 'closed', at: when, by: actors.owner, reason: 'satisfied', explanation: '' },
    ];
    const history = [submitted, triaged, accepted, investigated, planned, approved, resolved, ...closed];
    given(history).when({ type: 'erase_personal_data' }, actors.system, at('2027-11-18T09:00:00+08:00')).thenRefused('PRIVACY.NOT_DUE');
    given(history).when({ type: 'erase_personal_data' }, actors.system, at('2027-11-19T09:00:00+08:00')).then([{ type: 'personal_data_erased', at: at('2027-11-19T09:00:00+08:00'), by: actors.system }]);
    const shortRetention: Policy = { ...DEFAULT_POLICY, privacy: { eraseComplainantAfterDays: 30 } };
    given(history, shortRetention).when({ type: 'erase_personal_data' }, actors.system, at('2026-12-19T09:00:00+08:00')).then([{ type: 'personal_data_erased', at: at('2026-12-19T09:00:00+08:00'), by: actors.system }]);
  });

  it('given an open complaint, when the owner withdraws, then withdrawn with the reason', () => {
    given([submitted]).when({ type: 'withdraw', reason: '已自行解决' }, actors.owner, at('2026-11-18T11:00:00+08:00')).then([{ type: 'withdrawn', at: at('2026-11-18T11:00:00+08:00'), by: actors.owner, reason: '已自行解决' }]);
  });
});

describe('replies by the complainant’s own channel (seed 003 (8); 000 §(五))', () => {
  const { type: _record, ...recorded } = recordCommand() as Extract<Command, { type: 'record' }>;
  const taken: ComplaintEvent = { ...recorded, type: 'submitted', at: at('2026-11-18T10:00:00+08:00'), by: actors.reception, recordedBy: actors.reception.id, respondBy: at('2026-11-20T10:00:00+08:00') };
  const worked = [taken, triaged, accepted, investigated, planned, approved];
  const resolvedByPhone: ComplaintEvent = { ...resolved, replyDueBy: at('2026-11-19T16:00:00+08:00'), callbackDueAt: null, autoCloseAt: null };

  it('given a complaint taken on the phone, when resolved Wednesday 16:00, then a reply is owed by Thursday 16:00 and the callback clock has not started', () => {
    given(worked).when({ type: 'resolve', result: '已修复', photos: [] }, actors.handler, at('2026-11-18T16:00:00+08:00')).then([resolvedByPhone]);
  });

  it('given the reply owed, when 客服 record it Thursday 10:00, then the callback (3 days) and auto-close (7 days) clocks start from it', () => {
    const when = at('2026-11-19T10:00:00+08:00');
    given([...worked, resolvedByPhone])
      .when({ type: 'record_reply', way: 'phone', outcome: 'satisfied', note: '已电话告知，王大爷表示满意', score: 5 }, actors.reception, when)
      .then([{ type: 'reply_recorded', at: when, by: actors.reception, way: 'phone', outcome: 'satisfied', note: '已电话告知，王大爷表示满意', score: 5, callbackDueAt: at('2026-11-22T10:00:00+08:00'), autoCloseAt: at('2026-11-26T10:00:00+08:00') }]);
  });

  it('given the reply owed, when nobody answers the phone, then the attempt is on record and the reply is still owed', () => {
    const when = at('2026-11-19T10:00:00+08:00');
    given([...worked, resolvedByPhone])
      .when({ type: 'record_reply', way: 'phone', outcome: 'unreachable', note: '无人接听', score: null }, actors.reception, when)
      .then([{ type: 'reply_recorded', at: when, by: actors.reception, way: 'phone', outcome: 'unreachable', note: '无人接听', score: null, callbackDueAt: null, autoCloseAt: null }]);
  });

  it('given the reply owed, when the caller is not satisfied, then it is reopened with a fresh resolution target', () => {
    const when = at('2026-11-19T10:00:00+08:00');
    given([...worked, resolvedByPhone])
      .when({ type: 'record_reply', way: 'phone', outcome: 'unsatisfied', note: '还在漏', score: 2 }, actors.reception, when)
      .then([
        { type: 'reply_recorded', at: when, by: actors.reception, way: 'phone', outcome: 'unsatisfied', note: '还在漏', score: 2, callbackDueAt: at('2026-11-22T10:00:00+08:00'), autoCloseAt: at('2026-11-26T10:00:00+08:00') },
        { type: 'reopened', at: when, by: actors.reception, reason: '还在漏', resolveBy: at('2026-11-19T18:00:00+08:00'), resolveWithin: sameDay, escalateTo: null },
      ]);
  });

  it('given a mini-program complaint, when 客服 try to record a reply, then refused: the owner is answered in the app', () => {
    given([submitted, triaged, accepted, investigated, planned, approved, resolved]).when({ type: 'record_reply', way: 'phone', outcome: 'satisfied', note: '', score: null }, actors.reception, at('2026-11-19T10:00:00+08:00')).thenRefused('REPLY.NOT_DUE');
  });
});
