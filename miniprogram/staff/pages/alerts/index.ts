// 任务提醒: staff task alerts spend one-time subscription credits (long-term subscriptions are not open
// to property companies, wechat-platform.md). This page shows what is left and tops it up one tap at a
// time; alerts that could not be sent meanwhile are counted so nothing is silently lost.
import { call, messageOf } from '../../../services/api';
import { forgetMe, me } from '../../../services/session';
import { ask } from '../../../services/subscriptions';
import { instanceState } from '../../../utils/instance';

/** The task-alert template, kept for the top-up tap (its prompt must open before anything is awaited). */
const page = instanceState(() => ({ taskTemplate: '' }));

Component({
  data: { state: 'loading', message: '', left: 0, unread: 0 },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      try {
        forgetMe();
        const m = await me();
        page(this).taskTemplate = m.templates.task;
        const credits = await call('subscription.credits', {});
        this.setData({ state: 'ready', left: credits[m.templates.task] ?? 0, unread: m.unreadAlerts });
      } catch (e) {
        this.setData({ state: 'error', message: messageOf(e) });
      }
    },
    async onTopUp() {
      const { taskTemplate } = page(this);
      const credits = await ask([taskTemplate]);
      if (credits) this.setData({ left: credits[taskTemplate] ?? 0 });
    },
  },
});
