// Before each duty shift (policy.alerts.preShiftCheckBefore ahead of it), the scheduler checks that
// the person on the roster can be reached by some rung with credit left — a 工单任务提醒 credit in
// the ledger, a group robot that names them, or an SMS — and when none can, tells them (a badge, and
// the message if it can go) and the duty manager on duty (issue 27.4): a night's 电梯困人 must not
// find the supervisor unreachable. Each shift is checked once: a compare-and-set on the shift marks
// it, so overlapping runs warn once.
import { addDuration } from '../../domain/sla';
import { DUTY_ROLES, onDuty, type DutyRoster, type DutyShift } from '../../domain/routing';
import { localDateTime } from '../../domain/calendar';
import { alertChannels, smsPhone, webhookFor, type AlertPorts } from '../kernel/ladder';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { templateData, templateIdOf } from '../kernel/templates';
import { SHIFT_WORDS } from '../kernel/views';

/** Shifts looked at per run: a company's roster for the next hour is a handful per community. */
const SHIFTS_PER_RUN = 200;

type StoredShift = DutyShift & { _id: string; communityId: string; preShiftCheckedAt?: Date };

export interface ShiftCheckReport {
  checked: number;
  /** Shifts whose person no rung with credit can reach: they and the duty manager were told. */
  unreachable: Array<{ staffId: string; role: string; from: Date }>;
}

export async function checkUpcomingShifts(deps: Deps & AlertPorts): Promise<ShiftCheckReport> {
  const now = deps.now();
  const _ = deps.db.command;
  const policy = await currentPolicy(deps.db, now);
  const horizon = addDuration(policy.calendar, now, policy.alerts.preShiftCheckBefore);
  // The soonest shifts first: those past the horizon end the page and wait for a later run.
  const { data } = await deps.db.collection('duty_roster').where({ from: _.gt(now) }).orderBy('from', 'asc').orderBy('_id', 'asc').limit(SHIFTS_PER_RUN).get();
  const shifts = (data as StoredShift[]).filter((s) => s.from <= horizon && !s.preShiftCheckedAt && (DUTY_ROLES as readonly string[]).includes(s.role));
  const report: ShiftCheckReport = { checked: 0, unreachable: [] };
  if (shifts.length === 0) return report;
  const channels = await alertChannels(deps.db);
  const template = templateIdOf('task');
  const smsWanted = Object.values(policy.alerts.rungs).some((r) => r.includes('sms'));
  for (const shift of shifts) {
    // Once per shift, whichever run gets here first.
    const { updated } = await deps.db.collection('duty_roster').where({ _id: shift._id, preShiftCheckedAt: _.exists(false) }).update({ preShiftCheckedAt: now });
    if (updated !== 1) continue;
    report.checked++;
    const [{ data: member }, { data: ledger }] = await Promise.all([deps.db.collection('members').doc(shift.staffId).get(), deps.db.collection('credits').doc(`${shift.staffId}:${template}`).get()]);
    const person = member[0] as { name?: string; phone?: string; department?: string } | undefined;
    const credit = (ledger[0] as { count?: number } | undefined)?.count ?? 0;
    const robot = webhookFor(channels, { recipient: { kind: 'role', role: shift.role } }, { kind: 'staff', phone: person?.phone ?? '', department: person?.department ?? null, active: true });
    const sms = smsWanted && channels.smsTemplateId !== null && smsPhone(person?.phone ?? '') !== null;
    if (credit > 0 || robot || sms) continue;
    report.unreachable.push({ staffId: shift.staffId, role: shift.role, from: shift.from });
    await deps.db.collection('duty_roster').doc(shift._id).update({ preShiftWarning: { at: now, credit, robot: false, sms: false } });
    // The duty manager on duty when the shift starts (else now), told by the message if they have credit.
    const { data: roster } = await deps.db.collection('duty_roster').where({ communityId: shift.communityId, role: 'duty_manager', to: _.gt(now) }).limit(50).get();
    const manager = onDuty(roster as DutyRoster, 'duty_manager', shift.from) ?? onDuty(roster as DutyRoster, 'duty_manager', now);
    const summary = SHIFT_WORDS.unreachable(person?.name);
    const message = { templateId: template, page: 'staff/pages/alerts/index', data: templateData('task', { number: `DUTY-${localDateTime(shift.from).slice(0, 10).replace(/-/g, '')}`, summary, place: SHIFT_WORDS.place, deadline: shift.from }) };
    for (const touser of new Set([shift.staffId, ...(manager ? [manager] : [])])) {
      const sent = await deps.sendSubscription({ touser, ...message }).catch(() => ({ errCode: -1, errMsg: 'failed' }));
      const key = deps.db.collection('credits').doc(`${touser}:${template}`);
      if (sent.errCode === 0) await key.update({ count: _.inc(-1) }).catch(() => undefined);
      else await deps.db.collection('members').doc(touser).update({ unreadAlerts: _.inc(1) });
    }
  }
  return report;
}
