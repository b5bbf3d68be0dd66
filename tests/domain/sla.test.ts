// SLA arithmetic over the working calendar, given / when / then. Business hours are the default
// policy's 08:30–12:00 and 13:30–18:00 (8 working hours a day); instants are written in +08:00.
import { calendarGaps, isWorkingDay } from '../../domain/calendar';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { addDuration, elapsed, escalationSchedule, extendForPause, firstResponseDue, reminderTimes, resolutionDue } from '../../domain/sla';

const t = (iso: string) => new Date(iso);
const cal = DEFAULT_POLICY.calendar;
const withCalendar = (changes: Partial<Policy['calendar']>): Policy => ({ ...DEFAULT_POLICY, calendar: { ...cal, ...changes } });

describe('working calendar (chinese-days + company overrides)', () => {
  it.each([
    ['2026-11-18', true, 'an ordinary Wednesday'],
    ['2026-11-21', false, 'a Saturday'],
    ['2026-10-01', false, '国庆节'],
    ['2026-10-07', false, 'the last day of the National Day holiday'],
    ['2026-10-08', true, 'the Thursday after it'],
    ['2026-10-10', true, 'the 调休 make-up working Saturday'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(cal, date)).toBe(expected);
  });

  it('company overrides win: an extra day off, and a worked Sunday', () => {
    const c = { ...cal, overrides: [{ date: '2026-11-18', kind: 'holiday' as const, name: '公司年会' }, { date: '2026-11-22', kind: 'workday' as const }] };
    expect(isWorkingDay(c, '2026-11-18')).toBe(false);
    expect(isWorkingDay(c, '2026-11-22')).toBe(true);
  });

  it('reports that 2027 has no holiday data yet, and stops once the company covers it', () => {
    expect(calendarGaps(cal, t('2026-12-01T00:00:00+08:00'), t('2027-01-15T00:00:00+08:00'))).toEqual([2027]);
    expect(calendarGaps(cal, t('2026-01-01T00:00:00+08:00'), t('2026-12-31T23:00:00+08:00'))).toEqual([]);
    expect(calendarGaps({ ...cal, yearsCoveredByOverrides: [2027] }, t('2026-12-01T00:00:00+08:00'), t('2027-01-15T00:00:00+08:00'))).toEqual([]);
  });
});

