// Notices and suggestions as pure rules (domain/notices.ts, domain/suggestions.ts), given / when / then.
import { areaKeys, areaKeysFor, areaLabel, isCurrent, isInForce, kindsFor, noticeProblem, withdrawal, type Notice } from '../../domain/notices';
import { DEFAULT_POLICY, policyProblems } from '../../domain/policy';
import { answeredOnTime, replyDueBy, seesAuthor, suggestionProblem, suggestionTimerAt, type Suggestion } from '../../domain/suggestions';

const at = (iso: string) => new Date(iso);

describe('notices (seed 002 要求 (1)(2)(3)(6))', () => {
  const outage = { communityId: 'a', buildings: ['3'], validFrom: at('2026-11-18T09:00:00+08:00'), validTo: at('2026-11-18T18:00:00+08:00') };

  it('is current from publication until it ends, in force only during its period', () => {
    expect([isCurrent(outage, at('2026-11-18T08:00:00+08:00')), isInForce(outage, at('2026-11-18T08:00:00+08:00'))]).toEqual([true, false]);
    expect([isCurrent(outage, at('2026-11-18T12:00:00+08:00')), isInForce(outage, at('2026-11-18T12:00:00+08:00'))]).toEqual([true, true]);
    expect([isCurrent(outage, at('2026-11-18T18:00:00+08:00')), isInForce(outage, at('2026-11-18T18:00:00+08:00'))]).toEqual([false, false]);
  });

  it('is found by community-qualified area keys: an owner of building 3 and the whole community', () => {
    expect(areaKeys(outage)).toEqual(['a/3']);
    expect(areaKeys({ communityId: 'a', buildings: [] })).toEqual(['a/*']);
    expect(areaKeysFor([{ communityId: 'a', building: '3' }, { communityId: 'b', building: '5' }])).toEqual(['a/*', 'a/3', 'b/*', 'b/5']);
    expect(areaLabel(outage)).toBe('3号楼');
    expect(areaLabel({ buildings: [] })).toBe('全小区');
  });

  it('refuses a period that ends before it starts, has ended, or runs past 90 days', () => {
    const now = at('2026-11-18T08:00:00+08:00');
    expect(noticeProblem(outage, now)).toBeNull();
    expect(noticeProblem({ validFrom: outage.validTo, validTo: outage.validFrom }, now)).toBe('NOTICE.PERIOD_INVALID');
    expect(noticeProblem(outage, at('2026-11-19T08:00:00+08:00'))).toBe('NOTICE.ALREADY_ENDED');
    expect(noticeProblem({ validFrom: outage.validFrom, validTo: at('2027-03-01T00:00:00+08:00') }, now)).toBe('NOTICE.PERIOD_TOO_LONG');
  });

  it('a water outage explains a repair or facilities complaint, not a fees one (policy data)', () => {
    expect(kindsFor(DEFAULT_POLICY, 'repair')).toEqual(expect.arrayContaining(['water_outage', 'power_outage', 'lift_repair']));
    expect(kindsFor(DEFAULT_POLICY, 'fees')).toEqual([]);
  });
});

describe('撤回 a notice', () => {
  const notice: Notice = { id: 'n1', communityId: 'a', kind: 'water_outage', title: '停水', text: '停水', photos: [], buildings: ['3'], validFrom: at('2026-11-18T09:00:00+08:00'), validTo: at('2026-11-18T18:00:00+08:00'), publishedAt: at('2026-11-18T07:00:00+08:00'), publishedBy: { id: 'r', name: '客服' } };
  const by = { id: 'r', name: '客服' };
  const outbox = [
    { key: 'published>o1', status: 'sent', lastError: null },
    { key: 'published>o2', status: 'sending', lastError: null },
    { key: 'published>o3', status: 'pending', lastError: '-1 busy' },
    { key: 'published', status: 'pending', lastError: null },
  ];

  it('ends it now and cancels what has not gone out (a send in flight is left to finish)', () => {
    const now = at('2026-11-18T10:00:00+08:00');
    const change = withdrawal(notice, outbox, by, now)!;
    expect(change.state).toMatchObject({ validTo: now, withdrawn: { at: now, by } });
    expect(isCurrent(change.state, now)).toBe(false);
    expect(change.outbox.map((e) => e.status)).toEqual(['sent', 'sending', 'cancelled', 'cancelled']);
  });

  it('has nothing to do once the notice ended or was withdrawn', () => {
    expect(withdrawal(notice, outbox, by, at('2026-11-18T18:00:00+08:00'))).toBeNull();
    const once = withdrawal(notice, outbox, by, at('2026-11-18T10:00:00+08:00'))!;
    expect(withdrawal({ ...once.state, validTo: notice.validTo }, once.outbox, by, at('2026-11-18T11:00:00+08:00'))).toBeNull();
  });
});

