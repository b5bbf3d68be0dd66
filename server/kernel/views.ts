// What people read from the staff alert ladder (issue 27): a robot address's problem, a robot's name,
// the alarms 管理看板 and the doctor show, the pre-shift warning and the answers of 「发送测试提醒」.
// Worded here once, as the error catalogue words refusals.

export const ROBOT_URL_WORDS = {
  notUrl: '不是有效的网址',
  noKey: '网址中缺少机器人 key（…/send?key=…）',
  notWeCom: '只接受企业微信群机器人的地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…）',
} as const;

/** Where a robot posts, for an alarm: the duty group, a department's, or an unnamed one. */
export const robotGroupName = (department: string | null | 'duty'): string => (department === 'duty' ? '值班群' : department ? `${department}群` : '群');

/** A robot as 设置 lists it: never its key, which is a secret, beyond its last four characters. */
export const robotLabel = (keyTail: string): string => `企业微信群机器人 …${keyTail}`;

export const ALARM_WORDS = {
  noSmsTemplate: '公司政策要求以短信提醒（紧急投诉、非工作时间升级），但没有设置短信模板：请在 设置 › 提醒渠道 填写云开发短信的通知类模板 ID',
  robotInvalid: (group: string, errMsg: string) => `企业微信群机器人地址无效（${group}，93000 ${errMsg}）：机器人 key 不对或机器人已被移出群，员工没有订阅额度时的提醒发不出去；请在 设置 › 提醒渠道 中更正，再点「发送测试提醒」`,
  smsRefused: (errCode: number, errMsg: string) => `短信发送被拒（${errCode} ${errMsg}）：请在 云开发控制台 › 资源包 购买短信资源包，并核对 设置 › 提醒渠道 中的短信模板 ID`,
} as const;

/** The pre-shift warning (issue 27.4), in the task template's fields. */
export const SHIFT_WORDS = {
  unreachable: (name: string | undefined) => `${(name ?? '值班人员').slice(0, 8)}值班时收不到提醒`,
  place: '值班排班',
} as const;

/** 「发送测试提醒」: the test itself and what each rung answered. */
export const TEST_ALERT_WORDS = {
  summary: '测试提醒',
  place: '设置',
  robotText: '【测试提醒】这是「发送测试提醒」发出的一条测试，收到即说明本群机器人能提醒到你',
  subscriptionSent: '已发送：请查看微信「服务通知」',
  noCredit: '没有订阅额度：在「我的」接受工单提醒后再试',
  failed: (errCode: number) => `发送失败（${errCode}）`,
  noRobot: '没有设置群机器人',
  robotSent: '已发到群里并提到你',
  robotInvalid: '机器人地址无效（93000）：请更正机器人地址',
  robotFailed: (errCode: number, errMsg: string) => `发送失败（${errCode} ${errMsg}）`,
  smsNotWanted: '公司政策没有要求短信提醒',
  noSmsTemplate: '没有设置短信模板',
  badPhone: '你的手机号无效，请联系管理员更正',
  smsSent: (tail: string) => `已发短信到尾号 ${tail}`,
  smsFailed: (errCode: number) => `短信发送失败（${errCode}）：请检查短信资源包与模板`,
} as const;
