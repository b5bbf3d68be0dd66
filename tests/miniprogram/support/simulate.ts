// Renders the real pages and components with miniprogram-simulate (toolchain.md), with vant's real
// components, and gives them a `wx` whose network is real: in local mode the services reach CloudBase
// Local over HTTP, so a tap travels to the functions and the database and back.
import fs from 'fs';
import http from 'http';
import path from 'path';
import simulate from 'miniprogram-simulate';

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
}

export const wxLog: WxLog = { navigateTo: [], redirectTo: [], switchTab: [], toasts: [], modals: [], subscribe: [], previewed: [], opened: [], calls: [] };

type Callbacks<T> = { success?: (r: T) => void; fail?: (e: { errMsg: string }) => void; complete?: () => void };

/** Answer like wx does: callbacks when given, else a promise. */
function answer<T>(opts: Callbacks<T> | undefined, result: T | Error): Promise<T> | undefined {
  const failed = result instanceof Error;
  if (opts?.success || opts?.fail) {
    setTimeout(() => {
      if (failed) opts.fail?.({ errMsg: result.message });
      else opts.success?.(result);
      opts.complete?.();
    }, 0);
    return undefined;
  }
  return failed ? Promise.reject(result) : Promise.resolve(result);
}

const storage = new Map<string, unknown>();
/** Files a test "takes" with the camera: chooseMedia hands out these temp paths. */
export const camera: { files: string[]; privacyRefused: boolean } = { files: [], privacyRefused: false };
/** The subscription prompt's answer for each template id (default: accept). */
export const subscriptionAnswers: Record<string, string> = {};
/** Modal confirmations: true = the user taps 确定. */
export const modalAnswers: boolean[] = [];

export function installWx(): void {
  const wx = (global as unknown as { wx: Record<string, unknown> }).wx;
  Object.assign(wx, {
    request(opts: { url: string; method?: string; data?: unknown; header?: Record<string, string> } & Callbacks<{ statusCode: number; data: unknown }>) {
      const url = new URL(opts.url);
      const body = opts.data instanceof ArrayBuffer ? Buffer.from(opts.data) : Buffer.from(JSON.stringify(opts.data ?? {}));
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
    chooseMedia: (opts: Callbacks<{ tempFiles: Array<{ tempFilePath: string; size: number }> }> & { count?: number }) => {
      if (camera.privacyRefused) return answer(opts, new Error('chooseMedia:fail privacy permission is not authorized'));
      return answer(opts, { tempFiles: camera.files.slice(0, opts.count ?? 9).map((p) => ({ tempFilePath: p, size: fs.statSync(p).size })) });
    },
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
    showModal: (opts: { content?: string; title?: string } & Callbacks<{ confirm: boolean; cancel: boolean }>) => {
      wxLog.modals.push(opts.content ?? opts.title ?? '');
      const confirm = modalAnswers.shift() ?? true;
      return answer(opts, { confirm, cancel: !confirm });
    },
    previewImage: (opts: { current?: string; urls: string[] } & Callbacks<object>) => (wxLog.previewed.push(opts.current ?? opts.urls[0] ?? ''), answer(opts, {})),
    downloadFile: (opts: { url: string } & Callbacks<{ tempFilePath: string; statusCode: number }>) => answer(opts, { tempFilePath: opts.url, statusCode: 200 }),
    openDocument: (opts: { filePath: string } & Callbacks<object>) => (wxLog.opened.push(opts.filePath), answer(opts, {})),
    makePhoneCall: (opts: { phoneNumber: string } & Callbacks<object>) => (wxLog.calls.push(opts.phoneNumber), answer(opts, {})),
    stopPullDownRefresh: () => undefined,
    onNeedPrivacyAuthorization: () => undefined,
    openPrivacyContract: (opts?: Callbacks<object>) => answer(opts, {}),
  });
}

export function resetWx(): void {
  for (const list of Object.values(wxLog)) (list as unknown[]).length = 0;
  storage.clear();
  camera.files = [];
  camera.privacyRefused = false;
  modalAnswers.length = 0;
  for (const k of Object.keys(subscriptionAnswers)) delete subscriptionAnswers[k];
}

/** Load and attach a page (or component) by its path under miniprogram/, then run onLoad / onShow. */
export function render(pagePath: string, query: Record<string, string> = {}): Rendered {
  const id = simulate.load(path.join(MINIPROGRAM, pagePath), { rootPath: MINIPROGRAM, usingComponents: vantComponents() });
  const page = simulate.render(id);
  page.attach(document.createElement('parent-wrapper'));
  const methods = page.instance as unknown as { onLoad?: (q: object) => void; onShow?: () => void };
  methods.onLoad?.(query);
  methods.onShow?.();
  return page;
}

/** Wait until `check` holds (the page's cloud calls are real and asynchronous). */
export async function until(check: () => boolean, what = 'condition', timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

type Node = { dom: HTMLElement; querySelector(s: string): Node | null; querySelectorAll(s: string): Node[]; dispatchEvent(name: string, opts?: object): void; instance?: unknown };

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

/** Tap a vant button (its inner <button>) or any element with a bindtap. */
export function tap(root: Rendered | Node, ...selectors: string[]): void {
  const node = find(root, ...selectors);
  const inner = node.querySelector('.van-button') ?? node.querySelector('.van-cell') ?? node;
  inner.dispatchEvent('tap');
}

/** Type into a van-field: its inner input fires `input` with the value, as WeChat does. */
export function type(root: Rendered | Node, selector: string, value: string): void {
  const field = find(root, selector);
  const input = field.querySelector('.van-field__control') ?? field.querySelector('input') ?? field.querySelector('textarea');
  if (!input) throw new Error(`no input in ${selector}`);
  input.dispatchEvent('input', { detail: { value } });
}
