/* global document, window, location, history, FormData */
// The console page: plain DOM, text set with textContent only (documents and messages are user data).
// Every read and write goes through CloudBase Local's local endpoints.
(function () {
  'use strict';

  var ROLE_LABELS = { owner: '业主', reception: '客服', handler: '处理人', department_head: '部门主管', security_supervisor: '安全主管', duty_manager: '值班经理', general_manager: '总经理', admin: '管理员' };
  // The keyword names WeChat shows beside each value, as chosen for the product's templates.
  var KEYWORD_LABELS = {
    TPL_COMPLAINT_ACCEPTED: { character_string1: '投诉编号', thing2: '投诉内容', time3: '回应时限', phrase4: '受理状态' },
    TPL_COMPLAINT_PROGRESS: { character_string1: '投诉编号', thing2: '投诉内容', phrase3: '处理状态', time4: '更新时间' },
    TPL_COMPLAINT_RESULT: { character_string1: '投诉编号', thing2: '投诉内容', phrase3: '处理结果', time4: '办结时间' },
    TPL_STAFF_TASK: { character_string1: '工单编号', thing2: '任务内容', thing3: '地点', time4: '完成时限' },
  };
  var EVENT_LABELS = { submitted: '业主提交', triaged: '受理分派', invalidated: '不成立', accepted: '处理人接单', investigated: '调查完成', planned: '制定方案', plan_approved: '方案批准', plan_returned: '方案退回',
    progress_noted: '处理进展', paused: '暂停计时', resumed: '恢复计时', resolved: '已解决', rated: '业主评价', reopened: '重新处理', reminded: '时限提醒', escalated: '超时升级', closed: '已办结', withdrawn: '已撤回' };
  var TYPE_LABELS = { character_string: '编号', thing: '事项', time: '时间', date: '日期', phrase: '状态', number: '数量', amount: '金额', name: '姓名', phone_number: '电话' };
  var ERRCODES = { 43101: '用户没有订阅额度（拒收）', 47003: '模板参数不合规', 40037: '模板 id 无效', 40003: 'openid 无效' };
  var SUGGEST_LABELS = { pass: '通过', risky: '违规', review: '疑似，需人工复核' };
  var PUSH_LABELS = { pending: '等待推送', delivered: '已推送', failed: '推送失败', kept: '未推送（无接收函数）' };

  function $(id) { return document.getElementById(id); }
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else node.setAttribute(k, attrs[k]);
    });
    for (var i = 2; i < arguments.length; i++) if (arguments[i] != null) node.append(arguments[i]);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  async function call(method, path, body) {
    var res = await fetch(path, { method: method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    var data = await res.json().catch(function () { return {}; });
    if (!res.ok) throw new Error(data.error || data.message || '请求失败（' + res.status + '）');
    return data;
  }
  /** An instant as people here read it: Asia/Shanghai, whatever the browser's zone. */
  function shanghai(iso) {
    if (!iso) return '—';
    var d = new Date(Date.parse(iso) + 8 * 3600000);
    return d.toISOString().slice(0, 19).replace('T', ' ');
  }
  function who(p) { return p ? p.name + '（' + (ROLE_LABELS[p.role] || p.role || '—') + '）' : ''; }
  function report(node, e) { clear(node).append(el('p', { class: 'error', text: String(e && e.message ? e.message : e) })); }

  var people = [];
  var peopleById = {};
  var templates = {};
  async function loadPeople() {
    people = await call('GET', '/local/console/people');
    peopleById = {};
    people.forEach(function (p) { peopleById[p.openid] = p; });
  }

  // ——— tabs ———
  var loaders = {};
  var current = 'database';
  function show(tab) {
    current = tab;
    document.querySelectorAll('nav [role=tab]').forEach(function (b) { b.setAttribute('aria-selected', String(b.dataset.tab === tab)); });
    document.querySelectorAll('[role=tabpanel]').forEach(function (s) { s.hidden = s.id !== 'tab-' + tab; });
    if (loaders[tab]) loaders[tab]().catch(function (e) { console.error(e); });
    if (location.hash !== '#' + tab) history.replaceState(null, '', '#' + tab);
  }
  document.querySelectorAll('nav [role=tab]').forEach(function (b) { b.addEventListener('click', function () { show(b.dataset.tab); }); });

  // ——— 数据库 ———
  var db = { collection: null, offset: 0, limit: 20, total: 0, mode: 'browse' };
  /** A document as indented EJSON; dates (already in +08:00) stand out. */
  function docView(doc) {
    var pre = el('pre');
    JSON.stringify(doc, null, 2).split(/("\$date": "[^"]*")/).forEach(function (part, i) {
      pre.append(i % 2 ? el('span', { class: 'date', text: part }) : document.createTextNode(part));
    });
    return el('div', { class: 'doc' }, pre);
  }
  async function loadCollections() {
    var list = await call('GET', '/local/console/collections');
    var ul = clear($('collections'));
    list.forEach(function (c) {
      ul.append(el('li', {}, el('button', { type: 'button', 'aria-current': String(c.name === db.collection), onclick: function () { selectCollection(c); } }, el('span', { text: c.name }), el('span', { class: 'muted', text: c.count + ' 条' }))));
    });
    var selected = list.find(function (c) { return c.name === db.collection; });
    if (selected) renderIndexes(selected);
    else if (list.length) selectCollection(list[0]);
  }
  function renderIndexes(c) {
    $('collection-title').textContent = c.name + '（' + c.count + ' 条）';
    var box = clear($('indexes'));
    var t = el('table', { class: 'grid' }, el('thead', {}, el('tr', {}, el('th', { text: '索引' }), el('th', { text: '字段' }), el('th', { text: '唯一' }))));
    var body = el('tbody');
    c.indexes.forEach(function (i) {
      body.append(el('tr', {}, el('td', { text: i.name }), el('td', { text: i.keys.map(function (k) { return k[0] + (k[1] < 0 ? ' ↓' : ' ↑'); }).join('，') }), el('td', { text: i.unique ? '是' : '' })));
    });
    if (!c.indexes.length) body.append(el('tr', {}, el('td', { colspan: '3', class: 'muted', text: c.small ? '无索引（小集合，可整体读取）' : '无索引' })));
    t.append(body);
    box.append(t);
  }
  function selectCollection(c) {
    db.collection = c.name;
    db.offset = 0;
    db.mode = 'browse';
    clear($('coverage'));
    document.querySelectorAll('#collections button').forEach(function (b) { b.setAttribute('aria-current', String(b.firstChild.textContent === c.name)); });
    renderIndexes(c);
    loadDocuments();
  }
  async function loadDocuments() {
    if (!db.collection) return;
    var box = $('documents');
    try {
      var page;
      if (db.mode === 'browse') {
        page = await call('GET', '/local/console/documents?collection=' + encodeURIComponent(db.collection) + '&offset=' + db.offset + '&limit=' + db.limit);
        db.total = page.total;
        $('page-info').textContent = page.total ? '第 ' + (db.offset + 1) + '–' + Math.min(db.offset + db.limit, page.total) + ' 条，共 ' + page.total + ' 条（最新的在前）' : '没有文档';
      } else {
        page = await runQuery();
        if (!page) return;
      }
      $('page-prev').disabled = db.offset === 0;
      $('page-next').disabled = db.mode === 'browse' ? db.offset + db.limit >= db.total : page.documents.length < db.limit;
      clear(box);
      page.documents.forEach(function (d) { box.append(docView(d)); });
    } catch (e) { report(box, e); }
  }
  async function runQuery() {
    var where, orderBy;
    try {
      where = JSON.parse($('query-where').value || '{}');
      orderBy = $('query-order').value.trim() ? JSON.parse($('query-order').value) : [];
    } catch (e) {
      report($('coverage'), 'where 或 orderBy 不是有效的 JSON：' + e.message);
      return null;
    }
    db.limit = Math.max(1, Math.min(100, Number($('query-limit').value) || 20));
    var r = await call('POST', '/local/console/query', { collection: db.collection, where: where, orderBy: orderBy, limit: db.limit, offset: db.offset });
    var cov = r.coverage;
    var box = clear($('coverage'));
    var line = cov.covered
      ? '有索引覆盖：' + (cov.index ? cov.index.name + '（' + cov.index.keys.map(function (k) { return k[0]; }).join('，') + '）' : '按主键 _id 或小集合整体读取') + (cov.sortServed ? '，排序由索引顺序给出' : '，排序在内存中进行')
      : '严格模式会拒绝这个查询：' + cov.reason;
    box.append(el('div', { class: 'coverage ' + (cov.covered ? 'ok' : 'bad') }, el('div', { text: line }),
      r.counts ? el('div', { class: 'muted', text: '本次读取：扫描 ' + r.counts.scanned + ' 条文档，返回 ' + r.documents.length + ' 条' + (r.counts.inMemorySorts ? '，内存排序 1 次' : '') }) : null,
      r.error ? el('div', { class: 'error', text: '引擎的回答：' + r.error.code + ' ' + r.error.message }) : null));
    $('page-info').textContent = '查询结果第 ' + (db.offset + 1) + ' 条起';
    return r;
  }
  $('query-form').addEventListener('submit', function (e) { e.preventDefault(); db.mode = 'query'; db.offset = 0; loadDocuments(); });
  $('query-clear').addEventListener('click', function () { db.mode = 'browse'; db.offset = 0; db.limit = 20; clear($('coverage')); loadDocuments(); });
  $('page-prev').addEventListener('click', function () { db.offset = Math.max(0, db.offset - db.limit); loadDocuments(); });
  $('page-next').addEventListener('click', function () { db.offset += db.limit; loadDocuments(); });
  loaders.database = loadCollections;

  // ——— 云函数 ———
  var invocations = [];
  var lastSeq = 0;
  function filters() {
    var f = new FormData($('invocation-filter'));
    return ['function', 'openid', 'action', 'code'].map(function (k) { return [k, String(f.get(k) || '').trim()]; }).filter(function (kv) { return kv[1]; });
  }
  // Polls run one after another (the next asks after the last one's newest), and a change of
  // filters starts a new generation whose answers alone are shown.
  var generation = 0;
  var polling = Promise.resolve();
  function pollInvocations(reset) {
    if (reset) generation++;
    var mine = generation;
    var run = polling.then(function () { return fetchInvocations(mine, reset); });
    polling = run.catch(function () {});
    return run;
  }
  async function fetchInvocations(mine, reset) {
    if (mine !== generation) return;
    if (reset) { invocations = []; lastSeq = 0; }
    var q = filters().concat([['after', String(lastSeq)]]).map(function (kv) { return kv[0] + '=' + encodeURIComponent(kv[1]); }).join('&');
    var fresh = (await call('GET', '/local/console/invocations?' + q)).filter(function (i) { return i.seq > lastSeq; });
    if (mine !== generation || (!fresh.length && !reset)) return;
    if (fresh.length) lastSeq = fresh[0].seq;
    invocations = fresh.concat(invocations).slice(0, 500);
    var body = clear($('invocations'));
    invocations.forEach(function (i) {
      var caller = i.openid ? (i.name || i.openid) : i.trigger === 'timer' ? '定时触发' : '系统';
      body.append(el('tr', { class: 'clickable', tabindex: '0', 'data-seq': String(i.seq), onclick: function () { openInvocation(i.id); } },
        el('td', { text: shanghai(i.at) }), el('td', { text: i.function }), el('td', { text: caller, title: i.openid || '' }),
        el('td', { text: ROLE_LABELS[i.role] || '' }), el('td', { text: i.action || '' }), el('td', { text: i.durationMs + ' ms' }),
        el('td', { text: i.counts ? String(i.counts.reads) : '0' }), el('td', { text: i.counts ? String(i.counts.writes) : '0' }), el('td', { text: i.counts ? String(i.counts.scanned) : '0' }),
        el('td', { class: i.code === 'OK' ? 'ok' : 'bad', text: i.code === 'OK' ? '成功' : i.code })));
    });
  }
  async function openInvocation(id) {
    var box = $('invocation-detail');
    box.hidden = false;
    try {
      var r = await call('GET', '/local/console/invocations/' + encodeURIComponent(id));
      clear(box).append(
        el('h2', { text: r.function + (r.action ? ' · ' + r.action : '') + ' — ' + (r.code === 'OK' ? '成功' : r.code) }),
        el('p', { class: 'muted', text: shanghai(r.at) + ' · ' + (r.openid ? who(r) + ' ' + r.openid : r.trigger === 'timer' ? '定时触发' : '系统') + ' · ' + r.durationMs + ' ms' }),
        el('h3', { text: '请求' }), el('pre', { class: 'json', text: JSON.stringify(r.request, null, 2) }),
        el('h3', { text: r.error ? '错误' : '返回' }), el('pre', { class: 'json', text: JSON.stringify(r.error || r.response, null, 2) }),
        el('h3', { text: '日志（' + r.logs.length + ' 行）' }),
        el('pre', { class: 'json', text: r.logs.map(function (l) { return shanghai(l.at).slice(11) + ' [' + l.level + '] ' + l.text; }).join('\n') || '（无）' }));
      box.scrollIntoView({ block: 'nearest' });
    } catch (e) { report(box, e); }
  }
  $('invocation-filter').addEventListener('input', function () { pollInvocations(true); });
  $('invocation-filter').addEventListener('submit', function (e) { e.preventDefault(); });
  $('invoke-form').addEventListener('submit', async function (e) {
    e.preventDefault();
    var out = $('invoke-result');
    out.hidden = false;
    var data;
    try { data = JSON.parse($('invoke-data').value || '{}'); } catch (err) { out.textContent = '请求不是有效的 JSON：' + err.message; return; }
    var openid = $('invoke-openid').value;
    out.textContent = '调用中…';
    try {
      var r = await call('POST', '/local/functions/' + encodeURIComponent($('invoke-function').value) + '/invoke', openid ? { openid: openid, data: data } : { data: data });
      out.textContent = JSON.stringify(r.error ? { 错误: r.error } : r.result, null, 2);
    } catch (err) { out.textContent = String(err.message); }
    pollInvocations(false);
  });
  function fillPeopleSelect() {
    var sel = clear($('invoke-openid'));
    sel.append(el('option', { value: '', text: '无调用者（系统）' }));
    people.forEach(function (p) { sel.append(el('option', { value: p.openid, text: who(p) + ' — ' + p.openid })); });
    sel.append(el('option', { value: 'demo-newcomer', text: '未绑定的新用户 — demo-newcomer' }));
    if (peopleById['demo-owner-1']) sel.value = 'demo-owner-1';
  }
  loaders.functions = async function () { await loadPeople(); fillPeopleSelect(); await pollInvocations(true); };

  // ——— 订阅消息 ———
  var messagesFor = null;
  function keywordLabel(templateId, key) {
    var byTemplate = KEYWORD_LABELS[templateId] || {};
    return byTemplate[key] || TYPE_LABELS[key.replace(/\d+$/, '')] || key;
  }
  function wxMessage(m) {
    var t = templates[m.templateId];
    var card = el('div', { class: 'wx-msg' }, el('div', { class: 'title', text: t ? t.title : m.templateId }));
    var keys = t ? t.fields.filter(function (k) { return m.data[k]; }) : Object.keys(m.data);
    keys.forEach(function (k) { card.append(el('div', { class: 'kv' }, el('span', { text: keywordLabel(m.templateId, k) }), el('span', { text: m.data[k].value }))); });
    card.append(el('div', { class: 'foot' }, el('span', { text: '进入小程序查看' }), el('span', { class: 'at', text: shanghai(m.at) })));
    return card;
  }
  async function loadMessages() {
    var r = await Promise.all([loadPeople(), call('GET', '/local/openapi/templates'), call('GET', '/local/openapi/text-checks'), call('GET', '/local/openapi/pushes')]);
    templates = {};
    r[1].forEach(function (t) { templates[t.id] = t; });
    var ul = clear($('message-people'));
    people.forEach(function (p) {
      ul.append(el('li', {}, el('button', { type: 'button', 'aria-current': String(p.openid === messagesFor), onclick: function () { messagesFor = p.openid; loadMessages(); } }, el('span', { text: p.name }), el('span', { class: 'muted', text: ROLE_LABELS[p.role] || '' }))));
    });
    var checks = clear($('text-checks'));
    r[2].slice().reverse().forEach(function (c) {
      checks.append(el('tr', {}, el('td', { text: shanghai(c.at) }), el('td', { text: (peopleById[c.openid] || {}).name || c.openid }), el('td', { text: c.content }),
        el('td', { class: c.suggest === 'pass' ? 'ok' : 'bad', text: SUGGEST_LABELS[c.suggest] + '（' + c.label + '）' }), el('td', { text: c.keywords.join('，') })));
    });
    var media = clear($('media-checks'));
    r[3].slice().reverse().forEach(function (p) {
      var s = p.event.result.suggest;
      media.append(el('tr', {}, el('td', { text: shanghai(p.at) }), el('td', { text: (peopleById[p.event.FromUserName] || {}).name || p.event.FromUserName }), el('td', { text: p.mediaUrl.replace(/\?.*$/, '') }),
        el('td', { class: s === 'pass' ? 'ok' : 'bad', text: SUGGEST_LABELS[s] + '（' + p.event.result.label + '）' }), el('td', { text: PUSH_LABELS[p.state] || p.state })));
    });
    if (!messagesFor && people.length) messagesFor = (peopleById['demo-owner-1'] || people[0]).openid;
    if (!messagesFor) return;
    var q = encodeURIComponent(messagesFor);
    var mine = await Promise.all([call('GET', '/local/openapi/messages?touser=' + q), call('GET', '/local/openapi/credits?openid=' + q), call('GET', '/local/openapi/refusals?touser=' + q)]);
    $('message-title').textContent = who(peopleById[messagesFor]) || messagesFor;
    var credits = clear($('credits'));
    var ids = Object.keys(templates);
    credits.append(el('p', {}, '剩余订阅额度：', ids.map(function (id) { return templates[id].title + ' ' + (mine[1][id] || 0) + ' 次'; }).join('；')));
    var inbox = clear($('inbox'));
    mine[0].slice().reverse().forEach(function (m) { inbox.append(wxMessage(m)); });
    if (!mine[0].length) inbox.append(el('p', { class: 'muted', text: '还没有收到订阅消息' }));
    var refusals = clear($('refusals'));
    mine[2].slice().reverse().forEach(function (x) {
      refusals.append(el('tr', {}, el('td', { text: shanghai(x.at) }), el('td', { text: (templates[x.templateId] || {}).title || x.templateId }), el('td', { class: 'bad', text: String(x.errcode) }), el('td', { text: ERRCODES[x.errcode] || x.errmsg })));
    });
  }
  loaders.messages = loadMessages;

  // ——— 时钟与定时器 ———
  async function loadClock() {
    var r = await Promise.all([call('GET', '/local/clock'), call('GET', '/local/timers')]);
    $('clock-now').textContent = shanghai(r[0].now) + '（北京时间）';
    var minutes = Math.round(r[0].offsetMs / 60000);
    $('clock-offset').textContent = minutes === 0 ? '与本机时间一致' : '比本机时间' + (minutes > 0 ? '快 ' : '慢 ') + Math.abs(minutes) + ' 分钟';
    var body = clear($('timers'));
    r[1].forEach(function (t) {
      body.append(el('tr', {}, el('td', { text: t.function }), el('td', { text: t.name }), el('td', { text: t.config }), el('td', { text: shanghai(t.next) }),
        el('td', { class: t.lastRun && !t.lastRun.ok ? 'bad' : '', text: t.lastRun ? shanghai(t.lastRun.at) + (t.lastRun.ok ? ' 成功' : ' 失败：' + t.lastRun.error) : '尚未运行' })));
    });
  }
  document.querySelectorAll('[data-advance]').forEach(function (b) {
    b.addEventListener('click', async function () { await call('POST', '/local/clock', { advanceMs: Number(b.dataset.advance) }); loadClock(); });
  });
  $('advance-workday').addEventListener('click', async function () { await call('POST', '/local/console/clock/workday', {}); loadClock(); });
  $('clock-set').addEventListener('submit', async function (e) {
    e.preventDefault();
    var v = $('clock-target').value;
    if (!v) return;
    await call('POST', '/local/clock', { set: v + (v.length === 16 ? ':00' : '') + '+08:00' });
    loadClock();
  });
  $('tick').addEventListener('click', async function () {
    var r = await call('POST', '/local/timers/tick', {});
    $('tick-result').textContent = r.fired.length ? '已触发：' + r.fired.join('，') : '没有到期的触发器';
    loadClock();
  });
  loaders.clock = loadClock;

  // ——— 存储 ———
  function size(n) { return n < 1024 ? n + ' B' : n < 1048576 ? (n / 1024).toFixed(1) + ' KB' : (n / 1048576).toFixed(1) + ' MB'; }
  loaders.storage = async function () {
    var r = await Promise.all([call('GET', '/local/storage/files'), loadPeople()]);
    var body = clear($('files'));
    r[0].slice().reverse().forEach(function (f) {
      var src = '/local/storage/file?path=' + encodeURIComponent(f.path);
      var image = /\.(png|jpe?g|gif|webp)$/i.test(f.path);
      body.append(el('tr', {}, el('td', { text: f.path }), el('td', { text: f.uploader ? ((peopleById[f.uploader] || {}).name || f.uploader) : '云函数' }), el('td', { text: size(f.size) }), el('td', { text: shanghai(f.uploadedAt) }),
        el('td', {}, image ? el('a', { href: src, target: '_blank', rel: 'noopener' }, el('img', { class: 'preview', src: src, alt: f.path, loading: 'lazy' })) : el('a', { href: src, text: '下载' }))));
    });
    if (!r[0].length) body.append(el('tr', {}, el('td', { colspan: '5', class: 'muted', text: '还没有文件' })));
  };

  // ——— 演示 ———
  var demo = { at: null, filed: null };
  var Demo = window.CloudBaseDemo;
  // A project without a demo plugin: the tab says so instead of offering steps that cannot run.
  if (!Demo) {
    $('tab-demo').prepend(el('p', { class: 'muted', text: '这个项目没有提供演示脚本（启动 CloudBase Local 时传入 demoScript），下面的步骤不可用。' }));
    $('demo-prepare').disabled = true;
  }
  async function demoStep(button, run, next) {
    var status = $('demo-status');
    button.disabled = true;
    status.textContent = '进行中…';
    try {
      await run();
      status.textContent = '完成。当前本地时间 ' + shanghai((await call('GET', '/local/clock')).now);
      if (next) $(next).disabled = false;
      await showDemo();
    } catch (e) {
      status.textContent = '出错：' + e.message;
      button.disabled = false;
    }
  }
  async function showDemo() {
    if (!demo.at) return;
    var alerts = await Demo.alerts(call, demo.at, demo.filed && demo.filed.number);
    var body = clear($('demo-alerts'));
    alerts.sent.forEach(function (m) {
      body.append(el('tr', {}, el('td', { text: shanghai(m.at) }), el('td', { text: m.name + (m.role ? '（' + (ROLE_LABELS[m.role] || m.role) + '）' : '') }), el('td', { text: m.title }),
        el('td', { text: Object.keys(m.data).map(function (k) { return m.data[k].value; }).join(' · ') })));
    });
    alerts.refused.forEach(function (m) {
      body.append(el('tr', {}, el('td', { text: shanghai(m.at) }), el('td', { text: m.name }), el('td', { text: m.title }), el('td', { class: 'bad', text: '未送达：' + m.errcode + ' ' + (m.reason || ERRCODES[m.errcode] || '') })));
    });
    if (!demo.filed) return;
    var d = await Demo.detail(call, demo.filed.id);
    var ol = clear($('demo-timeline'));
    d.complaint.timeline.forEach(function (e) {
      ol.append(el('li', { text: shanghai(e.at) + ' ' + (EVENT_LABELS[e.type] || e.type) + (e.by && e.by.name ? ' · ' + e.by.name : '') + (e.notify ? ' → 通知' + [].concat(e.notify).map(function (r) { return ROLE_LABELS[r] || r; }).join('、') : '') }));
    });
  }
  $('demo-prepare').addEventListener('click', function () { demoStep($('demo-prepare'), async function () { demo.filed = null; demo.at = (await Demo.prepare(call)).at; }, 'demo-file'); });
  $('demo-file').addEventListener('click', function () { demoStep($('demo-file'), async function () { demo.filed = await Demo.file(call); }, 'demo-advance'); });
  $('demo-advance').addEventListener('click', function () { demoStep($('demo-advance'), function () { return Demo.advance(call, 16 * 60000); }, 'demo-advance-more'); });
  $('demo-advance-more').addEventListener('click', function () {
    demoStep($('demo-advance-more'), function () { return Demo.advance(call, 15 * 60000); }, null).then(function () { $('demo-prepare').disabled = false; });
  });

  // ——— live ———
  async function tickHeader() {
    try { $('header-now').textContent = shanghai((await call('GET', '/local/clock')).now); } catch { $('header-now').textContent = '未连接'; }
  }
  setInterval(function () {
    tickHeader();
    if (document.hidden) return;
    if (current === 'functions') pollInvocations(false).catch(function () {});
    if (current === 'clock') loadClock().catch(function () {});
  }, 1000);
  tickHeader();
  var initial = location.hash.slice(1);
  show(document.querySelector('[data-tab="' + initial + '"]') ? initial : 'database');
})();
