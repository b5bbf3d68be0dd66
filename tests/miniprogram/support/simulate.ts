// Renders the real pages and components with miniprogram-simulate (toolchain.md), with vant's real
// components, and gives them a `wx` whose network is real: in local mode the services reach CloudBase
// Local over HTTP, so a tap travels to the functions and the database and back.
import fs from 'fs';
import os from 'os';
import { types } from 'util';
import http from 'http';
import path from 'path';
import exparser from 'miniprogram-exparser';
import simulate from 'miniprogram-simulate';
import guardedApis from '../../../config/privacy-guarded-apis.json';
import declarations from '../../../config/privacy-declarations.json';

export const MINIPROGRAM = path.resolve(__dirname, '../../../miniprogram');

/** Every `@vant/weapp/...` tag the app uses, mapped to the packed copy in miniprogram_npm/. */
function vantComponents(): Record<string, string> {
  const map: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'miniprogram_npm') walk(full);
      else if (entry.name.endsWith('.json')) {
        const using = (JSON.parse(fs.readFileSync(full, 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
        for (const [tag, target] of Object.entries(using)) if (target.startsWith('@vant/weapp/')) map[tag] = `/miniprogram_npm/${target}`;
      }
    }
  };
  walk(MINIPROGRAM);
  return map;
}

export type Rendered = ReturnType<typeof simulate.render>;

/** What the pages asked of WeChat: navigation, toasts, subscription prompts… for assertions. */
export interface WxLog {
  navigateTo: string[];
  redirectTo: string[];
  switchTab: string[];
  toasts: string[];
  modals: string[];
  subscribe: string[][];
  previewed: string[];
  opened: string[];
  calls: string[];
  /** What the page put on the clipboard (wx.setClipboardData). */
  copied: string[];
  /** What an inner audio context played (its src), once the file was there to play. */
  played: string[];
  /** The options each RecorderManager.start was given. */
  recorded: object[];
}

export const wxLog: WxLog = { navigateTo: [], redirectTo: [], switchTab: [], toasts: [], modals: [], subscribe: [], previewed: [], opened: [], calls: [], copied: [], played: [], recorded: [] };

/** How wx fails a call: what its `fail` callback gets and its promise rejects with. */
class Failure {
  constructor(
    readonly errMsg: string,
    readonly errno?: number,
  ) {}
}

type Callbacks<T> = { success?: (r: T) => void; fail?: (e: Failure) => void; complete?: () => void };

/** Answer like wx does: callbacks (later, never inside the call) when given, else a promise. */
function answer<T>(opts: Callbacks<T> | undefined, result: T | Failure | Promise<T | Failure>): Promise<T> | undefined {
  const settled = Promise.resolve(result).then((r) => (r instanceof Failure ? Promise.reject(r) : r));
  if (!opts?.success && !opts?.fail) return settled;
  const later = (call: () => void) => setTimeout(() => (call(), opts.complete?.()), 0);
  settled.then(
    (r) => later(() => opts.success?.(r)),
    (e: Failure) => later(() => opts.fail?.(e)),
  );
  return undefined;
}

const storage = new Map<string, unknown>();
/** Files a test "takes" with the camera: chooseMedia hands out these temp paths. */
export const camera: { files: string[]; privacyRefused: boolean } = { files: [], privacyRefused: false };
/** Files in the user's WeChat chats: chooseMessageFile hands them out (empty: the user backed out). */
export const chat: { files: Array<{ path: string; name: string }> } = { files: [] };
/**
 * The phone's microphone, for wx.getRecorderManager: a recording lasts from start() to stop() by its
 * own clock, which only `hold(ms)` moves — a test "speaks" for N seconds without waiting N seconds. As
 * WeChat's recorder does, it stops itself at the `duration` it was started with (60 s at most), and
 * writes a real file (mp3 at 48 kbit/s, 6 KB a second) whose path onStop hands over.
 */
export const microphone = {
  elapsed: 0,
  active: null as null | { startedAt: number; cap: number; stop: () => void },
  /** Speak for `ms` while the button is held (the recorder stops itself at its cap). */
  hold(ms: number): void {
    const active = microphone.active;
    microphone.elapsed += ms;
    if (active && microphone.elapsed - active.startedAt >= active.cap) active.stop();
  },
};
let recordings = 0;
const recordingDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-voice-'));

