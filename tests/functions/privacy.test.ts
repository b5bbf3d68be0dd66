// Nothing personal leaks (seed 002 标准3 信息保密): every action, called as every role, answers with no
// full mobile number but the caller's own — the one exception is complaint.revealPhone for the
// assigned handler, which is logged. Subscription messages and the monthly workbook are scanned too.
import { unzipSync, strFromU8 } from 'fflate';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Action } from '../../typings/api';
import { INBOX_VIEWS } from '../../typings/api';
import { admin, people, seedPeople, exportReport, startApi, type ApiCloud } from '../support/api';

let c: ApiCloud;
const gm = { _id: 'openid-gm', kind: 'staff', name: '总经理', phone: '13700000031', role: 'general_manager', communityIds: ['community-a', 'community-b'], department: 'management', active: true };
/** A caller on the phone to reception, and a second resident registered for the owner's room. */
const RECORDED_PHONE = '13512345678';
const FLATMATE_PHONE = '13612345678';

/** A family member the owner invited to their room (household.join), with a phone of their own. */
const family = { _id: 'openid-family', phone: '13811112222' };
const callers = { ...people, admin, gm, family, guest: { _id: 'openid-guest', phone: '' } };
type CallerName = keyof typeof callers;

// Not inside a longer run of letters and digits: a signed file link's hex hash may hold 11 digits in a
// row by chance (it did, once in a few dozen runs); a phone in text or a query (`phone=…`) is still caught.
const MOBILE = /(?<![\dA-Za-z])1[3-9]\d{9}(?![\dA-Za-z])/g;
const leaks: string[] = [];
/**
 * The other owner's anonymous suggestion (seed 002 标准3 信息保密): their name and openid appear in no
 * answer to staff below manager (policy.suggestions.identityVisibleTo) — the owner never filed a
 * complaint here, so nothing else could name them; nor does their room in any answer about suggestions
 * (a room is shown elsewhere for its own sake: the households still to visit, who answered a named survey).
 */
const ANONYMOUS_AUTHOR = /李女士|openid-owner-2/;
const ANONYMOUS_ROOM = /3栋1单元101|room-3-1-101/;
const MAY_SEE_AUTHOR: readonly string[] = ['otherOwner', ...DEFAULT_POLICY.suggestions.identityVisibleTo.map((r) => (r === 'general_manager' ? 'gm' : r))];
const unmasked: string[] = [];
let seq = 0;

/** Call as `who` and remember any full mobile number in the answer that is not the caller's own. */
async function call(who: CallerName, request: { action: Action } & Record<string, unknown>): Promise<unknown> {
  const res = await c.call(callers[who]._id, request);
  const allowedReveal = request.action === 'complaint.revealPhone' && res.ok;
  const answer = JSON.stringify(res);
  const named = ANONYMOUS_AUTHOR.test(answer) || (request.action.startsWith('suggestion.') && ANONYMOUS_ROOM.test(answer));
  if (!MAY_SEE_AUTHOR.includes(who) && named) unmasked.push(`${who} ${request.action}`);
  for (const phone of JSON.stringify(res).match(MOBILE) ?? []) {
    if (phone !== callers[who].phone && !allowedReveal) leaks.push(`${who} ${request.action}: ${phone}`);
  }
  return res;
}

let ownerComplaint = '';
let recordedComplaint = '';
let familyComplaint = '';
let namedSurvey = '';
let anonymousSuggestion = '';
let securityVisit = '';
let noticeId = '';