describe('adding working time', () => {
  it('inside a day: 2 working hours from 11:00 skip the lunch break', () => {
    expect(addDuration(cal, t('2026-11-18T11:00:00+08:00'), { amount: 2, unit: 'working_hours' })).toEqual(t('2026-11-18T14:30:00+08:00'));
  });

  it('across the night: 3 working hours from 16:00 end at 09:30 the next morning', () => {
    expect(addDuration(cal, t('2026-11-18T16:00:00+08:00'), { amount: 3, unit: 'working_hours' })).toEqual(t('2026-11-19T09:30:00+08:00'));
  });

  it('across the weekend: 1 working day from Friday 15:00 ends Monday 15:00', () => {
    expect(addDuration(cal, t('2026-11-20T15:00:00+08:00'), { amount: 1, unit: 'working_days' })).toEqual(t('2026-11-23T15:00:00+08:00'));
  });

  it('a start outside hours begins at the next opening: Saturday 22:00 + 1 working day = Monday 18:00', () => {
    expect(addDuration(cal, t('2026-11-21T22:00:00+08:00'), { amount: 1, unit: 'working_days' })).toEqual(t('2026-11-23T18:00:00+08:00'));
  });

  it('exactly at closing time counts nothing that day', () => {
    expect(addDuration(cal, t('2026-11-18T18:00:00+08:00'), { amount: 30, unit: 'working_minutes' })).toEqual(t('2026-11-19T09:00:00+08:00'));
  });

  it('across the National Day holiday to the 调休 Saturday: Sept 30 17:00 + 2 working hours = Oct 8 09:30', () => {
    expect(addDuration(cal, t('2026-09-30T17:00:00+08:00'), { amount: 2, unit: 'working_hours' })).toEqual(t('2026-10-08T09:30:00+08:00'));
  });

  it('the 调休 working Saturday counts: Friday Oct 9 17:00 + 2 working hours = Saturday Oct 10 09:30', () => {
    expect(addDuration(cal, t('2026-10-09T17:00:00+08:00'), { amount: 2, unit: 'working_hours' })).toEqual(t('2026-10-10T09:30:00+08:00'));
  });

  it('around-the-clock units ignore the calendar', () => {
    expect(addDuration(cal, t('2026-11-21T23:00:00+08:00'), { amount: 15, unit: 'minutes' })).toEqual(t('2026-11-21T23:15:00+08:00'));
    expect(addDuration(cal, t('2026-11-21T23:00:00+08:00'), { amount: 3, unit: 'days' })).toEqual(t('2026-11-24T23:00:00+08:00'));
  });

  it('a company holiday override moves the deadline', () => {
    const c = { ...cal, overrides: [{ date: '2026-11-19', kind: 'holiday' as const }] };
    expect(addDuration(c, t('2026-11-18T17:00:00+08:00'), { amount: 2, unit: 'working_hours' })).toEqual(t('2026-11-20T09:30:00+08:00'));
  });

  it('elapsed working time counts only business hours', () => {
    expect(elapsed(cal, t('2026-11-20T17:00:00+08:00'), t('2026-11-23T09:30:00+08:00'), 'working')).toBe(120);
    expect(elapsed(cal, t('2026-11-20T17:00:00+08:00'), t('2026-11-23T09:30:00+08:00'), 'around_the_clock')).toBe(64.5 * 60);
  });
});

describe('deadlines from policy (seed 000 §(二), seed 003 (6))', () => {
  it('重要 on the Friday before the National Day holiday → response due the next working day after it', () => {
    const due = firstResponseDue(DEFAULT_POLICY, { urgency: 'important', category: 'repair' }, t('2026-09-30T16:00:00+08:00'));
    // 2 h left on Sept 30, then 6 h on Oct 8 (08:30–12:00, 13:30–16:00).
    expect(due).toEqual(t('2026-10-08T16:00:00+08:00'));
  });

  it('一般 → 2 working days', () => {
    expect(firstResponseDue(DEFAULT_POLICY, { urgency: 'normal', category: null }, t('2026-11-18T10:00:00+08:00'))).toEqual(t('2026-11-20T10:00:00+08:00'));
  });

  it('紧急 at 23:00 on a Saturday → due 23:15 the same night (around the clock)', () => {
    expect(firstResponseDue(DEFAULT_POLICY, { urgency: 'urgent', category: 'facilities' }, t('2026-11-21T23:00:00+08:00'))).toEqual(t('2026-11-21T23:15:00+08:00'));
  });

  it('a category override wins over the urgency target', () => {
    const policy: Policy = { ...DEFAULT_POLICY, categoryOverrides: { fees: { firstResponse: { amount: 4, unit: 'working_hours' } } } };
    expect(firstResponseDue(policy, { urgency: 'normal', category: 'fees' }, t('2026-11-18T10:00:00+08:00'))).toEqual(t('2026-11-18T15:30:00+08:00'));
  });

  it('普通 resolved by the close of the day of acceptance; 特殊 within 3 calendar days', () => {
    const accepted = t('2026-11-20T15:00:00+08:00');
    expect(resolutionDue(DEFAULT_POLICY, { urgency: 'normal', category: 'repair', complexity: 'ordinary' }, accepted)).toEqual(t('2026-11-20T18:00:00+08:00'));
    expect(resolutionDue(DEFAULT_POLICY, { urgency: 'normal', category: 'repair', complexity: 'special' }, accepted)).toEqual(t('2026-11-23T15:00:00+08:00'));
  });
});