/** wx.getRecorderManager: one recorder, its listeners replaced by each on…, start guarded by the privacy check (麦克风). */
function recorderManager() {
  const listeners: { stop?: (r: { tempFilePath: string; duration: number; fileSize: number }) => void; error?: (e: { errMsg: string; errno?: number }) => void } = {};
  return {
    onStop: (f: typeof listeners.stop) => void (listeners.stop = f),
    onError: (f: typeof listeners.error) => void (listeners.error = f),
    onStart: () => undefined,
    start(opts: { duration?: number; format?: string } = {}) {
      wxLog.recorded.push(opts);
      void guarded('getRecorderManager', undefined, () => ({}))!.then(
        () => {
          let stopped = false;
          const cap = Math.min(opts.duration ?? 60_000, 600_000);
          const startedAt = microphone.elapsed;
          const stop = () => {
            if (stopped) return;
            stopped = true;
            microphone.active = null;
            const duration = Math.min(cap, microphone.elapsed - startedAt);
            const file = path.join(recordingDir, `rec-${++recordings}.${opts.format ?? 'aac'}`);
            fs.writeFileSync(file, Buffer.alloc(Math.round(duration * 6), 7));
            setTimeout(() => listeners.stop?.({ tempFilePath: file, duration, fileSize: fs.statSync(file).size }), 0);
          };
          microphone.active = { startedAt, cap, stop };
        },
        (e: Failure) => setTimeout(() => listeners.error?.({ errMsg: e.errMsg, errno: e.errno }), 0),
      );
    },
    stop: () => microphone.active?.stop(),
  };
}

/**
 * wx.createInnerAudioContext: play() fetches src as the phone would (a local path must exist; a link
 * must answer 200 with an audio type), logs it in wxLog.played and ends shortly after; else onError.
 */
function innerAudioContext() {
  const on: { ended?: () => void; error?: (e: { errMsg: string; errCode: number }) => void } = {};
  let playing = false;
  const audio = {
    src: '',
    onEnded: (f: () => void) => void (on.ended = f),
    onError: (f: typeof on.error) => void (on.error = f),
    play() {
      playing = true;
      const src = audio.src;
      const reachable = /^https?:/.test(src)
        ? new Promise<boolean>((resolve, reject) => http.get(src, (r) => (r.resume(), resolve(r.statusCode === 200 && (r.headers['content-type'] ?? '').startsWith('audio/')))).on('error', reject))
        : Promise.resolve(fs.existsSync(src));
      void reachable.catch(() => false).then((ok) => {
        if (!playing) return;
        if (!ok) return on.error?.({ errMsg: `cannot play ${src}`, errCode: 10004 });
        wxLog.played.push(src);
        setTimeout(() => playing && (playing = false, on.ended?.()), 20);
      });
    },
    stop: () => void (playing = false),
    destroy: () => void (playing = false),
  };
  return audio;
}

/** The subscription prompt's answer for each template id (default: accept). */
export const subscriptionAnswers: Record<string, string> = {};
/**
 * WeChat's privacy check, for every guarded API the harness offers (config/privacy-guarded-apis.json).
 * `declarations` is the 用户隐私保护指引 as published — the project's config/privacy-declarations.json
 * unless a test swaps in its own copy: a guarded API whose scope it lacks fails as WeChat fails it,
 * errno 112. `listener` is what the app registered at launch (app.ts): a test may call it as WeChat
 * would. With `undecided`, the next guarded call first asks the listener and goes on only if the
 * answer is an agreement from the agree button (else errno 104); `answers` keeps what WeChat was told.
 */
export const privacy: { declarations: Array<{ scope: string }>; listener: ((resolve: (r: object) => void) => void) | null; undecided: boolean; answers: object[] } = {
  declarations,
  listener: null,
  undecided: false,
  answers: [],
};

