// The app: connects to the cloud once at launch. Pages reach it only through services/ (DESIGN.md §2).
import { config } from './config';
import { listenForPrivacyChecks } from './services/privacy';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    // Local mode talks HTTP to CloudBase Local; only a real environment needs wx.cloud.
    if (!config.local.enabled) wx.cloud.init({ env: config.env, traceUser: true });
    // Once for the whole app: WeChat keeps only the latest listener (services/privacy.ts).
    listenForPrivacyChecks();
  },
});
