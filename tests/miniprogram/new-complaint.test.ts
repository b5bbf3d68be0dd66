/**
 * @jest-environment ./tests/miniprogram/support/environment.js
 */
// 我要投诉 end to end: the real page and vant components, photos really uploaded to CloudBase Local's
// storage, the read-back, the subscription prompt, and the complaint really filed by the api function.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { setLocalUser } from '../../miniprogram/services/transport';
import { useDemoCompany } from './support/demo';
import { byText, camera, find, privacy, render, tap, text, type, until, wxLog, type Rendered } from './support/simulate';

const cloud = useDemoCompany();
let photo = '';
beforeAll(() => {
  photo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mp-')), 'leak.jpg');
  fs.writeFileSync(photo, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
});

type PageData = { state: string; step: string; errors: { description: string }; done: { id: string; number: string } };
const data = (page: Rendered) => page.data as unknown as PageData;
/** The thumbnails in the page's photo-uploader (components/photo-uploader), with their upload state. */
const photos = (page: Rendered) => (find(page, '#photos').data as unknown as { files: Array<{ status: string; fileID: string }> }).files;

async function openForm(openid: string): Promise<Rendered> {
  setLocalUser(openid);
  const page = render('pages/new/index');
  await until(() => data(page).state === 'ready', 'the form to load');
  return page;
}

it('files a complaint with a photo: read-back first, then the subscription prompt, then the number and deadline', async () => {
  const page = await openForm('demo-owner-1');
  tap(byText(page, 'van-grid-item', '工程维修'));
  await until(() => page.data.category === 'repair', 'the category to be chosen');
  type(page, '#description', '地下室水管爆裂，水已经漫到车位');
  type(page, '#desired', '尽快关阀维修');
  camera.files = [photo];
  tap(byText(page, 'van-button', '添加照片'));
  await until(() => photos(page)[0]?.status === 'done', 'the photo upload');
  const fileID = photos(page)[0]!.fileID;
  expect(fileID).toMatch(/^cloud:\/\/.+\/complaint-photos\/demo-owner-1\//);

  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).step === 'review', 'the read-back');
  const readBack = text(page);
  expect(readBack).toContain('地下室水管爆裂，水已经漫到车位');
  expect(readBack).toContain('工程维修');
  expect(readBack).toContain('1 张');
  expect(readBack).toContain('紧急');
  expect(readBack).toContain('水管爆裂');

  tap(byText(page, 'van-button', '确认提交'));
  await until(() => data(page).step === 'done', 'the initial response');
  expect(wxLog.subscribe).toEqual([['TPL_COMPLAINT_ACCEPTED', 'TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT']]);
  expect(text(page)).toContain(`投诉编号 ${data(page).done.number}`);
  expect(data(page).done.number).toMatch(/^TS\d{8}-\d{4}$/);

  // What the staff now see: the photo, the owner's category and the text's urgency.
  const detail = await cloud().call<{ complaint: { photos: string[]; suggestedCategory: string; suggestedUrgency: string; location: object } }>('demo-reception-a', { action: 'complaint.detail', id: data(page).done.id });
  expect(detail).toMatchObject({ ok: true, data: { complaint: { photos: [fileID], suggestedCategory: 'repair', suggestedUrgency: 'urgent', location: { kind: 'room', building: '1', unit: '2', room: '301' } } } });
  expect(await cloud().call('demo-owner-1', { action: 'subscription.credits' })).toMatchObject({ ok: true, data: { TPL_COMPLAINT_ACCEPTED: 1, TPL_COMPLAINT_PROGRESS: 1, TPL_COMPLAINT_RESULT: 1 } });
});

it('a too-short description stops at the form with the reason, and nothing is written', async () => {
  const page = await openForm('demo-owner-3');
  await cloud().post('/local/counters/reset', {});
  type(page, '#description', '漏水');
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).errors.description !== '', 'the field error');
  expect(text(page)).toContain('请至少用 5 个字描述问题');
  expect(data(page).step).toBe('form');
  expect((await cloud().get<{ total: { writes: number } }>('/local/counters')).total.writes).toBe(0);
});

it('refusing the privacy guide leaves the photo button explaining that text alone still works', async () => {
  const page = await openForm('demo-owner-3');
  camera.privacyRefused = true;
  tap(byText(page, 'van-button', '添加照片'));
  await until(() => page.data.privacyRefused === true, 'the refusal notice');
  expect(text(page)).toContain('您仍可只用文字投诉');
});

