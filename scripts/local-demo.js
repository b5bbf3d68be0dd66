/* global self */
// 演示: the seeded company's night-time elevator entrapment, told through the same local endpoints
// the tests use. Loaded by the console page (window.CloudBaseDemo) and by the console's tests
// (require), each passing its own `call(method, path, body)`.
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.CloudBaseDemo = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';
  var HOUR = 3600000;
  var MINUTE = 60000;
  var OFFSET = 8 * HOUR;
  var COMMUNITY = 'community-a';
  var OWNER = 'demo-owner-1';
  var ADMIN = 'demo-admin';
  // Why WeChat refused a message, said where the demo shows it.
  var REASONS = {
    43101: '此人还没有在小程序里点「允许」接收这类通知，没有订阅额度；微信拒收，系统不重试（演示只给今晚值班的人和张先生开通了额度）',
    47003: '消息内容不符合模板字段的规则',
  };
  var OWNER_TEMPLATES = ['TPL_COMPLAINT_ACCEPTED', 'TPL_COMPLAINT_PROGRESS', 'TPL_COMPLAINT_RESULT'];

  /** The first Saturday 23:10 (Asia/Shanghai) after `now`. */
  function nextSaturdayNight(now) {
    var local = new Date(now.getTime() + OFFSET);
    var days = (6 - local.getUTCDay() + 7) % 7;
    var at = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + days, 23, 10) - OFFSET;
    if (at <= now.getTime()) at += 7 * 24 * HOUR;
    return new Date(at);
  }

  async function api(call, openid, data) {
    var res = await call('POST', '/local/functions/api/invoke', { openid: openid, data: data });
    if (!res.result) throw new Error('云函数出错：' + (res.error && res.error.message));
    if (!res.result.ok) throw new Error(res.result.message || res.result.code);
    return res.result.data;
  }

  /** Set the clock to Saturday 23:10, put tonight's security supervisor and duty manager on the roster, give everyone message credits. */
  async function prepare(call) {
    var clock = await call('GET', '/local/clock');
    var at = nextSaturdayNight(new Date(clock.now));
    await call('POST', '/local/clock', { set: at.toISOString() });
    var evening = new Date(at.getTime() - 5 * HOUR - 10 * 60000);
    var morning = new Date(evening.getTime() + 14.5 * HOUR);
    await api(call, ADMIN, {
      action: 'admin.roster.add',
      communityId: COMMUNITY,
      shifts: [
        { role: 'security_supervisor', staffId: 'demo-security', from: evening.toISOString(), to: morning.toISOString() },
        { role: 'duty_manager', staffId: 'demo-duty-manager', from: evening.toISOString(), to: morning.toISOString() },
      ],
    });
    // What fell due while the clock jumped (other complaints' reminders and escalations) goes out
    // first, so that the credits given below are left for tonight's complaint.
    await runScheduler(call);
    await runScheduler(call);
    var people = await call('GET', '/local/console/people');
    var staff = people.filter(function (p) { return p.kind === 'staff' && p.communityIds.indexOf(COMMUNITY) >= 0; });
    var grants = [];
    OWNER_TEMPLATES.forEach(function (t) { var r = {}; r[t] = 'accept'; grants.push({ openid: OWNER, results: r }); });
    staff.forEach(function (p) { for (var i = 0; i < 5; i++) grants.push({ openid: p.openid, results: { TPL_STAFF_TASK: 'accept' } }); });
    for (var i = 0; i < grants.length; i++) await call('POST', '/local/openapi/subscriptions', grants[i]);
    return { at: at.toISOString() };
  }

  /** 张先生 files 电梯困人 from the mini-program; the scheduler runs as its timer would. */
  async function file(call) {
    var requestId = 'demo-lift-' + Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
    var filed = await api(call, OWNER, {
      action: 'complaint.submit',
      requestId: requestId,
      communityId: COMMUNITY,
      location: { kind: 'public_area', building: '1', description: '1号楼2单元电梯' },
      description: '1号楼2单元电梯困人，电梯停在5楼和6楼之间，里面有一位老人',
      desiredOutcome: '马上派人救援',
    });
    await runScheduler(call);
    return filed;
  }

  async function runScheduler(call) {
    var res = await call('POST', '/local/functions/scheduler/invoke', { data: {} });
    if (res.error) throw new Error('定时任务出错：' + res.error.message);
    return res.result;
  }

  /**
   * Move the clock a minute at a time and run the scheduler at each minute, as its timer (every
   * minute, cloudbaserc.json) would: a reminder goes out at the minute it falls due — 「即将超时」
   * before the deadline it warns of — rather than all at once after one long jump.
   */
  async function advance(call, ms) {
    for (var done = 0; done < ms; done += MINUTE) {
      await call('POST', '/local/clock', { advanceMs: Math.min(MINUTE, ms - done) });
      await runScheduler(call);
    }
  }

  /** Every subscription message sent since `since` (about complaint `number` when given), with who got it and the template's title. */
  async function alerts(call, since, number) {
    var all = await Promise.all([call('GET', '/local/openapi/messages'), call('GET', '/local/console/people'), call('GET', '/local/openapi/templates'), call('GET', '/local/openapi/refusals')]);
    var names = {};
    all[1].forEach(function (p) { names[p.openid] = p; });
    var titles = {};
    all[2].forEach(function (t) { titles[t.id] = t.title; });
    var from = Date.parse(since);
    var about = function (data) {
      return !number || Object.keys(data || {}).some(function (k) { return data[k] && data[k].value === number; });
    };
    var sent = all[0].filter(function (m) { return Date.parse(m.at) >= from && about(m.data); }).map(function (m) {
      var who = names[m.touser] || {};
      return { at: m.at, touser: m.touser, name: who.name || m.touser, role: who.role || null, title: titles[m.templateId] || m.templateId, data: m.data };
    });
    var refused = all[3].filter(function (r) { return Date.parse(r.at) >= from && about(r.data); }).map(function (r) {
      var who = names[r.touser] || {};
      return { at: r.at, touser: r.touser, name: who.name || r.touser, title: titles[r.templateId] || r.templateId, errcode: r.errcode, reason: REASONS[r.errcode] || r.errmsg };
    });
    return { sent: sent, refused: refused };
  }

  /** The complaint as the night's security supervisor sees it (status, urgency, timeline). */
  async function detail(call, id) {
    return api(call, 'demo-security', { action: 'complaint.detail', id: id });
  }

  return { nextSaturdayNight: nextSaturdayNight, prepare: prepare, file: file, advance: advance, alerts: alerts, detail: detail, runScheduler: runScheduler };
});