/** Ask as WeChat does before a guarded API: true when the user agreed. */
async function privacyAgreed(): Promise<boolean> {
  if (!privacy.undecided) return true;
  if (!privacy.listener) throw new Error('a guarded API ran with no onNeedPrivacyAuthorization listener registered');
  const answer = await new Promise<{ event?: string; buttonId?: string }>((resolve) => privacy.listener!(resolve));
  privacy.answers.push(answer);
  // WeChat counts an agreement only with the id of the button that carries open-type="agreePrivacyAuthorization".
  const agreed = answer.event === 'agree' && answer.buttonId === 'agree-privacy';
  if (agreed) privacy.undecided = false;
  return agreed;
}
/** A guarded API's call as WeChat runs it: the declaration, then the user's agreement, then `run`. */
function guarded<T>(api: keyof typeof guardedApis.apis, opts: Callbacks<T> | undefined, run: () => T | Failure): Promise<T> | undefined {
  const scope = guardedApis.apis[api];
  const checked = async (): Promise<T | Failure> => {
    if (!privacy.declarations.some((d) => d.scope === scope)) return new Failure(`${api}:fail api scope is not declared in the privacy agreement`, 112);
    if (!(await privacyAgreed())) return new Failure(`${api}:fail privacy permission is not authorized`, 104);
    return run();
  };
  return answer(opts, checked());
}

/** How the user answers the next dialogs: 确定 or 取消, and the text typed into an editable one. */
export const modalAnswers: Array<{ confirm: boolean; content?: string }> = [];

/** Pages rendered so far, newest last: what getCurrentPages() answers. */
const pages: unknown[] = [];

/**
 * What the mini-program runtime has and j-component lacks: getCurrentPages() (vant's links), and
 * groupSetData (vant's count-down batches its updates with it), which here simply runs the batch.
 */
function installRuntime(): void {
  (global as unknown as { getCurrentPages: () => unknown[] }).getCurrentPages = () => pages;
  const proto = (exparser as unknown as { Component: { prototype: Record<string, unknown> } }).Component.prototype;
  proto.groupSetData ??= function (this: unknown, batch: () => void) {
    batch();
  };
}

