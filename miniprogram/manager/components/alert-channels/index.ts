// 设置 · 提醒渠道 (issue 27): the 企业微信 group robot of each department and of the duty roster, and the
// SMS template — where a staff alert goes when the subscription message cannot reach the person — and
// 「发送测试提醒」, one alert through each rung to whoever taps it, with what arrived. A robot's key is a
// secret: the saved ones show as their last four characters; typing a new address replaces one.
import { call, messageOf } from '../../../services/api';

const RUNG_LABELS: Record<string, string> = { subscription: '订阅消息', webhook: '群机器人', sms: '短信' };

Component({
  properties: {
    departments: { type: Array, value: [] as Array<{ code: string; label: string }> },
  },
  data: {
    duty: '',
    dutyHint: '',
    robots: [] as Array<{ code: string; label: string; value: string; hint: string }>,
    sms: '',
    busy: false,
    testing: false,
    results: [] as Array<{ rung: string; delivered: boolean; text: string }>,
  },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      try {
        const saved = await call('admin.alerts.get', {});
        const departments = this.properties.departments as Array<{ code: string; label: string }>;
        this.setData({
          duty: '',
          dutyHint: saved.duty ?? '',
          robots: departments.map((d) => ({ code: d.code, label: d.label, value: '', hint: saved.departments[d.code] ?? '' })),
          sms: saved.smsTemplateId ?? '',
        });
      } catch (e) {
        this.triggerEvent('error', { message: messageOf(e) });
      }
    },
    onRobot(e: { currentTarget: { dataset: { code: string } }; detail: string }) {
      const code = e.currentTarget.dataset.code;
      if (code === '') return void this.setData({ duty: e.detail.trim() });
      const index = this.data.robots.findIndex((r) => r.code === code);
      this.setData({ [`robots[${index}].value`]: e.detail.trim() });
    },
    onSms(e: { detail: string }) {
      this.setData({ sms: e.detail.trim() });
    },
    /** Only what was typed is sent: an empty field keeps the robot already saved. */
    async onSave() {
      const departments = Object.fromEntries(this.data.robots.filter((r) => r.value !== '').map((r) => [r.code, r.value]));
      this.setData({ busy: true });
      try {
        await call('admin.alerts.set', { departments, ...(this.data.duty ? { duty: this.data.duty } : {}), smsTemplateId: this.data.sms || null });
        await this.load();
        wx.showToast({ title: '提醒渠道已保存', icon: 'none' });
      } catch (e) {
        this.triggerEvent('error', { message: messageOf(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onTest() {
      this.setData({ testing: true, results: [] });
      try {
        const { rungs } = await call('alerts.test', {});
        this.setData({ results: rungs.map((r) => ({ rung: r.rung, delivered: r.delivered, text: `${r.delivered ? '✓' : '✗'} ${RUNG_LABELS[r.rung] ?? r.rung}：${r.detail}` })) });
      } catch (e) {
        this.triggerEvent('error', { message: messageOf(e) });
      } finally {
        this.setData({ testing: false });
      }
    },
  },
});
