// Routing, the duty roster and the urgency suggestion, given / when / then (seed 000 §(二), seed 003 (5)).
import fc from 'fast-check';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { withinWorkingDay } from '../../domain/calendar';
import { departmentFor, onDuty, route, suggestUrgency, type DutyRoster } from '../../domain/routing';

const t = (iso: string) => new Date(iso);

// Given a weekend rota: Saturday 2026-11-21 night supervisor, a swap on top of it from 22:00 to 02:00,
// a weekend duty manager, and a general manager for the month.
const roster: DutyRoster = [
  { role: 'security_supervisor', staffId: 'sec-night', from: t('2026-11-21T18:00:00+08:00'), to: t('2026-11-22T08:30:00+08:00') },
  { role: 'security_supervisor', staffId: 'sec-swap', from: t('2026-11-21T22:00:00+08:00'), to: t('2026-11-22T02:00:00+08:00') },
  { role: 'duty_manager', staffId: 'dm-weekend', from: t('2026-11-21T00:00:00+08:00'), to: t('2026-11-23T00:00:00+08:00') },
  { role: 'general_manager', staffId: 'gm', from: t('2026-11-01T00:00:00+08:00'), to: t('2026-12-01T00:00:00+08:00') },
];

describe('urgency suggestion (seed 000 §(二) 紧急类投诉如电梯困人、水管爆裂)', () => {
  it('given 电梯困人 in the text, when suggested, then 紧急 with the word that matched', () => {
    expect(suggestUrgency(DEFAULT_POLICY, '3号楼电梯困人了，快来！')).toEqual({ urgency: 'urgent', matched: ['电梯困人'] });
  });

  it('given several keywords, spaces inside them and a keyword listed twice, then each is matched once', () => {
    const policy: Policy = { ...DEFAULT_POLICY, urgentKeywords: ['水管爆裂', '漏水严重', '水管 爆裂', ''] };
    expect(suggestUrgency(policy, '地下室 水管 爆裂，漏水严重')).toEqual({ urgency: 'urgent', matched: ['水管爆裂', '漏水严重'] });
  });

  it('given no keyword (an empty one never matches), then 一般: staff decide at triage', () => {
    expect(suggestUrgency({ ...DEFAULT_POLICY, urgentKeywords: [''] }, '楼道灯不亮了')).toEqual({ urgency: 'normal', matched: [] });
  });
});

describe('department of a category (seed 000 §(二) 明确各类型投诉的责任归属部门)', () => {
  it('given the policy, then each category goes to its department; an unknown one is refused', () => {
    expect(departmentFor(DEFAULT_POLICY, 'cleaning_greening')).toBe('environment');
    expect(departmentFor(DEFAULT_POLICY, 'fees')).toBe('finance');
    expect(() => departmentFor(DEFAULT_POLICY, 'nope')).toThrow(expect.objectContaining({ code: 'TRIAGE.UNKNOWN_CATEGORY' }));
  });
});