it('a photo whose upload fails says 点击重试 on its thumbnail; a tap uploads it again and it is sent', async () => {
  const page = await openForm('demo-owner-3');
  // The network drops for this upload: reading the file to send fails, every retry of services/photos.ts too.
  const wxGlobal = (global as unknown as { wx: { getFileSystemManager: () => unknown } }).wx;
  const files = wxGlobal.getFileSystemManager;
  wxGlobal.getFileSystemManager = () => ({ readFile: (opts: { fail: (e: { errMsg: string }) => void }) => setTimeout(() => opts.fail({ errMsg: 'readFile:fail network' }), 0) });
  try {
    camera.files = [photo];
    tap(byText(page, 'van-button', '添加照片'));
    await until(() => photos(page)[0]?.status === 'failed', 'the failure after the retries', 8000);
  } finally {
    wxGlobal.getFileSystemManager = files;
  }
  expect(text(page)).toContain('点击重试');
  tap(byText(page, 'text', '点击重试'));
  await until(() => photos(page)[0]?.status === 'done', 'the upload on the second try');
  expect(text(page)).not.toContain('点击重试');
  type(page, '#description', '垃圾房门口的地面塌了一块');
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).step === 'review', 'the read-back');
  expect(text(page)).toContain('1 张');
});

it('the photo button goes once nine photos are in', async () => {
  const page = await openForm('demo-owner-3');
  camera.files = Array.from({ length: 9 }, () => photo);
  tap(byText(page, 'van-button', '添加照片'));
  await until(() => photos(page).length === 9 && photos(page).every((p) => p.status === 'done'), 'nine uploads', 10000);
  expect(text(page)).not.toContain('添加照片');
});

describe('the privacy popup (__usePrivacyCheck__)', () => {
  it('opens when WeChat asks; agreeing answers WeChat with the agree button', async () => {
    const page = await openForm('demo-owner-3');
    const answers: object[] = [];
    privacy.listener!((r) => answers.push(r));
    const popup = find(page, '#privacy');
    await until(() => text(popup).includes('用户隐私保护提示'), 'the popup');
    tap(byText(popup, 'button', '同意并继续'));
    await until(() => answers.length > 0, 'the answer');
    expect(answers).toEqual([{ event: 'agree', buttonId: 'agree-privacy' }]);
    expect(page.data.privacyRefused).toBe(false);
  });

  it('the guide opens from a row of its own, as tall as any tap target', async () => {
    const page = await openForm('demo-owner-3');
    privacy.listener!(() => undefined);
    const popup = find(page, '#privacy');
    await until(() => text(popup).includes('用户隐私保护提示'), 'the popup');
    const wx = (global as unknown as { wx: { openPrivacyContract: () => void } }).wx;
    const opened = jest.spyOn(wx, 'openPrivacyContract');
    try {
      tap(byText(popup, 'view', '查看《用户隐私保护指引》'));
      await until(() => opened.mock.calls.length > 0, 'the guide');
      expect(opened).toHaveBeenCalledTimes(1);
    } finally {
      opened.mockRestore();
    }
    const css = fs.readFileSync(path.join(__dirname, '../../miniprogram/components/privacy-popup/index.wxss'), 'utf8');
    expect(/\.link \{([^}]*)\}/.exec(css)?.[1]).toContain('min-height: var(--tap-min)');
  });

  it('refusing answers WeChat and tells the owner text still works', async () => {
    const page = await openForm('demo-owner-3');
    const answers: object[] = [];
    privacy.listener!((r) => answers.push(r));
    tap(page, '#privacy', '#disagree-privacy');
    await until(() => answers.length > 0, 'the answer');
    expect(answers).toEqual([{ event: 'disagree' }]);
    await until(() => page.data.privacyRefused === true, 'the notice');
    expect(text(page)).toContain('您仍可只用文字投诉');
  });
});

it('the same filing through wx.cloud (a real environment’s path): callFunction and uploadFile reach the functions and storage', async () => {
  setLocalUser('demo-owner-2');
  const page = render('pages/new/index', {}, { mode: 'cloud' });
  await until(() => data(page).state === 'ready', 'the form to load');
  type(page, '#description', '地库入口的减速带松动了，车过时哐哐响');
  camera.files = [photo];
  tap(byText(page, 'van-button', '添加照片'));
  await until(() => photos(page)[0]?.status === 'done', 'the upload through wx.cloud.uploadFile');
  const fileID = photos(page)[0]!.fileID;
  expect(fileID).toMatch(/complaint-photos\/demo-owner-2\//);
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).step === 'review', 'the read-back');
  tap(byText(page, 'van-button', '确认提交'));
  await until(() => data(page).step === 'done', 'the filing');
  const detail = await cloud().call<{ complaint: { photos: string[] } }>('demo-reception-a', { action: 'complaint.detail', id: data(page).done.id });
  expect(detail).toMatchObject({ ok: true, data: { complaint: { photos: [fileID] } } });
});

it('a guest is sent to bind a room first', async () => {
  setLocalUser('demo-stranger');
  render('pages/new/index');
  await until(() => wxLog.redirectTo.length > 0, 'the redirect');
  expect(wxLog.redirectTo).toEqual(['/pages/bind/index']);
});