export function installWx(): void {
  installRuntime();
  const wx = (global as unknown as { wx: Record<string, unknown> }).wx;
  Object.assign(wx, {
    request(opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> } & Callbacks<{ statusCode: number; data: unknown }>) {
      const url = new URL(opts.url);
      // Bytes from readFile are an ArrayBuffer of Node's realm, not this environment's: no instanceof.
      const body = types.isArrayBuffer(opts.data) ? Buffer.from(opts.data) : Buffer.from(JSON.stringify(opts.data ?? {}));
      const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: opts.method ?? 'GET', headers: { 'content-type': opts.header?.['content-type'] ?? 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let data: unknown = text;
          try {
            data = JSON.parse(text);
          } catch {
            // not JSON: hand over the text
          }
          opts.success?.({ statusCode: res.statusCode ?? 0, data });
          opts.complete?.();
        });
      });
      req.on('error', (e) => opts.fail?.({ errMsg: `request:fail ${e.message}` }));
      req.end(body);
      return { abort: () => req.destroy() };
    },
    getStorageSync: (key: string) => storage.get(key) ?? '',
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    getFileSystemManager: () => ({
      readFile: (opts: { filePath: string } & Callbacks<{ data: ArrayBuffer }>) => {
        const buf = fs.readFileSync(opts.filePath);
        answer(opts, { data: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) });
      },
    }),
    chooseMedia: (opts: Callbacks<{ tempFiles: Array<{ tempFilePath: string; size: number }> }> & { count?: number }) =>
      guarded('chooseMedia', opts, () =>
        camera.privacyRefused
          ? new Failure('chooseMedia:fail privacy permission is not authorized', 104)
          : { tempFiles: camera.files.slice(0, opts.count ?? 9).map((p) => ({ tempFilePath: p, size: fs.statSync(p).size })) },
      ),
    chooseMessageFile: (opts: Callbacks<{ tempFiles: Array<{ path: string; name: string; size: number; type: string }> }> & { count?: number }) =>
      guarded('chooseMessageFile', opts, () =>
        chat.files.length === 0
          ? new Failure('chooseMessageFile:fail cancel')
          : { tempFiles: chat.files.slice(0, opts.count ?? 1).map((f) => ({ ...f, size: fs.statSync(f.path).size, type: 'file' })) },
      ),
    getRecorderManager: (() => {
      // WeChat hands out one recorder for the whole app.
      const one = recorderManager();
      return () => one;
    })(),
    createInnerAudioContext: innerAudioContext,
    setClipboardData: (opts: { data: string } & Callbacks<object>) => guarded('setClipboardData', opts, () => (wxLog.copied.push(opts.data), {})),
    compressImage: (opts: { src: string } & Callbacks<{ tempFilePath: string }>) => answer(opts, { tempFilePath: opts.src }),
    requestSubscribeMessage: (opts: { tmplIds: string[] } & Callbacks<Record<string, string>>) => {
      wxLog.subscribe.push(opts.tmplIds);
      return answer(opts, { errMsg: 'requestSubscribeMessage:ok', ...Object.fromEntries(opts.tmplIds.map((id) => [id, subscriptionAnswers[id] ?? 'accept'])) });
    },
    navigateTo: (opts: { url: string } & Callbacks<object>) => (wxLog.navigateTo.push(opts.url), answer(opts, {})),
    redirectTo: (opts: { url: string } & Callbacks<object>) => (wxLog.redirectTo.push(opts.url), answer(opts, {})),
    switchTab: (opts: { url: string } & Callbacks<object>) => (wxLog.switchTab.push(opts.url), answer(opts, {})),
    navigateBack: (opts?: Callbacks<object>) => answer(opts, {}),
    showToast: (opts: { title: string } & Callbacks<object>) => (wxLog.toasts.push(opts.title), answer(opts, {})),
    showLoading: (opts?: Callbacks<object>) => answer(opts, {}),
    hideLoading: (opts?: Callbacks<object>) => answer(opts, {}),
    showModal: (opts: { content?: string; title?: string } & Callbacks<{ confirm: boolean; cancel: boolean; content: string }>) => {
      wxLog.modals.push(opts.content ?? opts.title ?? '');
      const { confirm, content = '' } = modalAnswers.shift() ?? { confirm: true };
      return answer(opts, { confirm, cancel: !confirm, content });
    },
    previewImage: (opts: { current?: string; urls: string[] } & Callbacks<object>) => (wxLog.previewed.push(opts.current ?? opts.urls[0] ?? ''), answer(opts, {})),
    downloadFile: (opts: { url: string } & Callbacks<{ tempFilePath: string; statusCode: number }>) => answer(opts, { tempFilePath: opts.url, statusCode: 200 }),
    openDocument: (opts: { filePath: string } & Callbacks<object>) => (wxLog.opened.push(opts.filePath), answer(opts, {})),
    makePhoneCall: (opts: { phoneNumber: string } & Callbacks<object>) => (wxLog.calls.push(opts.phoneNumber), answer(opts, {})),
    stopPullDownRefresh: () => undefined,
    onNeedPrivacyAuthorization: (listener: (resolve: (r: object) => void) => void) => void (privacy.listener = listener),
    openPrivacyContract: (opts?: Callbacks<object>) => answer(opts, {}),
  });
}

export function resetWx(): void {
  setDataLog.length = 0;
  for (const list of Object.values(wxLog)) (list as unknown[]).length = 0;
  storage.clear();
  camera.files = [];
  camera.privacyRefused = false;
  chat.files = [];
  microphone.active = null;
  // The listener stays: the app registered it once at launch, as in WeChat.
  privacy.declarations = declarations;
  privacy.undecided = false;
  privacy.answers = [];
  modalAnswers.length = 0;
  for (const k of Object.keys(subscriptionAnswers)) delete subscriptionAnswers[k];
}

/** Load and attach a page (or component) by its path under miniprogram/, then run onLoad / onShow. */
/** Every setData a rendered page made: its JSON size, for the benchmark's 256 KB and 20-per-second checks. */
export const setDataLog: Array<{ page: string; bytes: number; at: number }> = [];

function recordSetData(pagePath: string, page: Rendered): void {
  const instance = page.instance as unknown as { setData(data: object, cb?: () => void): void };
  const original = instance.setData.bind(instance);
  instance.setData = (data, cb) => {
    setDataLog.push({ page: pagePath, bytes: Buffer.byteLength(JSON.stringify(data)), at: performance.now() });
    original(data, cb);
  };
}

