// The authorization table (server/kernel/authorization.ts) against the contract and through the function:
// every action has its roles; a role outside them is refused before any handler runs, writing nothing.
import { ACTION_ROLES, mayCall } from '../../server/kernel/authorization';
import { ROLES } from '../../domain/model';
import { DEFAULT_POLICY } from '../../domain/policy';
import { requestSchemas, type Action } from '../../typings/api';
import { API_ERRORS } from '../../typings/errors';
import { DOMAIN_ERROR_CODES } from '../../domain/errors';
import { DOMAIN_ERRORS } from '../../server/kernel/errors';
import { startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
beforeAll(async () => {
  c = await startApi();
  await c.db.collection('members').add(ROLES.map((role) => ({ _id: `openid-as-${role}`, kind: role === 'owner' ? 'owner' : 'staff', name: role, phone: '13700000000', role, communityIds: ['community-a'], department: 'engineering', active: true })));
});
afterAll(() => c.stop());

it('names the roles of every action in the contract, and only those', () => {
  expect(Object.keys(ACTION_ROLES).sort()).toEqual(Object.keys(requestSchemas).sort());
});

it('refuses every role outside an action’s roles with FORBIDDEN before the handler runs, writing nothing', async () => {
  const refused: string[] = [];
  for (const action of Object.keys(ACTION_ROLES) as Action[]) {
    for (const role of ROLES.filter((r) => !mayCall(action, r, DEFAULT_POLICY))) {
      await c.post('/local/counters/reset', {});
      // An empty payload fails validation first for most actions: give each the least it accepts.
      const r = await c.call(`openid-as-${role}`, { action, ...minimal[action] });
      const { total } = await c.get<{ total: { writes: number } }>('/local/counters');
      if (r.ok || r.code !== 'FORBIDDEN' || total.writes !== 0) refused.push(`${role} ${action}: ${JSON.stringify(r)}`);
    }
  }
  expect(refused).toEqual([]);
});

const id = 'a'.repeat(32);
const minimal: Partial<Record<Action, object>> = {
  'owner.unbind': {},
  'complaint.submit': { requestId: 'authz-0001', communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门坏了' },
  'complaint.mine': {},
  'complaint.record': { requestId: 'authz-0002', channel: 'phone', complainant: { name: '某人', phone: '13600000000' }, communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门坏了' },
  'complaint.revealPhone': { id },
  'inbox.list': { view: 'to_triage' },
  'inbox.counts': {},
  'staff.list': { communityId: 'community-a' },
  'stats.monthly': { communityId: 'community-a', year: 2026, month: 11 },
  'stats.export': { communityId: 'community-a', year: 2026, month: 11 },
  'admin.invite': { role: 'handler', communityIds: ['community-a'], department: 'engineering', name: '新人', phone: '13711112222' },
  'admin.staff.update': { staffId: 'openid-as-handler', active: false },
  'admin.community.upsert': { id: 'community-a', name: '阳光花园', households: 1 },
  'admin.roster.add': { communityId: 'community-a', shifts: [{ role: 'duty_manager', staffId: 'openid-as-duty_manager', from: '2026-11-18T18:00:00+08:00', to: '2026-11-19T08:00:00+08:00' }] },
  'admin.roster.list': { communityId: 'community-a' },
  'admin.rooms.upsert': { communityId: 'community-a', rooms: [{ id: 'r-1', building: '1', room: '101', residentPhones: [] }] },
  'admin.staff.list': { communityId: 'community-a' },
  'stats.company': { year: 2026, month: 11 },
  'stats.rebuild': { communityId: 'community-a', year: 2026, month: 11 },
  'admin.community.list': {},
  'admin.building.save': { communityId: 'community-a', name: '1' },
  'admin.households.template': { communityId: 'community-a' },
  'admin.households.preview': { communityId: 'community-a', fileID: 'cloud://test-env.bucket/imports/x/roll.xlsx' },
  'admin.households.apply': { importId: 'none' },
  'household.invite': { roomId: 'room-1', relation: 'family' },
  'household.list': { roomId: 'room-1' },
  'household.remove': { roomId: 'room-1', personId: '0123456789abcdef' },
  'admin.policy.get': {},
  'admin.policy.set': { policy: DEFAULT_POLICY },
  'admin.alerts.get': {},
  'admin.alerts.set': { smsTemplateId: '123456' },
  'alerts.test': {},
  'visit.record': { communityId: 'community-a', roomId: 'room-1', visitedOn: '2026-11-18', way: 'face', opinions: [] },
  'visit.link': { visitId: 'v-none', topic: 'repair', complaintId: id },
  'visit.suggest': { visitId: 'v-none', topic: 'repair' },
  'visit.month': { communityId: 'community-a', year: 2026, month: 11 },
  'visit.list': { communityId: 'community-a', year: 2026, month: 11 },
  'survey.create': { communityId: 'community-a', title: '调查', opensOn: '2026-11-01', closesOn: '2030-11-30', anonymous: true },
  'survey.list': { communityId: 'community-a' },
  'survey.mine': {},
  'survey.answer': { surveyId: 's-none', answers: [{ topic: 'repair', score: 3 }] },
  'survey.results': { surveyId: 's-none' },
  'survey.publish': { surveyId: 's-none' },
  'summary.get': { communityId: 'community-a', year: 2026, month: 10 },
  'summary.save': { communityId: 'community-a', year: 2026, month: 10, text: { overview: '', problems: '', plans: '' } },
  'summary.review': { communityId: 'community-a', year: 2026, month: 10, decision: 'approve' },
  'notice.publish': { requestId: 'authz-notice-1', communityId: 'community-a', kind: 'other', title: '通知', text: '内容', validFrom: '2026-11-18T09:00:00+08:00', validTo: '2030-11-18T18:00:00+08:00' },
  'notice.intake': { communityId: 'community-a', category: 'repair' },
  'notice.deflect': { requestId: 'authz-0004', roomId: 'room-1', noticeIds: [id], channel: 'phone' },
  'notice.withdraw': { id },
  'suggestion.submit': { requestId: 'authz-suggestion-1', topic: 'other', text: '建议' },
  'suggestion.mine': {},
  'suggestion.list': { communityId: 'community-a' },
  'suggestion.reply': { id, text: '答复' },
  'suggestion.convert': { id, category: 'repair', explanation: '说明', location: { kind: 'public_area', description: '大门' } },
};

it('the error catalogue gives every domain code its own Chinese sentence and a contract code', () => {
  for (const code of DOMAIN_ERROR_CODES) {
    const entry = DOMAIN_ERRORS[code];
    expect({ code, known: entry.code in API_ERRORS, chinese: /[\u4e00-\u9fa5]/.test(entry.message) }).toEqual({ code, known: true, chinese: true });
    expect(entry.message).not.toBe(API_ERRORS.VALIDATION);
  }
  // Distinct sentences: a user can tell one refusal from another.
  expect(new Set(Object.values(DOMAIN_ERRORS).map((e) => e.message)).size).toBe(DOMAIN_ERROR_CODES.length);
});

it('a domain refusal reaches the user as its own sentence, not the generic one', async () => {
  const r = await c.call('openid-as-reception', { action: 'complaint.command', id, command: { type: 'accept' } });
  expect(r).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '没有找到这件投诉' });
});

it('who may publish and withdraw notices is the company’s stored policy: a role it adds may, a role it removes may not, and account.me says the same (issue 30.3)', async () => {
  const publishers = ['handler', 'department_head', 'duty_manager', 'general_manager', 'admin'] as const;
  expect(await c.call('openid-as-admin', { action: 'admin.policy.set', policy: { ...DEFAULT_POLICY, notices: { ...DEFAULT_POLICY.notices, publishers } } })).toMatchObject({ ok: true });
  try {
    const actions = async (role: string) => ((await c.call<{ actions: string[] }>(`openid-as-${role}`, { action: 'account.me' })) as { data: { actions: string[] } }).data.actions;
    expect(await actions('handler')).toContain('notice.publish');
    expect(await actions('reception')).not.toContain('notice.publish');
    // Past the table: the handler reaches the handler (no such notice), reception is refused before it.
    expect(await c.call('openid-as-handler', { action: 'notice.withdraw', id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await c.call('openid-as-reception', { action: 'notice.withdraw', id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  } finally {
    await c.call('openid-as-admin', { action: 'admin.policy.set', policy: DEFAULT_POLICY });
  }
});
