/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 我的投诉 and 投诉详情 against the real functions: tabs, infinite scroll, the timeline with photos, the
// countdown, and the owner's own steps (add information, withdraw, rate, reopen).
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany, workAsDemoStaff } from './support/demo';
import { byLabel, byText, find, modalAnswers, render, renderAgain, tap, text, until, wxLog, type Rendered } from './support/simulate';
import { ownerMember } from '../support/api';

const cloud = useDemoCompany();

let seq = 0;
async function file(openid: string, description: string, photos: string[] = []): Promise<string> {
  const r = await cloud().call<{ id: string }>(openid, { action: 'complaint.submit', requestId: `mp-test-${seq++}`, communityId: 'community-a', location: { kind: 'public_area', description: '3栋电梯厅' }, description, photos });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.data.id;
}

const state = (page: Rendered) => page.data.state as string;

describe('我的投诉', () => {
  it('shows every complaint under 全部 and only the resolved one under 待评价', async () => {
    setLocalUser('demo-owner-1');
    const page = render('pages/mine/index');
    await until(() => state(page) === 'ready', 'the list');
    expect(page.data.items).toHaveLength(2);
    expect(text(page)).toContain('楼道声控灯不亮');
    // The list is inside van-tabs, so its sticky tab bar stays pinned while the list scrolls.
    expect(text(find(page, '#tabs'))).toContain('楼道声控灯不亮');
    (page.instance as unknown as { onTab(e: object): void }).onTab({ detail: { name: 'resolved' } });
    await until(() => state(page) === 'ready' && (page.data.items as unknown[]).length === 1, 'the 待评价 tab');
    expect(text(page)).toContain('待评价');
    expect(text(page)).not.toContain('卫生间天花板漏水');
  });

  it('loads the next page at the bottom, appending by path keys, until there is no more', async () => {
    await cloud().db.collection('members').add(ownerMember('openid-many', '赵先生', '13800138111', 'a-2-1-502'));
    for (let i = 0; i < 12; i++) {
      if (i > 0 && i % 5 === 0) await cloud().post('/local/clock', { advanceMs: 11 * 60_000 }); // past the rate limit window
      await file('openid-many', `第${i + 1}件事：草坪没人修剪`);
    }
    setLocalUser('openid-many');
    const page = render('pages/mine/index');
    await until(() => state(page) === 'ready', 'the first page');
    expect(page.data.items).toHaveLength(10);
    const updates: string[][] = [];
    const setData = page.instance.setData.bind(page.instance);
    page.instance.setData = (d: Record<string, unknown>) => (updates.push(Object.keys(d)), setData(d));
    (page.instance as unknown as { onReachBottom(): Promise<void> }).onReachBottom();
    await until(() => (page.data.items as unknown[]).length === 12 && page.data.next === null, 'the second page');
    expect(updates.at(-1)).toEqual(['next', 'loadingMore', 'items[10]', 'items[11]']);
    expect(text(page)).toContain('第1件事');
    expect(text(page)).toContain('没有更多了');
  });
});