describe('suggestions (seed 002 §3, 标准3, 要求 (13))', () => {
  const submittedAt = at('2026-11-18T10:00:00+08:00'); // a Wednesday
  const base: Suggestion = {
    id: 's',
    number: 'JY20261118-0001',
    communityId: 'a',
    topic: 'repair',
    text: '维修前先打电话',
    photos: [],
    anonymous: true,
    author: { openid: 'o', name: '张先生', roomId: 'r', room: '1栋2单元301' },
    status: 'open',
    submittedAt,
    replyDueBy: replyDueBy(DEFAULT_POLICY, submittedAt),
    reply: null,
    remindedAt: null,
    converted: null,
  };

  it('the reply is due five working days on, skipping the weekend; the reminder fires once', () => {
    expect(base.replyDueBy).toEqual(at('2026-11-25T10:00:00+08:00'));
    expect(suggestionTimerAt(base)).toEqual(base.replyDueBy);
    expect(suggestionTimerAt({ ...base, remindedAt: base.replyDueBy })).toBeNull();
    expect(suggestionTimerAt({ ...base, status: 'answered' })).toBeNull();
  });

  it('answered on time by the due time; a conversion counts as the answer', () => {
    const by = { id: 'staff', name: '客服' };
    expect(answeredOnTime(base)).toBe(false);
    expect(answeredOnTime({ ...base, status: 'answered', reply: { text: '好', at: at('2026-11-20T10:00:00+08:00'), by } })).toBe(true);
    expect(answeredOnTime({ ...base, status: 'answered', reply: { text: '好', at: at('2026-11-26T10:00:00+08:00'), by } })).toBe(false);
    expect(answeredOnTime({ ...base, status: 'converted', converted: { complaintId: 'c', number: 'TS', explanation: '转', at: submittedAt } })).toBe(true);
  });

  it('an anonymous author is seen by the owner and managers only; a named one by everyone', () => {
    expect(['reception', 'handler', 'department_head', 'admin', 'duty_manager', 'general_manager', 'owner'].map((r) => seesAuthor(DEFAULT_POLICY, base, r as never))).toEqual([false, false, false, false, true, true, true]);
    expect(seesAuthor(DEFAULT_POLICY, { anonymous: false }, 'handler')).toBe(true);
  });

  it('an anonymous one is never converted; a converted one is not answered again', () => {
    expect(suggestionProblem(base, 'convert')).toBe('SUGGESTION.ANONYMOUS');
    expect(suggestionProblem({ ...base, anonymous: false }, 'convert')).toBeNull();
    expect(suggestionProblem({ ...base, status: 'answered', anonymous: false }, 'convert')).toBe('SUGGESTION.CLOSED');
    expect(suggestionProblem({ ...base, status: 'converted' }, 'reply')).toBe('SUGGESTION.CLOSED');
    expect(suggestionProblem({ ...base, status: 'answered' }, 'reply')).toBeNull();
  });

  it('a topic given to a department that does not exist makes the policy unusable', () => {
    expect(policyProblems(DEFAULT_POLICY)).toEqual([]);
    const broken = { ...DEFAULT_POLICY, suggestions: { ...DEFAULT_POLICY.suggestions, topicDepartments: { ...DEFAULT_POLICY.suggestions.topicDepartments, greening: 'gardening' } } };
    expect(policyProblems(broken)).toEqual(['意见建议“绿化”的责任部门 gardening 不存在']);
  });
});