/** Elements on screen, shadow trees included (WeChat's audit: fewer than 1,000 WXML nodes). */
export function nodeCount(page: Rendered): number {
  return (page.dom as HTMLElement).querySelectorAll('*').length;
}

/** Where the app's local mode reaches CloudBase Local in this test file. */
let localBaseUrl = '';

export function connect(baseUrl: string): void {
  localBaseUrl = baseUrl;
  installWx();
  installCloud();
  launchApp();
}

/**
 * Runs the real app.ts once, as WeChat does at launch, so what it registers (the privacy listener) is
 * the app's own. j-component has no App(): this one just runs onLaunch.
 */
function launchApp(): void {
  (global as unknown as { App: (options: { onLaunch?: () => void }) => void }).App = (options) => options.onLaunch?.call(options);
  jest.isolateModules(() => {
    const { config } = require(path.join(MINIPROGRAM, 'config')) as typeof import('../../../miniprogram/config');
    config.local.baseUrl = localBaseUrl;
    require(path.join(MINIPROGRAM, 'app'));
  });
}

/**
 * wx.cloud as a real environment offers it, routed into the same CloudBase Local: callFunction runs
 * the real function as the current demo user, uploadFile stores the bytes and reports progress. Pages
 * rendered with { mode: 'cloud' } take this path (services/transport.ts `cloud`).
 */
function installCloud(): void {
  const openid = () => (storage.get('local.openid') as string | undefined) ?? 'demo-owner-1';
  // Parsed here, not by fetch's .json(): Node's fetch builds its arrays in another realm, which
  // j-component's setData does not recognise as arrays.
  const post = async (url: string, body: BodyInit, type: string): Promise<unknown> => JSON.parse(await (await fetch(`${localBaseUrl}${url}`, { method: 'POST', headers: { 'content-type': type }, body })).text());
  (global as unknown as { wx: Record<string, unknown> }).wx.cloud = {
    init: () => undefined,
    callFunction: async ({ name, data }: { name: string; data: object }) => {
      const r = (await post(`/local/functions/${name}/invoke`, JSON.stringify({ openid: openid(), data }), 'application/json')) as { result?: unknown; error?: { message: string } };
      if (r.error) throw new Error(r.error.message);
      return { result: r.result, errMsg: 'cloud.callFunction:ok' };
    },
    uploadFile: ({ cloudPath, filePath, success, fail }: { cloudPath: string; filePath: string; success: (r: { fileID: string }) => void; fail: (e: { errMsg: string }) => void }) => {
      const listeners: Array<(p: { progress: number }) => void> = [];
      const query = `openid=${encodeURIComponent(openid())}&path=${encodeURIComponent(cloudPath)}`;
      post(`/local/storage/upload?${query}`, fs.readFileSync(filePath), 'application/octet-stream').then(
        (r) => {
          listeners.forEach((l) => l({ progress: 100 }));
          success(r as { fileID: string });
        },
        (e: Error) => fail({ errMsg: e.message }),
      );
      return { onProgressUpdate: (l: (p: { progress: number }) => void) => listeners.push(l) };
    },
  };
}

export function render(pagePath: string, query: Record<string, string> = {}, options: { mode?: 'local' | 'cloud'; baseUrl?: string } = {}): Rendered {
  // Each render loads the page and its components afresh in their own module registry: jest caches
  // modules, and a vant component whose module was already run would register without a definition.
  // The app's config in that registry is pointed at this file's CloudBase Local.
  let id = '';
  jest.isolateModules(() => {
    const { config } = require(path.join(MINIPROGRAM, 'config')) as typeof import('../../../miniprogram/config');
    config.local.baseUrl = options.baseUrl ?? localBaseUrl;
    config.local.enabled = options.mode !== 'cloud';
    id = simulate.load(path.join(MINIPROGRAM, pagePath), { rootPath: MINIPROGRAM, usingComponents: vantComponents() });
  });
  return mount(pagePath, id, query);
}

/** What each rendered page was loaded as, so a second copy can reuse the same definition. */
const loaded = new WeakMap<Rendered, { pagePath: string; id: string }>();

/** The path a rendered page was loaded from and simulate's id for it (its `<style id>` in the document). */
export function loadedAs(page: Rendered): { pagePath: string; id: string } | undefined {
  return loaded.get(page);
}