describe('当日办结: ordinary complaints are resolved the day they are accepted (seed 003 (6) 普通投诉的处理一般不过当日)', () => {
  const ordinary = { urgency: 'normal', category: 'repair', complexity: 'ordinary' } as const;
  // given the default policy, when an ordinary complaint is accepted at `acceptedAt`, then it is due at `due`.
  it.each([
    ['Monday 09:10', '2026-11-16T09:10:00+08:00', 'that day’s close, not Tuesday 09:10', '2026-11-16T18:00:00+08:00'],
    ['in the lunch break', '2026-11-16T12:30:00+08:00', 'that day’s close: the afternoon is ahead', '2026-11-16T18:00:00+08:00'],
    ['at 17:00, a full working hour before closing', '2026-11-16T17:00:00+08:00', 'that day’s close', '2026-11-16T18:00:00+08:00'],
    ['at 17:01, in the last working hour', '2026-11-16T17:01:00+08:00', 'the next working day’s close', '2026-11-17T18:00:00+08:00'],
    ['on Friday at 17:30, in the last working hour', '2026-11-20T17:30:00+08:00', 'Monday’s close, over the weekend', '2026-11-23T18:00:00+08:00'],
    ['at 21:00, after closing', '2026-11-18T21:00:00+08:00', 'the next working day’s close', '2026-11-19T18:00:00+08:00'],
    ['at 02:00, before opening', '2026-11-19T02:00:00+08:00', 'that day’s close: the whole working day is ahead', '2026-11-19T18:00:00+08:00'],
    ['on a Saturday', '2026-11-21T10:00:00+08:00', 'Monday’s close', '2026-11-23T18:00:00+08:00'],
    ['on 2026-09-30 at 10:00, the last working day before 国庆', '2026-09-30T10:00:00+08:00', 'that day’s close', '2026-09-30T18:00:00+08:00'],
    ['on 2026-09-30 at 17:30, the holiday’s eve in its last working hour', '2026-09-30T17:30:00+08:00', 'the close of 2026-10-08, the first working day after the holiday', '2026-10-08T18:00:00+08:00'],
    ['during 国庆', '2026-10-03T11:00:00+08:00', 'the close of 2026-10-08', '2026-10-08T18:00:00+08:00'],
    ['on Friday 2026-10-09 at 17:30', '2026-10-09T17:30:00+08:00', 'the close of Saturday 2026-10-10, a 调休 working day', '2026-10-10T18:00:00+08:00'],
    ['on the 调休 Saturday 2026-10-10 at 10:00', '2026-10-10T10:00:00+08:00', 'that Saturday’s close', '2026-10-10T18:00:00+08:00'],
    ['on the 调休 Saturday 2026-10-10 at 17:30', '2026-10-10T17:30:00+08:00', 'Monday’s close: Sunday 2026-10-11 is off', '2026-10-12T18:00:00+08:00'],
  ])('accepted %s → due %s', (_when, acceptedAt, _then, due) => {
    expect(resolutionDue(DEFAULT_POLICY, ordinary, t(acceptedAt))).toEqual(t(due));
  });

  it('given an emergency, whose clock runs around the clock, when accepted on Saturday at 10:00 or at 23:30, then due at that midnight or the next', () => {
    const urgent = { ...ordinary, urgency: 'urgent' } as const;
    expect(resolutionDue(DEFAULT_POLICY, urgent, t('2026-11-21T10:00:00+08:00'))).toEqual(t('2026-11-22T00:00:00+08:00'));
    expect(resolutionDue(DEFAULT_POLICY, urgent, t('2026-11-21T23:30:00+08:00'))).toEqual(t('2026-11-23T00:00:00+08:00'));
  });

  it('given a company that wants two working hours to act, when accepted at 16:30, then due the next working day’s close', () => {
    const policy: Policy = { ...DEFAULT_POLICY, resolution: { ...DEFAULT_POLICY.resolution, ordinary: { kind: 'end_of_working_day', minimumLeft: { amount: 2, unit: 'working_hours' } } } };
    expect(resolutionDue(policy, ordinary, t('2026-11-16T15:30:00+08:00'))).toEqual(t('2026-11-16T18:00:00+08:00'));
    expect(resolutionDue(policy, ordinary, t('2026-11-16T16:30:00+08:00'))).toEqual(t('2026-11-17T18:00:00+08:00'));
  });

  it('given a category whose special complaints are due the same day, when one is accepted, then the override wins', () => {
    const policy: Policy = { ...DEFAULT_POLICY, categoryOverrides: { cleaning_greening: { resolution: { special: DEFAULT_POLICY.resolution.ordinary } } } };
    expect(resolutionDue(policy, { ...ordinary, category: 'cleaning_greening', complexity: 'special' }, t('2026-11-16T09:10:00+08:00'))).toEqual(t('2026-11-16T18:00:00+08:00'));
  });

  it('given a policy stored before 当日办结, with the ordinary target still one working day, when accepted Monday 09:10, then due Tuesday 09:10 as before', () => {
    const stored: Policy = { ...DEFAULT_POLICY, resolution: { ordinary: { amount: 1, unit: 'working_days' }, special: { amount: 3, unit: 'days' } } };
    expect(resolutionDue(stored, ordinary, t('2026-11-16T09:10:00+08:00'))).toEqual(t('2026-11-17T09:10:00+08:00'));
  });
});