it('an emergency in the text: the read-back tells the owner what to do now and gives a number to tap — the 24-hour number, else the community desk', async () => {
  const readBack = async (description: string): Promise<Rendered> => {
    const page = await openForm('demo-owner-3');
    type(page, '#description', description);
    tap(byText(page, 'van-button', '下一步：核对信息'));
    await until(() => data(page).step === 'review', 'the read-back');
    return page;
  };
  const quiet = await readBack('楼下花坛的水龙头一直滴水');
  expect(text(quiet)).not.toContain('紧急情况');
  expect(text(quiet)).not.toContain('拨打');

  // No number set anywhere yet: the advice, and what happens instead of a call.
  const none = text(await readBack('电梯困人了，3号楼2单元的电梯停在两层中间'));
  expect(none).toContain('紧急情况，请先注意安全');
  expect(none).toContain('被困在电梯里：保持冷静');
  expect(none).toContain('有人受伤或被困，请立即拨打 110、119 或 120');
  expect(none).toContain('物业尚未公布 24 小时电话');

  // The community's own desk, while the company has no 24-hour number — but only while it is open.
  expect(await cloud().call('demo-admin', { action: 'admin.community.upsert', id: 'community-b', name: '翠湖苑', households: 640, serviceDesk: { phone: '0571-87001234', hours: '8:00–20:00' } })).toMatchObject({ ok: true });
  // The phone's clock alone is set; the page's waits and the network keep running.
  const clockAt = (time: string) => jest.useFakeTimers({ now: new Date(`2026-12-08T${time}:00+08:00`), doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
  try {
    clockAt('10:00');
    const desk = await readBack('地下室水管爆裂，水已经漫到车位');
    expect(text(desk)).toContain('先关闭入户总阀');
    expect(text(desk)).toContain('0571-87001234（8:00–20:00）');
    byText(desk, 'van-button', '拨打 0571-87001234');
    // At 05:30 the desk does not answer: no number to tap, and the page says why and what happens.
    clockAt('05:30');
    const night = await readBack('地下室水管爆裂，水已经漫到车位');
    expect(text(night)).toContain('先关闭入户总阀');
    expect(text(night)).toContain('客服中心现在不在服务时间（8:00–20:00）');
    expect(text(night)).toContain('提交后将按紧急立即通知值班人员');
    expect(text(night)).not.toContain('拨打 0571-87001234');
  } finally {
    jest.useRealTimers();
  }

  // The company's 24-hour number comes first; a tap calls it.
  const got = await cloud().call<{ policy: object }>('demo-admin', { action: 'admin.policy.get' });
  const policy = { ...(got.ok ? got.data.policy : {}), serviceDesk: { name: '物业服务中心', phone: '0571-88880000' } };
  expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy })).toMatchObject({ ok: true });
  const page = await readBack('地下室水管爆裂，水已经漫到车位');
  expect(text(page)).toContain('24 小时电话：物业服务中心 0571-88880000');
  tap(byText(page, 'van-button', '拨打 0571-88880000'));
  await until(() => wxLog.calls.length > 0, 'the call');
  expect(wxLog.calls).toEqual(['0571-88880000']);
  expect(data(page).step).toBe('review');
  // The next test reads the desk from the company's policy alone.
  expect(await cloud().call('demo-admin', { action: 'admin.community.upsert', id: 'community-b', name: '翠湖苑', households: 640, serviceDesk: { phone: '', hours: '' } })).toMatchObject({ ok: true });
});

it('the reply says 投诉已提交 and offers the service desk’s number to call once the company set one (seed 000 §(一))', async () => {
  const got = await cloud().call<{ policy: object }>('demo-admin', { action: 'admin.policy.get' });
  const policy = { ...(got.ok ? got.data.policy : {}), serviceDesk: { name: '阳光花园客服中心', phone: '0571-88886666' } };
  expect(await cloud().call('demo-admin', { action: 'admin.policy.set', policy })).toMatchObject({ ok: true });
  const page = await openForm('demo-owner-3');
  tap(byText(page, 'van-grid-item', '工程维修'));
  await until(() => page.data.category === 'repair', 'the category to be chosen');
  type(page, '#description', '楼道声控灯坏了好几天');
  tap(byText(page, 'van-button', '下一步：核对信息'));
  await until(() => data(page).step === 'review', 'the read-back');
  tap(byText(page, 'van-button', '确认提交'));
  await until(() => data(page).step === 'done', 'the initial response');
  expect(text(page)).toContain('投诉已提交');
  expect(text(page)).toContain('阳光花园客服中心 0571-88886666');
  tap(byText(page, 'van-button', '拨打客服电话'));
  await until(() => wxLog.calls.length > 0, 'the call');
  expect(wxLog.calls.at(-1)).toBe('0571-88886666');
});
