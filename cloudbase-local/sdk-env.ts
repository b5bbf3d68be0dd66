// How the unmodified SDKs find CloudBase Local and the caller: environment variables only.
/** The mini-program's appid locally, when a caller or request names none. */
export const LOCAL_APPID = 'wx-local-app';

/** The environment variables that redirect the unmodified SDKs to CloudBase Local
 * (shared/reference/cloudbase-protocol.md). */
export function sdkEnvironment(url: string, env: string, caller: { openid?: string; appid?: string; unionid?: string } = {}): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SCF_NAMESPACE: env,
    TCB_ENV: env,
    TCB_CONTEXT_KEYS: 'TCB_ENV',
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID',
    WX_OPENID: caller.openid ?? '',
    WX_APPID: caller.appid ?? LOCAL_APPID,
    WX_UNIONID: caller.unionid ?? '',
  };
}