describe('投诉详情', () => {
  const open = async (openid: string, id: string) => {
    setLocalUser(openid);
    const page = render('pages/detail/index', { id });
    await until(() => state(page) === 'ready', 'the detail');
    return page;
  };

  it('shows the timeline and the countdown; the owner adds information and the step appears', async () => {
    const id = await file('demo-owner-2', '电梯按钮失灵，按了没反应');
    const page = await open('demo-owner-2', id);
    expect(text(page)).toContain('提交投诉');
    expect(text(page)).toContain('距回应时限');
    expect(page.data.c).toMatchObject({ status: '已提交，待受理', location: '3栋电梯厅' });
    expect((page.data.c as { dueMs: number }).dueMs).toBeGreaterThan(0);
    modalAnswers.push({ confirm: true, content: '是 2 号梯，昨晚开始的' });
    tap(page, '#add-info');
    await until(() => (page.data.steps as unknown[]).length === 2, 'the new step');
    expect(text(page)).toContain('是 2 号梯，昨晚开始的');
  });

  it('two copies on the stack keep their own complaint: acting on the first after the second opened changes the first', async () => {
    const first = await file('demo-owner-1', '车库照明一半不亮，晚上很黑');
    const second = await file('demo-owner-1', '小区东门的道闸抬不起来');
    const a = await open('demo-owner-1', first);
    const b = renderAgain(a, { id: second });
    await until(() => state(b) === 'ready', 'the second copy');
    expect(text(b)).toContain('小区东门的道闸抬不起来');
    modalAnswers.push({ confirm: true, content: 'B2 层最里面那排' });
    tap(byText(a, 'van-button', '补充信息'));
    await until(() => (a.data.steps as unknown[]).length === 2, 'the step on the first page');
    expect(text(a)).toContain('B2 层最里面那排');
    expect(text(b)).not.toContain('B2 层最里面那排');
    // On the server too: the information went to the first complaint, not to the one opened last.
    const detail = async (id: string) => JSON.stringify(await cloud().call('demo-owner-1', { action: 'complaint.detail', id }));
    expect(await detail(first)).toContain('B2 层最里面那排');
    expect(await detail(second)).not.toContain('B2 层最里面那排');
  });

  it('photos are shown by short-lived URL and open in the previewer', async () => {
    const upload = await fetch(`${cloud().url}/local/storage/upload?openid=demo-owner-2&path=complaint-photos/demo-owner-2/door.jpg`, { method: 'POST', body: Buffer.from([1, 2, 3]) });
    const { fileID } = (await upload.json()) as { fileID: string };
    const id = await file('demo-owner-2', '单元门禁坏了，门关不上', [fileID]);
    const page = await open('demo-owner-2', id);
    const photos = page.data.photos as Array<{ url: string; caption: string }>;
    expect(photos).toEqual([{ key: fileID, url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/local\/storage\/get\//), caption: '投诉照片' }]);
    tap(page, '#summary', '.photo');
    await until(() => wxLog.previewed.length > 0, 'the previewer');
    expect(wxLog.previewed).toEqual([photos[0]!.url]);
  });

  it('a photo WeChat found risky: staff see a placeholder with the reason, the owner still sees it', async () => {
    const upload = await fetch(`${cloud().url}/local/storage/upload?openid=demo-owner-2&path=complaint-photos/demo-owner-2/risky-wall.jpg`, { method: 'POST', body: Buffer.from([1, 2, 3]) });
    const { fileID } = (await upload.json()) as { fileID: string };
    const id = await file('demo-owner-2', '外墙被乱涂乱画', [fileID]);
    await cloud().post('/local/openapi/pushes/flush', {});
    setLocalUser('demo-reception-a');
    const task = render('staff/pages/task/index', { id });
    await until(() => state(task) === 'ready', 'the task');
    expect(text(task)).toContain('已隐藏');
    expect(text(task)).toContain('照片含色情内容，已隐藏');
    expect(text(task)).toContain('一张照片未通过内容安全检查');
    expect(task.data.photos).toEqual([{ key: 'hidden-0', url: '', caption: '照片含色情内容，已隐藏' }]);
    const own = await open('demo-owner-2', id);
    expect(own.data.photos).toEqual([expect.objectContaining({ key: fileID, caption: '投诉照片' })]);
  });

  it('withdrawing asks first; cancelling changes nothing, confirming closes it', async () => {
    const id = await file('demo-owner-2', '楼上装修噪音太大');
    const page = await open('demo-owner-2', id);
    modalAnswers.push({ confirm: false });
    tap(page, '#withdraw');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.data.c).toMatchObject({ status: '已提交，待受理' });
    modalAnswers.push({ confirm: true, content: '已经和邻居沟通好了' });
    tap(page, '#withdraw');
    await until(() => (page.data.c as { status: string }).status === '已撤回', 'the withdrawal');
    expect(page.data.can).toEqual({});
  });

  it('before choosing, the owner reads what a rating does; 2 stars sends it back to be handled again', async () => {
    const id = await file('demo-owner-2', '单元门禁刷卡没反应');
    await workAsDemoStaff(cloud(), id, [
      { type: 'investigate', findings: '读卡器受潮', photos: [], responsibleParty: 'property' },
      { type: 'plan', description: '更换读卡器', expectedCompletionAt: '2030-01-01T10:00:00+08:00', estimatedCost: 0 },
      { type: 'resolve', result: '已更换读卡器', photos: [] },
    ]);
    const page = await open('demo-owner-2', id);
    // The demo company keeps the default policy: below 3 stars reopens.
    const rules = text(find(page, '#outcomes'));
    expect(rules).toContain('1–2 星：投诉将重新处理，主管会跟进');
    expect(rules).toContain('3 星及以上：投诉将办结');
    tap(byLabel(page, '2 星：不满意'));
    await until(() => page.data.score === 2, 'the chosen score');
    tap(byText(page, 'van-button', '提交评价'));
    await until(() => wxLog.toasts.includes('已要求重新处理'), 'the rating');
    expect(text(page)).toContain('评价 2 星');
    expect(page.data.c).not.toMatchObject({ status: '已办结' });
    expect(page.data.can).not.toHaveProperty('rate');
    expect(text(page)).not.toContain('投诉将办结');
  });

  it('the consequences follow the company policy, not a number the page assumes', async () => {
    const got = await cloud().call<{ policy: { satisfaction: object } }>('demo-admin', { action: 'admin.policy.get' });
    const before = got.ok ? got.data.policy : null;
    const change = (reopenBelow: number) => ({ ...before, satisfaction: { ...before!.satisfaction, reopenBelow } });
    expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy: change(2) })).toMatchObject({ ok: true });
    try {
      const mine = await cloud().call<{ items: Array<{ id: string }> }>('demo-owner-1', { action: 'complaint.mine', status: 'resolved' });
      const page = await open('demo-owner-1', mine.ok ? mine.data.items[0]!.id : '');
      const rules = text(find(page, '#outcomes'));
      expect(rules).toContain('1 星：投诉将重新处理，主管会跟进');
      expect(rules).toContain('2 星及以上：投诉将办结');
    } finally {
      expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy: before })).toMatchObject({ ok: true });
    }
  });

  it('after resolution the owner rates it: 5 stars closes it; the reopen button is gone', async () => {
    const mine = await cloud().call<{ items: Array<{ id: string; status: string }> }>('demo-owner-1', { action: 'complaint.mine', status: 'resolved' });
    const resolved = mine.ok ? mine.data.items[0]!.id : '';
    const page = await open('demo-owner-1', resolved);
    expect(page.data.can).toMatchObject({ rate: true, reopen: true });
    expect(text(page)).toContain('已更换声控开关，测试正常');
    (page.instance as unknown as { onScore(e: object): void }).onScore({ detail: 5 });
    tap(page, '#submit-rating');
    await until(() => wxLog.toasts.includes('感谢您的评价'), 'the rating');
    expect(page.data.c).toMatchObject({ status: '已办结' });
    expect(text(page)).toContain('评价 5 星');
    expect(page.data.can).toEqual({});
  });
});