describe('duty roster', () => {
  it('given overlapping shifts, then the latest-starting one covers its hours (a swap overrides the rota)', () => {
    expect(onDuty(roster, 'security_supervisor', t('2026-11-21T20:00:00+08:00'))).toBe('sec-night');
    expect(onDuty(roster, 'security_supervisor', t('2026-11-21T23:00:00+08:00'))).toBe('sec-swap');
    expect(onDuty(roster, 'security_supervisor', t('2026-11-22T02:00:00+08:00'))).toBe('sec-night');
  });

  it('given a shift [from, to), then it covers its start but not its end; another role never counts', () => {
    expect(onDuty(roster, 'security_supervisor', t('2026-11-21T18:00:00+08:00'))).toBe('sec-night');
    expect(onDuty(roster, 'security_supervisor', t('2026-11-22T08:30:00+08:00'))).toBeNull();
    expect(onDuty(roster, 'duty_manager', t('2026-11-20T23:00:00+08:00'))).toBeNull();
  });

  it('given two shifts starting together, then the choice is stable (by staff id)', () => {
    const from = t('2026-11-21T18:00:00+08:00');
    const to = t('2026-11-22T08:00:00+08:00');
    const twins: DutyRoster = [
      { role: 'duty_manager', staffId: 'b', from, to },
      { role: 'duty_manager', staffId: 'a', from, to },
    ];
    expect(onDuty(twins, 'duty_manager', t('2026-11-21T20:00:00+08:00'))).toBe('a');
    expect(onDuty([...twins].reverse(), 'duty_manager', t('2026-11-21T20:00:00+08:00'))).toBe('a');
  });

  it('property: whoever is on duty has a shift in that role covering the instant', () => {
    const base = t('2026-11-21T00:00:00+08:00').getTime();
    const shift = fc.record({
      role: fc.constantFrom('security_supervisor' as const, 'duty_manager' as const),
      staffId: fc.constantFrom('a', 'b', 'c'),
      start: fc.integer({ min: 0, max: 48 }),
      hours: fc.integer({ min: 0, max: 24 }),
    });
    fc.assert(
      fc.property(fc.array(shift, { maxLength: 8 }), fc.integer({ min: 0, max: 72 }), (shifts, hour) => {
        const r: DutyRoster = shifts.map((s) => ({ role: s.role, staffId: s.staffId, from: new Date(base + s.start * 3_600_000), to: new Date(base + (s.start + s.hours) * 3_600_000) }));
        const at = new Date(base + hour * 3_600_000);
        const who = onDuty(r, 'duty_manager', at);
        const covering = r.filter((s) => s.role === 'duty_manager' && s.from <= at && at < s.to);
        expect(who === null).toBe(covering.length === 0);
        if (who !== null) expect(covering.map((s) => s.staffId)).toContain(who);
      }),
      { numRuns: 200, seed: 20261121 },
    );
  });
});

describe('working day span for routing (seed 003 (5)c 非工作时间)', () => {
  it('given a Wednesday, then 08:30–18:00 is inside, lunch included; before and after are not', () => {
    const cal = DEFAULT_POLICY.calendar;
    expect(withinWorkingDay(cal, t('2026-11-18T08:30:00+08:00'))).toBe(true);
    expect(withinWorkingDay(cal, t('2026-11-18T12:30:00+08:00'))).toBe(true);
    expect(withinWorkingDay(cal, t('2026-11-18T08:29:00+08:00'))).toBe(false);
    expect(withinWorkingDay(cal, t('2026-11-18T18:00:00+08:00'))).toBe(false);
  });

  it('given a Saturday, the National Day holiday, or a 调休 make-up Saturday, then only the worked day is inside', () => {
    const cal = DEFAULT_POLICY.calendar;
    expect(withinWorkingDay(cal, t('2026-11-21T10:00:00+08:00'))).toBe(false);
    expect(withinWorkingDay(cal, t('2026-10-01T10:00:00+08:00'))).toBe(false);
    expect(withinWorkingDay(cal, t('2026-10-10T10:00:00+08:00'))).toBe(true);
  });
});

