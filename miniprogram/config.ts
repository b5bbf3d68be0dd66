// Where the mini-program's cloud is (README: 本地模式 / 部署), from miniprogram/deployment.ts, which
// `npm run build` generates from cloudbaserc.json.
// - A real CloudBase environment: cloudbaserc.json's envId; local mode is off.
// - Local mode (no envId yet, or built with LOCAL=1): WeChat DevTools talks to CloudBase Local
//   (`npm start`) over HTTP, as a demo user chosen on the 我的 page. DevTools must not check request
//   domains (详情 → 本地设置 → 不校验合法域名) because the address is a local one.
import { deployment } from './deployment';

export const config = {
  env: deployment.envId,
  local: {
    enabled: deployment.local,
    baseUrl: deployment.localBaseUrl,
    /** Who the app acts as until another demo user is chosen (scripts/seed.ts). */
    openid: 'demo-owner-1',
  },
};

/** The demo company's people (scripts/seed.ts), to switch between in local mode. */
export const DEMO_USERS = [
  { openid: 'demo-owner-1', label: '业主 张先生（阳光花园 1栋）' },
  { openid: 'demo-owner-3', label: '业主 王阿姨（翠湖苑 5栋）' },
  { openid: 'demo-new-owner', label: '新用户（未绑定房屋）' },
  { openid: 'demo-reception-a', label: '客服 王敏' },
  { openid: 'demo-handler-1', label: '工程部 赵师傅' },
  { openid: 'demo-head-eng', label: '工程部主管 孙工' },
  { openid: 'demo-duty-manager', label: '值班经理 冯经理' },
  { openid: 'demo-gm', label: '总经理 刘总' },
  { openid: 'demo-admin', label: '系统管理员' },
] as const;