beforeAll(async () => {
  c = await startApi();
  await seedPeople(c);
  await c.db.collection('members').add([{ ...admin }, gm]);
  await c.db.collection('communities').add({ _id: 'community-a', name: '阳光花园', households: 300 });
  await c.db.collection('rooms').add({ _id: 'room-1-2-301', communityId: 'community-a', building: '1', unit: '2', room: '301', residentPhones: [people.owner.phone, FLATMATE_PHONE] });
  await c.db.collection('buildings').add({ _id: 'community-a:1', communityId: 'community-a', name: '1' });
  await c.db.collection('rooms').add({ _id: 'room-3-1-101', communityId: 'community-a', building: '3', unit: '1', room: '101', residentPhones: [people.otherOwner.phone] });
  await c.post('/local/clock', { set: '2026-11-18T10:00:00+08:00' });
  for (const who of Object.values(callers)) {
    await c.post('/local/openapi/subscriptions', { openid: who._id, results: Object.fromEntries(['TPL_COMPLAINT_ACCEPTED', 'TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT', 'TPL_STAFF_TASK'].map((t) => [t, 'accept'])) });
  }

  const filed = (await call('owner', { action: 'complaint.submit', requestId: 'privacy-owner-1', communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '卫生间天花板漏水', desiredOutcome: '尽快维修' })) as { data: { id: string } };
  ownerComplaint = filed.data.id;
  // The owner's family member files for the shared room: the owner follows it, with the number masked.
  const invited = (await call('owner', { action: 'household.invite', roomId: 'room-1-2-301', relation: 'family' })) as { data: { code: string } };
  await call('family', { action: 'household.join', code: invited.data.code, name: '张小明', phone: family.phone });
  const byFamily = (await call('family', { action: 'complaint.submit', requestId: 'privacy-family-1', roomId: 'room-1-2-301', communityId: 'community-a', location: { kind: 'room', building: '1', unit: '2', room: '301' }, description: '阳台门关不上' })) as { data: { id: string } };
  familyComplaint = byFamily.data.id;
  const recorded = (await call('reception', { action: 'complaint.record', requestId: 'privacy-rec-1', channel: 'phone', complainant: { name: '王大爷', phone: RECORDED_PHONE }, communityId: 'community-a', location: { kind: 'public_area', description: '地下车库' }, description: '车库积水' })) as { data: { id: string } };
  recordedComplaint = recorded.data.id;
  // Every step of the process answers with the complaint: each answer is scanned.
  const act = (who: CallerName, id: string, command: object) => call(who, { action: 'complaint.command', id, command });
  for (const id of [ownerComplaint, recordedComplaint]) {
    await act('reception', id, { type: 'triage', valid: true, category: 'repair', urgency: 'important', complexity: 'ordinary', handlerId: people.handler1._id });
    await act('handler1', id, { type: 'accept' });
    await act('handler1', id, { type: 'investigate', findings: '防水层破损', photos: [], responsibleParty: 'property' });
    await act('handler1', id, { type: 'plan', description: '重做防水', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 800 });
    await act('head', id, { type: 'approve_plan', comment: '同意' });
    await act('handler1', id, { type: 'note', text: '材料已到', photos: [] });
  }
  await act('handler1', ownerComplaint, { type: 'resolve', result: '已修复', photos: [] });
  // A named survey the owner and the family member answer: its results are scanned for every caller.
  const survey = (await call('admin', { action: 'survey.create', communityId: 'community-a', title: '季度满意度调查', opensOn: '2026-11-18', closesOn: '2026-11-30', anonymous: false })) as { data: { id: string } };
  namedSurvey = survey.data.id;
  await call('owner', { action: 'survey.answer', surveyId: namedSurvey, answers: [{ topic: 'repair', score: 2, comment: '维修太慢' }] });
  const visited = (await call('reception', { action: 'visit.record', communityId: 'community-a', roomId: 'room-1-2-301', visitedOn: '2026-11-18', way: 'face', opinions: [{ topic: 'security', text: '门岗很负责' }] })) as { data: { id: string } };
  securityVisit = visited.data.id;
  const suggested = (await call('otherOwner', { action: 'suggestion.submit', requestId: 'privacy-suggestion-1', topic: 'management', text: '物业经理态度不好，希望改进', anonymous: true })) as { data: { id: string } };
  anonymousSuggestion = suggested.data.id;
  await call('reception', { action: 'suggestion.reply', id: anonymousSuggestion, text: '感谢您的意见，我们会加强培训' });
  const published = (await call('reception', { action: 'notice.publish', requestId: 'privacy-notice-1', communityId: 'community-a', kind: 'lift_repair', title: '1号楼电梯维修', text: '今日电梯维修，请走楼梯', buildings: ['1'], validFrom: '2026-11-18T09:00:00+08:00', validTo: '2026-11-18T18:00:00+08:00' })) as { data: { id: string } };
  noticeId = published.data.id;
  await c.tick();
});
afterAll(() => c.stop());

