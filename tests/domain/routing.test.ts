// Routing, duty roster and handler choice, given / when / then.
import { chooseHandler, type HandlerCandidate } from '../../domain/assignment';
import { DEFAULT_POLICY } from '../../domain/policy';
import { departmentFor, onDuty, route, suggestUrgency, type DutyRoster } from '../../domain/routing';

const t = (iso: string) => new Date(iso);

const roster: DutyRoster = [
  { role: 'security_supervisor', staffId: 'sec-night', from: t('2026-11-21T18:00:00+08:00'), to: t('2026-11-22T08:30:00+08:00') },
  { role: 'security_supervisor', staffId: 'sec-swap', from: t('2026-11-21T22:00:00+08:00'), to: t('2026-11-22T02:00:00+08:00') },
  { role: 'duty_manager', staffId: 'dm-weekend', from: t('2026-11-21T00:00:00+08:00'), to: t('2026-11-23T00:00:00+08:00') },
  { role: 'general_manager', staffId: 'gm', from: t('2026-11-01T00:00:00+08:00'), to: t('2026-12-01T00:00:00+08:00') },
];

describe('urgency suggestion (seed 000 §(二))', () => {
  it('suggests 紧急 for 电梯困人 and 水管爆裂, with the words that matched', () => {
    expect(suggestUrgency(DEFAULT_POLICY, '3号楼电梯困人了，快来！')).toEqual({ urgency: 'urgent', matched: ['电梯困人'] });
    expect(suggestUrgency(DEFAULT_POLICY, '地下室水管爆裂，漏水严重')).toEqual({ urgency: 'urgent', matched: ['水管爆裂', '漏水严重'] });
  });
  it('suggests nothing for an ordinary complaint', () => {
    expect(suggestUrgency(DEFAULT_POLICY, '楼道灯不亮了')).toEqual({ urgency: null, matched: [] });
  });
});

describe('routing (seed 003 (5))', () => {
  it('category → department from policy', () => {
    expect(departmentFor(DEFAULT_POLICY, 'cleaning_greening')).toBe('environment');
    expect(() => departmentFor(DEFAULT_POLICY, 'nope')).toThrow(expect.objectContaining({ code: 'TRIAGE.UNKNOWN_CATEGORY' }));
  });

  it('during working hours an ordinary complaint goes to its department only', () => {
    const d = route(DEFAULT_POLICY, { category: 'repair', urgency: 'normal', at: t('2026-11-18T10:00:00+08:00'), roster });
    expect(d).toEqual({ department: 'engineering', afterHours: false, alerts: [{ staffId: null, role: 'department', reason: 'department', at: t('2026-11-18T10:00:00+08:00') }] });
  });

  it('after hours → the on-duty security supervisor (seed 003 (5)c); a swapped-in shift wins', () => {
    const evening = route(DEFAULT_POLICY, { category: 'security_order', urgency: 'normal', at: t('2026-11-21T20:00:00+08:00'), roster });
    expect(evening.afterHours).toBe(true);
    expect(evening.alerts).toContainEqual({ staffId: 'sec-night', role: 'security_supervisor', reason: 'after_hours', at: t('2026-11-21T20:00:00+08:00') });
    const late = route(DEFAULT_POLICY, { category: 'security_order', urgency: 'normal', at: t('2026-11-21T23:00:00+08:00'), roster });
    expect(late.alerts.find((a) => a.role === 'security_supervisor')!.staffId).toBe('sec-swap');
  });

  it('an emergency at 23:00 → the duty manager at once and the general manager 30 minutes later (seed 003 (5)b)', () => {
    const d = route(DEFAULT_POLICY, { category: 'facilities', urgency: 'urgent', at: t('2026-11-21T23:00:00+08:00'), roster });
    expect(d.alerts).toContainEqual({ staffId: 'dm-weekend', role: 'duty_manager', reason: 'emergency', at: t('2026-11-21T23:00:00+08:00') });
    expect(d.alerts).toContainEqual({ staffId: 'gm', role: 'general_manager', reason: 'emergency_unaccepted', at: t('2026-11-21T23:30:00+08:00') });
  });

  it('nobody on the roster → the alert says so (null) so the server falls back', () => {
    expect(onDuty([], 'security_supervisor', t('2026-11-21T23:00:00+08:00'))).toBeNull();
    const d = route(DEFAULT_POLICY, { category: 'repair', urgency: 'normal', at: t('2026-11-21T23:00:00+08:00'), roster: [] });
    expect(d.alerts.find((a) => a.role === 'security_supervisor')!.staffId).toBeNull();
  });
});

describe('choosing a handler', () => {
  const c = (staffId: string, openLoad: number, last: string | null, available = true): HandlerCandidate => ({
    staffId,
    openLoad,
    lastAssignedAt: last ? t(last) : null,
    available,
  });
  const team = [c('wang', 3, '2026-11-18T09:00:00+08:00'), c('li', 1, '2026-11-18T10:00:00+08:00'), c('zhao', 5, null), c('sun', 0, null, false)];

  it('round robin: never-assigned first, then least recently assigned; unavailable skipped', () => {
    expect(chooseHandler('round_robin', team)).toBe('zhao');
    expect(chooseHandler('round_robin', team.filter((x) => x.staffId !== 'zhao'))).toBe('wang');
  });

  it('least load: fewest open tasks among the available', () => {
    expect(chooseHandler('least_load', team)).toBe('li');
  });

  it('explicit: the named handler, who must be in the department and available', () => {
    expect(chooseHandler('least_load', team, 'wang')).toBe('wang');
    expect(() => chooseHandler('least_load', team, 'stranger')).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NOT_IN_DEPARTMENT' }));
    expect(() => chooseHandler('least_load', team, 'sun')).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NOT_AVAILABLE' }));
    expect(() => chooseHandler('explicit', team)).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.HANDLER_REQUIRED' }));
  });

  it('nobody available → a clear error', () => {
    expect(() => chooseHandler('round_robin', [c('sun', 0, null, false)])).toThrow(expect.objectContaining({ code: 'ASSIGNMENT.NO_HANDLER' }));
  });
});
