/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// Owner communication through the real pages and functions (seed 002 §6, 标准4, 要求(5), 职责): a clerk
// records a visit and turns one opinion into a complaint and another into the owner's suggestion, each in
// one tap; the dashboard shows the visits; a
// manager starts a survey, an owner answers it from the home page, the manager publishes the results
// and the owner reads them; the customer-service head submits the month's summary and the general
// manager approves it.
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { pickRoom } from './support/rooms';
import { byLabel, byText, find, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();
const csHead = { _id: 'demo-head-cs', kind: 'staff', name: '客服部主管 林主管', phone: '13700009999', role: 'department_head', communityIds: ['community-a'], department: 'customer_service', active: true };

function open(openid: string, pagePath: string, query: Record<string, string> = {}): Rendered {
  setLocalUser(openid);
  return render(pagePath, query);
}
const methods = (page: Rendered) => page.instance as unknown as Record<string, (e?: object) => unknown>;

it('a clerk records a visit, then turns the owner’s opinions into a complaint and a suggestion in one tap each', async () => {
  const page = open('demo-reception-a', 'staff/pages/visit/index');
  await until(() => text(page).includes('阳光花园'), 'the form');
  tap(byText(page, 'van-button', '保存走访记录'));
  await until(() => text(find(page, '#room-picker')).includes('请选择走访的房屋'), 'the missing room');
  await pickRoom(page, '3栋', '1单元 1201');
  type(page, '#topic-greening', '楼下草坪很久没修剪');
  type(page, '#topic-difficulties', '家中老人腿脚不便');
  type(page, '#topic-culture', '希望周末多办些亲子活动');
  tap(byText(page, 'van-button', '保存走访记录'));
  await until(() => text(page).includes('本月已走访 1 户'), 'the saved visit');
  expect(text(page)).toContain('目标 12 户');

  // One tap per opinion; the complaint needs the owner's name and phone.
  tap(byText(page, 'van-button', '绿化意见转为投诉'));
  await until(() => text(page).includes('请在上方填写业户的姓名和电话'), 'the missing contact');
  type(page, '#name', '李女士');
  type(page, '#phone', '13800138002');
  tap(byText(page, 'van-button', '绿化意见转为投诉'));
  await until(() => /已转为投诉 TS\d{8}-\d{4}/.test(text(page)), 'the complaint');
  const number = /已转为投诉 (TS\d{8}-\d{4})/.exec(text(page))![1]!;
  // The owner's wish becomes their suggestion (意见和建议), answered to them in the app.
  tap(byText(page, 'van-button', '社区文化意见转为意见建议'));
  await until(() => /已转为意见建议 JY\d{8}-\d{4}/.test(text(page)), 'the suggestion');
  const suggestion = /已转为意见建议 (JY\d{8}-\d{4})/.exec(text(page))![1]!;
  const list = await cloud().call<{ items: Array<{ room: string; opinions: Array<{ topic: string; complaintNumber: string | null }> }> }>('demo-gm', { action: 'visit.list', communityId: 'community-a', year: new Date().getFullYear(), month: new Date().getMonth() + 1 });
  expect(list).toMatchObject({
    ok: true,
    data: {
      items: [
        {
          room: '3栋1单元1201',
          opinions: [
            { topic: 'greening', complaintNumber: number, suggestionNumber: null },
            { topic: 'difficulties', complaintNumber: null, suggestionNumber: null },
            { topic: 'culture', complaintNumber: null, suggestionNumber: suggestion },
          ],
        },
      ],
    },
  });
  // The room's registered owner finds it in 我的意见建议, saying where it came from.
  const mine = open('demo-owner-2', 'pages/suggestions/index');
  await until(() => text(mine).includes('希望周末多办些亲子活动'), 'the suggestion in 我的意见建议');
  expect(text(mine)).toContain(suggestion);
  expect(text(mine)).toContain('走访时由 客服 王敏 代为登记');

  // The manager's dashboard: against the target, by staff member, and who to visit next.
  const dashboard = open('demo-gm', 'manager/pages/dashboard/index');
  await until(() => dashboard.data.state === 'ready', 'the dashboard');
  const shown = text(dashboard);
  expect(shown).toContain('1 / 12 户');
  expect(shown).toContain('客服 王敏');
  expect(shown).toMatch(/下一户：\d+栋/);
  expect(shown).toContain('从未走访');
});

it('a manager starts a survey, an owner answers it from the home page once, and reads the published results', async () => {
  const manager = open('demo-gm', 'manager/pages/surveys/index');
  await until(() => manager.data.state === 'ready', 'the surveys');
  expect(text(manager)).toContain('还没有调查');
  type(manager, '#title', '第四季度满意度调查');
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  type(manager, '#closes-on', today);
  tap(byText(manager, 'van-button', '发起调查'));
  await until(() => text(manager).includes('第四季度满意度调查'), 'the new survey');
  expect(text(manager)).toContain('进行中');

  const home = open('demo-owner-1', 'pages/home/index');
  await until(() => text(home).includes('第四季度满意度调查'), 'the invitation on 首页');
  // The next survey may also come by WeChat message: one tap asks for the survey template.
  tap(byText(home, 'van-cell', '有新的满意度调查时微信通知我', 'part'));
  await until(() => wxLog.toasts.includes('下一次满意度调查会通过微信通知您'), 'the subscription');
  expect(wxLog.subscribe).toContainEqual(['TPL_SURVEY_INVITE']);
  const surveyId = (home.data.surveys as Array<{ id: string }>)[0]!.id;
  const answer = open('demo-owner-1', 'pages/survey/index', { id: surveyId });
  await until(() => answer.data.state === 'ready' && text(answer).includes('保安'), 'the questions');
  tap(byText(answer, 'van-button', '提交调查'));
  await until(() => text(answer).includes('请为「保安」打分'), 'the unanswered question');
  // Each score as a screen reader names it: the question and the score (「维修 2 分」).
  for (const q of answer.data.questions as Array<{ label: string }>) tap(byLabel(answer, `${q.label} 4 分`));
  tap(byLabel(answer, '维修 2 分'));
  type(answer, '#comment-repair', '报修后三天才来');
  tap(byText(answer, 'van-button', '提交调查'));
  await until(() => text(answer).includes('感谢您的参与'), 'the thanks');
  // Answered: the home page no longer asks, and the page does not offer the form again.
  const again = open('demo-owner-1', 'pages/survey/index', { id: surveyId });
  await until(() => again.data.state === 'ready', 'the page again');
  expect(text(again)).toContain('感谢您的参与');
  expect(await cloud().call('demo-owner-1', { action: 'survey.answer', surveyId, answers: [{ topic: 'repair', score: 5 }] })).toMatchObject({ ok: false, message: '您家已经答过这份调查了，每户只能答一次' });

  // After the last day the manager publishes, and the owner reads the figures.
  await cloud().post('/local/clock', { advanceMs: 2 * 24 * 3600_000 });
  const results = open('demo-gm', 'manager/pages/surveys/index');
  await until(() => results.data.state === 'ready' && text(results).includes('已结束'), 'the closed survey');
  methods(results).onOpen!({ currentTarget: { dataset: { id: surveyId } } });
  await until(() => text(results).includes('回收 1 份'), 'the results');
  expect(text(results)).toContain('报修后三天才来');
  tap(byText(results, 'van-button', '向全体业主公布结果'));
  await until(() => text(results).includes('结果已公布'), 'published');
  const read = open('demo-owner-1', 'pages/survey/index', { id: surveyId, results: '1' });
  await until(() => read.data.state === 'ready', 'the published results');
  expect(text(read)).toContain('共回收 1 份');
  expect(text(read)).toContain('2 分');
  expect(text(read)).not.toContain('报修后三天才来');
  await cloud().post('/local/clock', { advanceMs: -2 * 24 * 3600_000 });
});

it('the customer-service head submits last month’s summary and the general manager approves it', async () => {
  await cloud().db.collection('members').add({ ...csHead });
  const page = open(csHead._id, 'manager/pages/summary/index', { communityId: 'community-a', offset: '1' });
  await until(() => page.data.state === 'ready', 'the summary');
  expect(text(page)).toContain('草稿：待客户服务主管编写并提交');
  expect(text(page)).toContain('业户走访');
  type(page, '#overview', '本月业户主要关心绿化与维修。');
  type(page, '#problems', '3 栋草坪修剪不及时，已安排。');
  tap(byText(page, 'van-button', '提交管理处主任审阅'));
  await until(() => text(page).includes('已提交，待管理处主任审阅'), 'submitted');
  expect(() => byText(page, 'van-button', '提交管理处主任审阅')).toThrow();

  const review = open('demo-gm', 'manager/pages/summary/index', { communityId: 'community-a', offset: '1' });
  await until(() => review.data.state === 'ready', 'the summary to review');
  expect(text(review)).toContain('3 栋草坪修剪不及时，已安排。');
  tap(byText(review, 'van-button', '退回修改'));
  await until(() => text(review).includes('退回总结时请写明原因'), 'the reason asked for');
  tap(byText(review, 'van-button', '审阅通过'));
  await until(() => text(review).includes('已审阅通过'), 'approved');
  expect(text(review)).toContain('总经理 刘总 审阅通过');
  expect(wxLog.modals).toEqual([]);
});