/** A request for every action of the contract (the type makes the list complete). */
function everyAction(): { [A in Action]: Array<Record<string, unknown>> } {
  const id = ownerComplaint;
  const surveys = [namedSurvey];
  const month = { communityId: 'community-a', year: 2026, month: 11 };
  return {
    'complaint.submit': [{ requestId: `privacy-any-${++seq}`, communityId: 'community-a', location: { kind: 'public_area', description: '大门' }, description: '门禁失灵' }],
    'complaint.record': [{ requestId: `privacy-any-${++seq}`, channel: 'walk_in', complainant: { name: '赵阿姨', phone: '13587654321' }, communityId: 'community-a', location: { kind: 'public_area', description: '花园' }, description: '路灯不亮' }],
    'complaint.preview': [{ communityId: 'community-a', description: '电梯困人' }],
    'complaint.mine': [{}],
    'complaint.detail': [{ id }, { id: recordedComplaint }, { id: familyComplaint }],
    // Past the last entry: the page before it is the whole (short) timeline, every entry scanned.
    'complaint.timeline': [{ id, before: 1000 }, { id: recordedComplaint, before: 1000 }, { id: familyComplaint, before: 1000 }],
    'complaint.command': [{ id: recordedComplaint, command: { type: 'note', text: '继续处理', photos: [] } }, { id, command: { type: 'add_info', text: '补充', photos: [] } }],
    'complaint.revealPhone': [{ id }, { id: recordedComplaint }],
    'owner.bind': [{ communityId: 'community-a', roomId: 'room-1-2-301', name: '试探', phone: '13999999999' }],
    'subscription.record': [{ results: {} }],
    'subscription.credits': [{}],
    'inbox.list': INBOX_VIEWS.map((view) => ({ view })),
    'inbox.counts': [{}],
    'admin.invite': [{ role: 'handler', communityIds: ['community-a'], department: 'engineering', name: '新人', phone: '13711112222' }],
    'staff.join': [{ code: 'ABCDEFGH' }],
    'admin.staff.update': [{ staffId: people.handler2._id, department: 'engineering' }],
    'admin.community.upsert': [{ id: 'community-a', name: '阳光花园', households: 300 }],
    'admin.community.list': [{}],
    'admin.staff.list': [{ communityId: 'community-a' }],
    'admin.building.save': [{ communityId: 'community-a', name: '1' }],
    // The roll itself (a file for the office, with the phones it registered) is not in any answer.
    'admin.households.template': [{ communityId: 'community-a' }],
    'admin.households.preview': [{ communityId: 'community-a', fileID: 'cloud://test-env.bucket/imports/openid-admin/none.xlsx' }],
    'admin.households.apply': [{ importId: 'none' }],
    'household.invite': [{ roomId: 'room-1-2-301', relation: 'tenant' }],
    'household.join': [{ code: 'ABCDEFGH', name: '试探', phone: '13999999999' }],
    'company.setup': [{ code: 'not-the-setup-code', name: '试探', phone: '13999999999' }],
    'household.list': [{ roomId: 'room-1-2-301' }],
    'household.remove': [{ roomId: 'room-1-2-301', personId: '0000000000000000' }],
    'admin.roster.add': [{ communityId: 'community-a', shifts: [{ role: 'security_supervisor', staffId: people.reception._id, from: '2026-11-18T18:00:00+08:00', to: '2026-11-19T08:30:00+08:00' }] }],
    'admin.roster.list': [{ communityId: 'community-a' }],
    'admin.rooms.upsert': [{ communityId: 'community-a', rooms: [{ id: 'room-1-2-301', building: '1', unit: '2', room: '301', residentPhones: [people.owner.phone, FLATMATE_PHONE] }] }],
    'admin.policy.get': [{}],
    'admin.policy.set': [{ policy: DEFAULT_POLICY }],
    'admin.alerts.get': [{}],
    'admin.alerts.set': [{ smsTemplateId: '123456' }],
    'alerts.test': [{}],
    'stats.monthly': [month],
    'stats.export': [month],
    'stats.company': [{ year: 2026, month: 11 }],
    'stats.rebuild': [month],
    'staff.list': [{ communityId: 'community-a' }],
    'account.me': [{}],
    'directory.list': [{}, { communityId: 'community-a' }, { communityId: 'community-a', building: '1' }],
    'visit.record': [{ communityId: 'community-a', roomId: 'room-1-2-301', visitedOn: '2026-11-18', way: 'home', opinions: [{ topic: 'repair', text: '楼道灯坏了' }] }],
    'visit.link': [{ visitId: 'v-none', topic: 'repair', complaintId: id }],
    'visit.suggest': [{ visitId: 'v-none', topic: 'repair' }, { visitId: securityVisit, topic: 'security' }],
    'visit.month': [month],
    'visit.list': [month],
    'survey.create': [{ communityId: 'community-a', title: '满意度调查', opensOn: '2026-11-18', closesOn: '2026-11-30', anonymous: false }],
    'survey.list': [{ communityId: 'community-a' }],
    'survey.mine': [{}],
    'survey.answer': surveys.map((surveyId) => ({ surveyId, answers: [{ topic: 'repair', score: 4, comment: '还行' }] })),
    'survey.results': surveys.map((surveyId) => ({ surveyId })),
    'survey.publish': surveys.map((surveyId) => ({ surveyId })),
    'summary.get': [month, { communityId: 'community-a', year: 2026, month: 10 }],
    'summary.save': [{ ...month, text: { overview: '概况', problems: '', plans: '' } }],
    'summary.review': [{ ...month, decision: 'return', comment: '请补充' }],
    'notice.publish': [{ requestId: `privacy-any-${++seq}`, communityId: 'community-a', kind: 'event', title: '社区活动', text: '周六下午在中心花园举办亲子活动', validFrom: '2026-11-21T14:00:00+08:00', validTo: '2026-11-21T17:00:00+08:00' }],
    'notice.list': [{}, { communityId: 'community-a' }],
    'notice.detail': [{ id: noticeId }],
    // Refused (no such notice): the refusal is scanned too.
    'notice.withdraw': [{ id }],
    'notice.intake': [{ communityId: 'community-a', building: '1', category: 'facilities' }],
    // As an owner answers (their room), and as reception records it for a caller (a channel).
    'notice.deflect': [
      { requestId: `privacy-any-${++seq}`, roomId: 'room-1-2-301', noticeIds: [noticeId] },
      { requestId: `privacy-any-${++seq}`, roomId: 'room-1-2-301', noticeIds: [noticeId], channel: 'phone' },
    ],
    'suggestion.submit': [{ requestId: `privacy-any-${++seq}`, topic: 'greening', text: '希望多种些树', anonymous: true }],
    'suggestion.mine': [{}],
    'suggestion.list': (['open', 'answered', 'converted', 'all'] as const).map((status) => ({ communityId: 'community-a', status })),
    'suggestion.detail': [{ id: anonymousSuggestion }],
    'suggestion.reply': [{ id: anonymousSuggestion, text: '再次感谢' }],
    // Refused for an anonymous suggestion (a complaint would name its author): the refusal is scanned too.
    'suggestion.convert': [{ id: anonymousSuggestion, category: 'service_attitude', explanation: '按投诉处理', location: { kind: 'public_area', description: '物业办公室' } }],
    // Last: it ends the caller's binding.
    'owner.unbind': [{}],
  };
}