function mount(pagePath: string, id: string, query: Record<string, string>): Rendered {
  const page = simulate.render(id);
  loaded.set(page, { pagePath, id });
  page.attach(document.createElement('parent-wrapper'));
  pages.push(page.instance);
  recordSetData(pagePath, page);
  const methods = page.instance as unknown as { onLoad?: (q: object) => void; onShow?: () => void };
  methods.onLoad?.(query);
  methods.onShow?.();
  return page;
}

/**
 * Another copy of an already rendered page, pushed on the stack as WeChat does when the same page is
 * opened again: the same definition and the same module scope (render() loads modules afresh, which
 * would hide state shared between copies through module-level variables).
 */
export function renderAgain(of: Rendered, query: Record<string, string> = {}): Rendered {
  const first = loaded.get(of);
  if (!first) throw new Error('renderAgain needs a page rendered by render()');
  return mount(first.pagePath, first.id, query);
}

/** Wait until `check` holds (the page's cloud calls are real and asynchronous). */
export async function until(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Node = { dom: HTMLElement; data?: Record<string, unknown>; querySelector(s: string): Node | null; querySelectorAll(s: string): Node[]; dispatchEvent(name: string, opts?: object): void; instance?: unknown };

/** Find by a selector path, crossing one shadow root per step: find(page, '#file', '.van-button'). */
export function find(root: Rendered | Node, ...selectors: string[]): Node {
  let node = root as unknown as Node;
  for (const s of selectors) {
    const next = node.querySelector(s);
    if (!next) throw new Error(`no ${s} in ${selectors.join(' → ')}`);
    node = next;
  }
  return node;
}

/** The visible text of a node and everything under it, shadow roots included. */
export function text(root: Rendered | Node): string {
  return (root as unknown as Node).dom.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** Where vant components listen for taps inside their shadow roots. */
const TAPPABLE = ['.van-button', '.van-cell', '.van-grid-item', '.van-radio__icon-wrap', '.van-tab', '.van-rate__item'];

/**
 * Tap a vant component (on the element inside that listens) or any element with a bindtap. A tap on
 * the built-in button with open-type="agreePrivacyAuthorization" is, as in WeChat, the agreement
 * event the privacy popup listens for.
 */
export function tap(root: Rendered | Node, ...selectors: string[]): void {
  const node = find(root, ...selectors);
  const own = (node as unknown as { _exparserNode: TreeNode })._exparserNode;
  if (own.$$?.tagName.toLowerCase() === 'wx-button' && attribute(own, 'open-type') === 'agreePrivacyAuthorization') return node.dispatchEvent('agreeprivacyauthorization');
  // j-component answers undefined, not null, when nothing matches.
  const inner = TAPPABLE.map((s) => node.querySelector(s)).find((n) => n) ?? node;
  inner.dispatchEvent('tap');
}

/** Type into a van-field (`selector` under `root`, or `root` itself when null, e.g. found by byText): its inner input fires `input` with the value, as WeChat does. */
export function type(root: Rendered | Node, selector: string | null, value: string): void {
  const field = selector === null ? (root as Node) : find(root, selector);
  // The first .van-field__control is the slot wrapper (tap only); the input or textarea follows it.
  const controls = field.querySelectorAll('.van-field__control');
  if (controls.length === 0) throw new Error(`no input in ${selector}`);
  for (const control of controls) control.dispatchEvent('input', { detail: { value } });
}

type ExparserNode = { $$?: HTMLElement; childNodes: ExparserNode[]; shadowRoot?: ExparserNode; __componentNode__?: Node };

/** j-component's handle on any node: the class the rendered page's class extends (not exported). */
function handle(root: Rendered | Node, node: ExparserNode): Node {
  if (node.__componentNode__) return node.__componentNode__;
  let proto = Object.getPrototypeOf(root) as { constructor: new (n: ExparserNode) => Node } | null;
  while (proto && proto.constructor.name !== 'Component') proto = Object.getPrototypeOf(proto) as typeof proto;
  if (!proto) throw new Error('j-component changed: no Component class');
  return new proto.constructor(node);
}

/**
 * The one `tag` (a vant tag like 'van-button', or a built-in like 'button') that reads `label`, found
 * as a person finds it: by its visible text, anywhere in the page, shadow trees included. exparser's
 * selectors know only ids and classes, so this walks its tree.
 */
export function byText(root: Rendered | Node, tag: string, label: string, match: 'whole' | 'part' = 'whole'): Node {
  const found: ExparserNode[] = [];
  const walk = (node: ExparserNode) => {
    const name = node.$$?.tagName.toLowerCase();
    const read = node.$$?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    if ((name === tag || name === `wx-${tag}`) && (match === 'whole' ? read === label : read.includes(label))) found.push(node);
    if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot);
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child);
  };
  walk((root as unknown as { _exparserNode: ExparserNode })._exparserNode);
  if (found.length !== 1) throw new Error(`${found.length} <${tag}> reading “${label}”`);
  return handle(root, found[0]!);
}

