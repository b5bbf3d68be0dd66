// What an open API's (云调用) error code means for the company running us. Most refusals concern one
// call (a person without credit, a bad openid); a few say the deployment itself is wrong, so every
// later call fails the same way until someone fixes it (wechat-platform.md, "Going live: gates the
// platform keeps"). Those are not retried: they raise an alarm in Chinese that names the fix, and a
// person who meets one reads the catalogue's NOT_CONFIGURED sentence, never the raw error text.

/** The gateway's refusal when the calling function's config.json permission is missing or not registered. */
export const NO_PERMISSION = -604101;

/**
 * Configuration errors by code, each with the operator's sentence. -604101, 40001 and 48001 refuse
 * every call of the API from the function; 40037, 47003 and 41030 every message with that template or
 * page — either way a retry can only fail again.
 */
const CONFIGURATION_ERRORS: Record<number, (api: string, fn: string) => string> = {
  [NO_PERMISSION]: (api, fn) =>
    `云调用权限未开通：${api}（云函数 ${fn}）。config.json 已声明的权限只有用微信开发者工具上传才会登记：右键 cloudfunctions/${fn} →「上传并部署：云端安装依赖」，约 10 分钟后生效，再运行 npm run doctor 确认`,
  40001: (api, fn) => `云调用凭证无效：${api}（云函数 ${fn}）返回 40001。请确认云开发环境属于本小程序（cloudbaserc.json 的 envId 与 project.config.json 的 appid）`,
  48001: (api, fn) => `小程序没有 ${api} 接口的权限（云函数 ${fn}，48001）：请在微信公众平台确认账号已认证且类目允许使用该接口`,
  40037: (api) => `订阅消息模板 id 无效（${api}，40037）：请核对 config/subscription-templates.json 与公众平台「订阅消息」中选用的模板`,
  47003: (api) => `订阅消息模板数据不合规（${api}，47003）：代码发送的字段与公众平台的模板不一致，请运行 npm run doctor 核对模板字段`,
  41030: (api) => `订阅消息的跳转页面无效（${api}，41030）：page 不在已发布的小程序版本中，请先发布包含该页面的版本`,
};

/** Refusals of the function's every call of the API, not of one message: the caller should stop calling. */
const EVERY_CALL: ReadonlySet<number> = new Set([NO_PERMISSION, 40001, 48001]);

export function refusesEveryCall(errCode: number): boolean {
  return EVERY_CALL.has(errCode);
}

/** The errCode of a failed open-API call (wx-server-sdk throws CloudSDKError with a numeric errCode), or null. */
export function openApiErrorCode(e: unknown): number | null {
  const code = (e as { errCode?: unknown } | null)?.errCode;
  return typeof code === 'number' ? code : null;
}

/** The operator's alarm when `errCode` from `api`, called by function `fn`, is a configuration error; null otherwise. */
export function configurationAlarm(api: string, fn: string, errCode: number | null): string | null {
  return errCode === null ? null : (CONFIGURATION_ERRORS[errCode]?.(api, fn) ?? null);
}

/** One API's answer to the doctor's probe: reached WeChat (any errCode but -604101) or refused by the gateway. */
export interface OpenApiProbeResult {
  api: string;
  /** 0, or WeChat's / the gateway's error code; null: no harmless call is known for this API, so it was not probed. */
  errCode: number | null;
}

/** A function's answer to `{ probe: 'openapi' }`: every API its config.json declares, each called once. */
export interface OpenApiProbe {
  function: string;
  results: OpenApiProbeResult[];
}

/** The alarm when the staff group chat's robot refuses a line: the task reminders it carried did not arrive. */
export const groupRobotFailed = (e: unknown) => `企业微信群机器人发送失败（${e instanceof Error ? e.message : String(e)}）：员工没有订阅额度时的任务提醒没有送到群里；请检查 STAFF_GROUP_WEBHOOK 的机器人地址`;