describe('routing (seed 003 (5))', () => {
  it('given working hours and an ordinary complaint, when routed, then only its department is alerted', () => {
    const at = t('2026-11-18T10:00:00+08:00');
    expect(route(DEFAULT_POLICY, { category: 'repair', urgency: 'normal', at })).toEqual({
      department: 'engineering',
      afterHours: false,
      alerts: [{ to: 'department', department: 'engineering', reason: 'category', at }],
      generalManagerAt: null,
    });
  });

  it('given intake (no category yet), then no department: only the people on duty the hour and urgency call for', () => {
    const at = t('2026-11-21T23:00:00+08:00');
    expect(route(DEFAULT_POLICY, { category: null, urgency: 'normal', at })).toEqual({
      department: null,
      afterHours: true,
      alerts: [{ to: 'security_supervisor', reason: 'after_hours', at }],
      generalManagerAt: null,
    });
  });

  it('given the lunch break of a working day, then no after-hours alert (seed 003 (5)c means nights and days off)', () => {
    const d = route(DEFAULT_POLICY, { category: 'repair', urgency: 'normal', at: t('2026-11-18T12:30:00+08:00') });
    expect(d.afterHours).toBe(false);
    expect(d.alerts.map((a) => a.to)).toEqual(['department']);
  });

  it('seed 003 (5)c: given a Saturday evening, then the department and the on-duty security supervisor', () => {
    const at = t('2026-11-21T20:00:00+08:00');
    const d = route(DEFAULT_POLICY, { category: 'security_order', urgency: 'normal', at });
    expect(d.afterHours).toBe(true);
    expect(d.alerts).toEqual([
      { to: 'department', department: 'security', reason: 'category', at },
      { to: 'security_supervisor', reason: 'after_hours', at },
    ]);
    // Who that is at 20:00 (and at 23:00, during a swap) is the roster's answer when the message goes out.
    expect(onDuty(roster, 'security_supervisor', at)).toBe('sec-night');
    expect(onDuty(roster, 'security_supervisor', t('2026-11-21T23:00:00+08:00'))).toBe('sec-swap');
  });

  it('seed 003 (5)b: given an emergency at 23:00, then the duty manager at once and the general manager 30 minutes later', () => {
    const at = t('2026-11-21T23:00:00+08:00');
    const d = route(DEFAULT_POLICY, { category: 'facilities', urgency: 'urgent', at });
    expect(d.generalManagerAt).toEqual(t('2026-11-21T23:30:00+08:00'));
    expect(d.alerts).toEqual([
      { to: 'department', department: 'engineering', reason: 'category', at },
      { to: 'security_supervisor', reason: 'after_hours', at },
      { to: 'duty_manager', reason: 'emergency', at },
      { to: 'general_manager', reason: 'emergency_unaccepted', at: t('2026-11-21T23:30:00+08:00') },
    ]);
  });

  it('seed 003 (5)b: given an emergency in working hours, then no supervisor, but the duty manager and the general manager', () => {
    const d = route(DEFAULT_POLICY, { category: 'facilities', urgency: 'urgent', at: t('2026-11-18T10:00:00+08:00') });
    expect(d.afterHours).toBe(false);
    expect(d.alerts.map((a) => a.to)).toEqual(['department', 'duty_manager', 'general_manager']);
  });

  it('given the general manager wait in working hours, then it still runs around the clock (emergencies never wait for Monday)', () => {
    const policy: Policy = { ...DEFAULT_POLICY, emergencyGeneralManagerAfter: { amount: 2, unit: 'working_hours' } };
    const d = route(policy, { category: 'facilities', urgency: 'urgent', at: t('2026-11-21T23:00:00+08:00') });
    expect(d.generalManagerAt).toEqual(t('2026-11-22T01:00:00+08:00'));
  });

  it('given the general manager changes shift within the wait, then whoever is on duty at that later instant is the one', () => {
    const handover: DutyRoster = [
      { role: 'general_manager', staffId: 'gm-day', from: t('2026-11-21T08:00:00+08:00'), to: t('2026-11-21T23:15:00+08:00') },
      { role: 'general_manager', staffId: 'gm-night', from: t('2026-11-21T23:15:00+08:00'), to: t('2026-11-22T08:00:00+08:00') },
    ];
    const d = route(DEFAULT_POLICY, { category: 'facilities', urgency: 'urgent', at: t('2026-11-21T23:00:00+08:00') });
    expect(onDuty(handover, 'general_manager', d.generalManagerAt!)).toBe('gm-night');
  });

  it('given 重要 (no alertDutyManagerAtOnce), then no duty manager and no general manager time', () => {
    const d = route(DEFAULT_POLICY, { category: 'repair', urgency: 'important', at: t('2026-11-21T20:00:00+08:00') });
    expect(d.alerts.map((a) => a.to)).toEqual(['department', 'security_supervisor']);
    expect(d.generalManagerAt).toBeNull();
  });

  it('given a company that turns the duty-manager alert off for 紧急, then an emergency alerts neither the duty manager nor, later, the general manager', () => {
    const policy: Policy = { ...DEFAULT_POLICY, urgencies: { ...DEFAULT_POLICY.urgencies, urgent: { ...DEFAULT_POLICY.urgencies.urgent, alertDutyManagerAtOnce: false } } };
    const d = route(policy, { category: 'facilities', urgency: 'urgent', at: t('2026-11-18T10:00:00+08:00') });
    expect(d.alerts.map((a) => a.to)).toEqual(['department']);
    expect(d.generalManagerAt).toBeNull();
  });

  it('given an unknown category, then routing is refused', () => {
    expect(() => route(DEFAULT_POLICY, { category: 'nope', urgency: 'normal', at: t('2026-11-18T10:00:00+08:00') })).toThrow(
      expect.objectContaining({ code: 'TRIAGE.UNKNOWN_CATEGORY' }),
    );
  });
});
