// Who is told what, given / when / then (seed 000 §(一)(五), seed 003 (5)).
import { notificationsFor } from '../../domain/notifications';
import { DEFAULT_POLICY } from '../../domain/policy';
import { actors, at, complaintAt, Scenario, submitCommand } from '../support/complaints';

const last = (s: Scenario) => {
  const c = s.complaint;
  const e = c.timeline.at(-1)!;
  // The intake entry on the timeline keeps no complainant; the event carried it.
  const event = e.type === 'submitted' ? { ...e, complainant: c.complainant } : e;
  return notificationsFor(event, e.seq, c, DEFAULT_POLICY).map((n) => [n.template, n.recipient.kind === 'role' ? n.recipient.role : n.recipient.kind === 'staff' ? n.recipient.staffId : 'owner', n.key]);
};

it('intake in working hours: the owner gets 受理, reception a task', () => {
  expect(last(complaintAt('submitted'))).toEqual([
    ['accepted', 'owner', '1:owner'],
    ['task', 'reception', '1:reception'],
  ]);
});

it('intake at night: the on-duty security supervisor too (seed 003 (5)c); an emergency also the duty manager (5)b', () => {
  const s = new Scenario(at('2026-11-21T23:00:00+08:00')).run(submitCommand({ suggestedUrgency: 'urgent' }), actors.owner);
  expect(last(s).map(([t, who]) => `${t}:${who}`)).toEqual(['accepted:owner', 'task:reception', 'task:security_supervisor', 'task:duty_manager']);
});

it('triage: the handler gets a task and the owner a progress message', () => {
  expect(last(complaintAt('assigned')).map(([t, who]) => `${t}:${who}`)).toEqual(['task:staff-handler-1', 'progress:owner']);
});

it('a plan needing approval goes to the department head', () => {
  expect(last(complaintAt('awaiting_approval')).map(([t, who]) => `${t}:${who}`)).toEqual(['task:department_head', 'progress:owner']);
});

it('resolution asks the owner to rate (seed 000 §(五))', () => {
  expect(last(complaintAt('resolved')).map(([t, who]) => `${t}:${who}`)).toEqual(['result:owner']);
});

it('a complaint recorded for an owner without WeChat notifies no owner', () => {
  const s = new Scenario(at('2026-11-18T10:00:00+08:00')).run(
    { ...(submitCommand() as Extract<ReturnType<typeof submitCommand>, { type: 'submit' }>), type: 'record', channel: 'phone', complainant: { name: '王大爷', phone: '13500000000' } },
    actors.reception,
  );
  expect(last(s).map(([, who]) => who)).toEqual(['reception']);
});