describe('pauses, reminders and escalation', () => {
  it('a pause over the night and weekend adds no working time', () => {
    const due = t('2026-11-24T10:00:00+08:00');
    expect(extendForPause(cal, due, t('2026-11-20T18:30:00+08:00'), t('2026-11-23T08:00:00+08:00'), 'working')).toEqual(due);
  });

  it('a paused working hour moves the deadline one working hour later', () => {
    const due = t('2026-11-24T10:00:00+08:00');
    expect(extendForPause(cal, due, t('2026-11-23T09:00:00+08:00'), t('2026-11-23T10:00:00+08:00'), 'working')).toEqual(t('2026-11-24T11:00:00+08:00'));
  });

  it('an emergency pause counts around the clock', () => {
    const due = t('2026-11-22T02:00:00+08:00');
    expect(extendForPause(cal, due, t('2026-11-21T23:00:00+08:00'), t('2026-11-22T00:00:00+08:00'), 'around_the_clock')).toEqual(t('2026-11-22T03:00:00+08:00'));
  });

  it('reminders fall at 50 % and 80 % of the working time allowed', () => {
    // 16 working hours allowed: 8 h in → Thursday 10:00; 12.8 h in → Thursday 16:18.
    const times = reminderTimes(DEFAULT_POLICY, t('2026-11-18T10:00:00+08:00'), t('2026-11-20T10:00:00+08:00'), 'working');
    expect(times).toEqual([t('2026-11-19T10:00:00+08:00'), t('2026-11-19T16:18:00+08:00')]);
  });

  it('escalation: department head at the deadline, duty manager 4 working hours later, general manager a working day later (seed 003 (5)b)', () => {
    // Friday 16:00 + 4 working hours: 2 h on Friday, 2 h on Monday morning.
    const steps = escalationSchedule(DEFAULT_POLICY, t('2026-11-20T16:00:00+08:00'), 'working');
    expect(steps).toEqual([
      { level: 1, role: 'department_head', at: t('2026-11-20T16:00:00+08:00') },
      { level: 2, role: 'duty_manager', at: t('2026-11-23T10:30:00+08:00') },
      { level: 3, role: 'general_manager', at: t('2026-11-23T16:00:00+08:00') },
    ]);
  });

  it('a calendar with no working time is refused rather than looping', () => {
    const never = withCalendar({ businessHours: [] });
    expect(() => addDuration(never.calendar, t('2026-11-18T10:00:00+08:00'), { amount: 1, unit: 'working_hours' })).toThrow(expect.objectContaining({ code: 'CALENDAR.NO_WORKING_TIME' }));
  });
});