type VirtualTree = { event?: Record<string, { name: string; handler?: string }>; attrs?: Array<{ name: string; value: unknown }> };
type TreeNode = ExparserNode & { _vt?: VirtualTree; id?: string; ownerShadowRoot?: { getHostNode(): TreeNode } | null };

/** An attribute as written in the template (wcc hands built-ins' aria-* over as ariaLabel, ariaRole). */
const attribute = (node: TreeNode, name: string): string => {
  const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const value = node._vt?.attrs?.find((a) => a.name === name || a.name === camel)?.value;
  return typeof value === 'string' ? value.trim() : '';
};

/** What a screen reader says for a node: its aria-label, else the text on it (shadow trees included). */
function accessibleName(node: TreeNode): string {
  return attribute(node, 'aria-label') || (node.$$?.textContent?.replace(/\s+/g, ' ').trim() ?? '');
}

/** The one element a screen reader announces as `label` (its aria-label), as a blind user finds it. */
export function byLabel(root: Rendered | Node, label: string): Node {
  const found: TreeNode[] = [];
  const walk = (node: TreeNode) => {
    if (attribute(node, 'aria-label') === label) found.push(node);
    if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot as TreeNode);
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child as TreeNode);
  };
  walk((root as unknown as { _exparserNode: TreeNode })._exparserNode);
  if (found.length !== 1) throw new Error(`${found.length} elements labelled “${label}”`);
  return handle(root, found[0]!);
}

/** Controls operated by tapping whose parts carry no text of their own (vant's stars are bare icons). */
const BARE_CONTROLS = ['van-rate'];
/** Built-in tags a screen reader already announces as controls; any other tappable needs an aria-role. */
const ANNOUNCED = ['wx-button', 'wx-navigator', 'wx-picker', 'wx-switch', 'wx-checkbox', 'wx-radio'];

/**
 * What a screen reader would get wrong on a rendered page: every element our templates make tappable
 * (a `bindtap` / `bind:click` on a view, a vant button or cell, one of our components) must have a
 * name — visible text or an aria-label — and a tappable view or text must say it is a control
 * (aria-role). vant's own templates are vant's; what they render is checked through the host we put on
 * the page (a van-button's text or its aria-label).
 */
export function accessibilityProblems(root: Rendered): string[] {
  const found: string[] = [];
  const walk = (node: TreeNode) => {
    const tag = node.$$?.tagName.toLowerCase() ?? '';
    const owner = node.ownerShadowRoot?.getHostNode().$$?.tagName.toLowerCase() ?? '';
    const ours = !owner.startsWith('van-');
    const tappable = Object.values(node._vt?.event ?? {}).some((e) => e.handler && ['tap', 'click', 'longpress'].includes(e.name));
    if (ours && (tappable || BARE_CONTROLS.includes(tag))) {
      const what = `<${tag}${node.id ? ` id="${node.id}"` : ''}${node.$$?.getAttribute('class') ? ` class="${node.$$.getAttribute('class')}"` : ''}>`;
      if (!accessibleName(node)) found.push(`${what} has no name`);
      if (tag.startsWith('wx-') && !ANNOUNCED.includes(tag) && !attribute(node, 'aria-role')) found.push(`${what} has no aria-role`);
    }
    if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot as TreeNode);
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child as TreeNode);
  };
  walk((root as unknown as { _exparserNode: TreeNode })._exparserNode);
  return found;
}
