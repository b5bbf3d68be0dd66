// 设置 › 提醒渠道 (issue 27): where staff alerts go when a subscription message cannot reach the person —
// a 企业微信 group robot per department and one for the duty roster, and the SMS template — and
// 「发送测试提醒」, which sends one alert through each configured rung to the person who taps it.
import { DomainError } from '../../domain/errors';
import type { ActionRequest, AlertChannelsView, AlertTestResult } from '../../typings/api';
import { DUTY_ROLES } from '../../domain/routing';
import { ApiError } from '../kernel/errors';
import { alertChannels, CHANNELS_DOC, localOrigin, ROBOT_INVALID_URL, smsPhone, webhookFor, webhookUrlProblem, type AlertChannels, type AlertPorts } from '../kernel/ladder';
import type { Caller } from '../kernel/members';
import { currentPolicy } from '../kernel/policy';
import type { Deps } from '../kernel/ports';
import { templateData, templateIdOf } from '../kernel/templates';
import { robotLabel, TEST_ALERT_WORDS } from '../kernel/views';

/** A robot URL as the settings page shows it: its key is a secret, so only its last four characters. */
function masked(url: string | null): string | null {
  if (!url) return null;
  const key = new URL(url).searchParams.get('key') ?? '';
  return robotLabel(key.slice(-4));
}

function view(channels: AlertChannels): AlertChannelsView {
  return {
    departments: Object.fromEntries(Object.entries(channels.departments).map(([code, url]) => [code, masked(url)!])),
    duty: masked(channels.duty),
    smsTemplateId: channels.smsTemplateId,
  };
}

export async function getAlertChannels(deps: Deps): Promise<AlertChannelsView> {
  return view(await alertChannels(deps.db));
}

/**
 * Change some channels: a URL replaces that robot, null removes it, an absent one stays. Every URL
 * must be a 企业微信 robot's (or CloudBase Local's, locally) and every department one the policy has;
 * otherwise nothing is written.
 */
export async function setAlertChannels(deps: Deps, caller: Caller, req: ActionRequest<'admin.alerts.set'>): Promise<AlertChannelsView> {
  const policy = await currentPolicy(deps.db, deps.now());
  const local = localOrigin();
  const departments = new Map(policy.departments.map((d) => [d.code, d.label]));
  for (const [code, url] of Object.entries(req.departments ?? {})) {
    if (!departments.has(code)) throw new DomainError('ALERTS.UNKNOWN_DEPARTMENT', `unknown department ${code}`);
    const problem = url === null ? null : webhookUrlProblem(url, local);
    if (problem) throw new DomainError('ALERTS.WEBHOOK_INVALID', `departments.${code}: ${problem}`);
  }
  const dutyProblem = req.duty ? webhookUrlProblem(req.duty, local) : null;
  if (dutyProblem) throw new DomainError('ALERTS.WEBHOOK_INVALID', `duty: ${dutyProblem}`);
  const current = await alertChannels(deps.db);
  const merged = { ...current.departments };
  for (const [code, url] of Object.entries(req.departments ?? {})) {
    if (url === null) delete merged[code];
    else merged[code] = url;
  }
  const next: AlertChannels = { departments: merged, duty: req.duty === undefined ? current.duty : req.duty, smsTemplateId: req.smsTemplateId === undefined ? current.smsTemplateId : req.smsTemplateId };
  await deps.db.collection(CHANNELS_DOC.collection).doc(CHANNELS_DOC.id).set({ ...next, updatedBy: caller.openid, updatedAt: deps.now() });
  return view(next);
}

/**
 * 「发送测试提醒」: one alert through each rung to the caller — the subscription message (their credit
 * for 工单任务), the robot that would name them (their department's, or the duty roster's for a duty
 * role), and an SMS when the policy asks for SMS — and which arrived. A subscription sent or refused
 * sets the caller's credit ledger straight, as a scheduler send does.
 */
export async function sendTestAlert(deps: Deps & AlertPorts, caller: Caller): Promise<{ rungs: AlertTestResult[] }> {
  if (caller.member.kind !== 'staff') throw new ApiError('FORBIDDEN', 'staff only');
  const now = deps.now();
  const [policy, channels] = await Promise.all([currentPolicy(deps.db, now), alertChannels(deps.db)]);
  const rungs: AlertTestResult[] = [];
  const templateId = templateIdOf('task');
  const sub = await deps.sendSubscription({ touser: caller.openid, templateId, page: 'pages/me/index', data: templateData('task', { number: 'TEST', summary: TEST_ALERT_WORDS.summary, place: TEST_ALERT_WORDS.place, deadline: now }) });
  const ledger = deps.db.collection('credits').doc(`${caller.openid}:${templateId}`);
  if (sub.errCode === 0) await ledger.update({ count: deps.db.command.inc(-1) }).catch(() => undefined);
  if (sub.errCode === 43101) await ledger.update({ count: 0 }).catch(() => undefined);
  rungs.push({ rung: 'subscription', configured: true, delivered: sub.errCode === 0, detail: sub.errCode === 0 ? TEST_ALERT_WORDS.subscriptionSent : sub.errCode === 43101 ? TEST_ALERT_WORDS.noCredit : TEST_ALERT_WORDS.failed(sub.errCode) });
  const phone = smsPhone(caller.member.phone ?? '');
  const dutyRole = (DUTY_ROLES as readonly string[]).includes(caller.member.role);
  const url = webhookFor(channels, { recipient: dutyRole ? { kind: 'role', role: caller.member.role } : { kind: 'staff', staffId: caller.openid } }, {
    kind: 'staff',
    phone: caller.member.phone ?? '',
    department: caller.member.department ?? null,
    active: true,
  });
  if (!url) rungs.push({ rung: 'webhook', configured: false, delivered: false, detail: TEST_ALERT_WORDS.noRobot });
  else {
    const r = await deps.postWebhook(url, { msgtype: 'text', text: { content: TEST_ALERT_WORDS.robotText, mentioned_mobile_list: phone ? [phone.slice(3)] : [] } }).catch((e: unknown) => ({ errCode: -1, errMsg: String(e) }));
    rungs.push({ rung: 'webhook', configured: true, delivered: r.errCode === 0, detail: r.errCode === 0 ? TEST_ALERT_WORDS.robotSent : r.errCode === ROBOT_INVALID_URL ? TEST_ALERT_WORDS.robotInvalid : TEST_ALERT_WORDS.robotFailed(r.errCode, r.errMsg) });
  }
  const smsWanted = Object.values(policy.alerts.rungs).some((r) => r.includes('sms'));
  if (!smsWanted) rungs.push({ rung: 'sms', configured: false, delivered: false, detail: TEST_ALERT_WORDS.smsNotWanted });
  else if (!channels.smsTemplateId) rungs.push({ rung: 'sms', configured: false, delivered: false, detail: TEST_ALERT_WORDS.noSmsTemplate });
  else if (!phone) rungs.push({ rung: 'sms', configured: true, delivered: false, detail: TEST_ALERT_WORDS.badPhone });
  else {
    const r = await deps.sendSms({ phone, templateId: channels.smsTemplateId, params: [TEST_ALERT_WORDS.summary, 'TEST'] }).catch((e: unknown) => ({ errCode: -1, errMsg: String(e) }));
    rungs.push({ rung: 'sms', configured: true, delivered: r.errCode === 0, detail: r.errCode === 0 ? TEST_ALERT_WORDS.smsSent(phone.slice(-4)) : TEST_ALERT_WORDS.smsFailed(r.errCode) });
  }
  return { rungs };
}
