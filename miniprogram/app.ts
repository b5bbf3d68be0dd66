// The app: connects to the cloud once at launch. Pages reach it only through services/ (DESIGN.md §2).
import { listenForPrivacyChecks } from './services/privacy';
import { connect } from './services/transport';

App<IAppOption>({
  globalData: {},
  onLaunch() {
    connect();
    // Once for the whole app: WeChat keeps only the latest listener (services/privacy.ts).
    listenForPrivacyChecks();
  },
});