it('no action answers any role with a full mobile number but their own', async () => {
  const requests = everyAction();
  for (const who of Object.keys(callers) as CallerName[]) {
    for (const [action, bodies] of Object.entries(requests)) {
      for (const body of bodies) await call(who, { action: action as Action, ...body });
    }
  }
  expect(leaks).toEqual([]);
  expect(unmasked).toEqual([]);
  // The managers do see who wrote it (and the owner their own).
  const asGm = (await c.call(gm._id, { action: 'suggestion.detail', id: anonymousSuggestion })) as { ok: true; data: { author: { name: string } | null } };
  expect(asGm.data.author).toMatchObject({ name: '李女士' });
  // The one way to the number is the assigned handler's reveal, and each reveal is on record.
  const { data: log } = await c.db.collection('access_log').where({ complaintId: ownerComplaint }).get();
  expect(log).toEqual(expect.arrayContaining([expect.objectContaining({ staffId: people.handler1._id, what: 'complainant.phone' })]));
  const reveals = await Promise.all((['reception', 'head', 'handler2', 'gm', 'owner', 'strangerStaff'] as const).map((who) => c.call(callers[who]._id, { action: 'complaint.revealPhone', id: ownerComplaint })));
  expect(reveals.map((r) => r.ok)).toEqual([false, false, false, false, false, false]);
}, 120_000);

it('the stored timeline keeps no copy of the complainant', async () => {
  for (const id of [ownerComplaint, recordedComplaint]) {
    const { data } = await c.db.collection('complaints').doc(id).get();
    const doc = data[0] as { complainant: { phone: string }; timeline: unknown[] };
    expect(JSON.stringify(doc.timeline)).not.toMatch(MOBILE);
    expect(doc.complainant.phone).toMatch(MOBILE);
  }
});

it('subscription messages carry no phone number', async () => {
  // The owner moved out above (owner.unbind, every action): messages go only to who holds the room
  // (domain/access.ts), so they bind again for the owner's messages to be scanned too.
  await call('owner', { action: 'owner.bind', communityId: 'community-a', roomId: 'room-1-2-301', name: people.owner.name, phone: people.owner.phone });
  await c.tick();
  const messages = await c.get<Array<{ touser: string; data: object }>>('/local/openapi/messages');
  expect(messages.length).toBeGreaterThan(5);
  expect(messages.map((m) => m.touser)).toContain(people.owner._id);
  expect(messages.filter((m) => MOBILE.test(JSON.stringify(m.data)))).toEqual([]);
});

it('the monthly workbook carries no phone number', async () => {
  const r = (await exportReport(c, admin._id, { communityId: 'community-a', year: 2026, month: 11 })) as { ok: true; data: { url: string } };
  const bytes = new Uint8Array(await (await fetch(r.data.url)).arrayBuffer());
  const text = Object.values(unzipSync(bytes)).map((f) => strFromU8(f)).join('\n');
  expect(text).toContain('投诉件数');
  // Each figure carries what it measures.
  expect(text).toContain('按时响应率：本月到期（或已接单）的响应时限中');
  expect(text.match(MOBILE)).toBeNull();
});
