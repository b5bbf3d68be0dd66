// A 375-pt phone for the pages miniprogram-simulate renders (`npm run screenshots`). simulate builds
// each page's DOM in jsdom, which lays nothing out; this harness gives every page what WeChat would:
// - one document per page: the page's own stylesheet (its components' and its own, as simulate
//   compiled them for that page alone), app.wxss with the inline icon font, and WeChat's base styles
//   for the built-in tags; 750 rpx is the 375-px screen;
// - layout by Chromium: every createSelectorQuery the components make (vant's tabs measure their tabs
//   to place the line) is answered with the sizes Chromium lays out for the page as it is then;
// - inputs show their value or placeholder, scroll areas scroll, `hidden` hides, as on the phone;
// - a check of every rendered page in the browser: each visible text against what is behind it
//   (WCAG AA: 4.5:1, 3:1 for large text) and each tap target at least 44 × 44 px.
import fs from 'fs';
import path from 'path';
import { spawnSync } from 'child_process';
import exparser from 'miniprogram-exparser';
import type { Browser, Page } from 'playwright-core';
import { loadedAs, MINIPROGRAM, type Rendered } from '../../miniprogram/support/simulate';

/**
 * 750 rpx is the screen's width, whatever the phone (simulate turns 1 rpx into 1 px): written as vw,
 * one stylesheet lays out on a 375-pt and a 320-pt phone alike. Set before any page is loaded.
 */
const simulateUtils = require('miniprogram-simulate/src/utils') as { transformRpx: (css: string) => string };
simulateUtils.transformRpx = (css) => css.replace(/(-?\d+(?:\.\d+)?|-?\.\d+)rpx/gi, (_, n: string) => `${+(Number(n) / 7.5).toFixed(4)}vw`);
const simulateWxss = require('miniprogram-simulate/src/wxss') as { getContent(file: string): string; compile(css: string, options: { prefix: string }): string };

export const WIDTH = 375;
export const HEIGHT = 667;

/**
 * A phone a page is photographed on: its width in pt, and the user's WeChat font size as a multiple
 * of the standard 16 px (设置 → 通用 → 字体大小; every page's <page-meta root-font-size="system">
 * makes 1rem that size, so the multiple is the root font size and nothing else changes).
 */
export interface Phone {
  width: number;
  font: number;
}
export const PHONES: Phone[] = [
  { width: 375, font: 1 },
  { width: 320, font: 1 },
  { width: 375, font: 1.5 },
  { width: 320, font: 1.5 },
];
export const STANDARD: Phone = PHONES[0]!;
/** A file-name tail for a phone: '' for the standard one, '.320', '.large', '.320-large'. */
export function phoneSuffix(phone: Phone): string {
  const parts = [phone.width === WIDTH ? '' : String(phone.width), phone.font === 1 ? '' : 'large'].filter(Boolean);
  return parts.length ? `.${parts.join('-')}` : '';
}
/** The phone vant's measurements are laid out on (the one being photographed). */
let current: Phone = STANDARD;

/**
 * WeChat's base styles for the built-in tags (as its WebView sets them: sizes from WeChat's
 * documentation of each component), the navigation bar and the tab bar drawn by WeChat around the page.
 */
const BASE = (phone: Phone) => `
  html { font-size: ${16 * phone.font}px; -webkit-text-size-adjust: none; background: #fff; }
  body { margin: 0; width: ${phone.width}px; }
  /* The page is the WebView under WeChat's navigation bar: position: fixed is relative to it. */
  page { display: block; transform: translateZ(0); min-height: ${HEIGHT - 44}px; font-family: -apple-system, "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif; line-height: 1.4; }
  main, wx-view, wx-scroll-view, wx-swiper, wx-swiper-item, wx-form, wx-picker, wx-navigator, wx-rich-text, wx-canvas { display: block; }
  wx-text, wx-label { display: inline; }
  wx-text { white-space: pre-wrap; }
  wx-page-meta { display: none; }
  [data-hidden] { display: none !important; }
  wx-image { display: inline-block; overflow: hidden; width: 320px; height: 240px; background: #ebedf0; }
  wx-canvas { width: 300px; height: 150px; }
  wx-button { position: relative; display: block; margin-left: auto; margin-right: auto; padding-left: 14px; padding-right: 14px; box-sizing: border-box; font-size: 18px; text-align: center; line-height: 2.55555556; border-radius: 5px; overflow: hidden; color: #000; background-color: #f8f8f8; }
  wx-button::after { content: " "; position: absolute; top: 0; left: 0; width: 200%; height: 200%; border: 1px solid rgba(0, 0, 0, 0.2); transform: scale(0.5); transform-origin: 0 0; box-sizing: border-box; border-radius: 10px; pointer-events: none; }
  wx-input { display: block; height: 1.4em; min-height: 1.4em; line-height: 1.4em; overflow: hidden; white-space: nowrap; }
  wx-textarea { display: block; width: 300px; height: 150px; white-space: pre-wrap; overflow: hidden; }
  wx-textarea[data-auto-height] { height: auto; min-height: 1.4em; }
  .wx-placeholder { color: #808080; }
  wx-scroll-view { display: block; width: 100%; box-sizing: border-box; overflow: hidden; }
  wx-scroll-view[data-scroll-x] { overflow-x: auto; scrollbar-width: none; }
  wx-scroll-view[data-scroll-y] { overflow-y: auto; scrollbar-width: none; }
  .wx-nav { position: sticky; top: 0; z-index: 1000; height: 44px; line-height: 44px; text-align: center; font-size: 17px; font-weight: 500; color: #000; background: #fff; font-family: -apple-system, "PingFang SC", "WenQuanYi Zen Hei", sans-serif; border-bottom: 0.5px solid #e5e5e5; }
  .wx-tabbar { position: sticky; bottom: 0; z-index: 1000; display: flex; height: 50px; background: #fff; border-top: 0.5px solid #e5e5e5; font-family: -apple-system, "PingFang SC", "WenQuanYi Zen Hei", sans-serif; }
  .wx-tabbar div { flex: 1; display: flex; align-items: center; justify-content: center; font-size: 14px; }
`;

const appJson = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as {
  tabBar: { color: string; selectedColor: string; list: Array<{ pagePath: string; text: string }> };
  window: { navigationBarTitleText: string };
};
const iconFont = fs.readFileSync(path.join(MINIPROGRAM, 'styles/icon-font.wxss'), 'utf8');
const appWxss = fs.readFileSync(path.join(MINIPROGRAM, 'app.wxss'), 'utf8').replace(/@import\s+"styles\/icon-font\.wxss";/, '');

type TreeNode = {
  $$?: HTMLElement;
  childNodes: TreeNode[];
  shadowRoot?: TreeNode;
  is?: string;
  _vt?: { event?: Record<string, { name: string; handler?: string }>; attrs?: Array<{ name: string; value: unknown }> };
  ownerShadowRoot?: { getHostNode(): TreeNode } | null;
};

/** An attribute as the template set it (wcc hands them over camel-cased, too). */
function attr(node: TreeNode, name: string): unknown {
  const camel = name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return node._vt?.attrs?.find((a) => a.name === name || a.name === camel)?.value;
}

/** The element a custom component's node is written under in the DOM: its tag, or `main` for the page. */
function ownerPrefix(node: TreeNode): string {
  return node.ownerShadowRoot?.getHostNode().$$?.tagName.toLowerCase() ?? 'main';
}

/**
 * Puts on each element what the browser needs and the DOM lacks: inputs' value and placeholder,
 * scroll directions, `hidden`, and `data-tap` on what our templates make tappable.
 */
function annotate(root: TreeNode): void {
  const walk = (node: TreeNode) => {
    const el = node.$$;
    if (el) {
      const tag = el.tagName.toLowerCase();
      const set = (name: string, on: boolean, value = '') => (on ? el.setAttribute(name, value) : el.removeAttribute(name));
      set('data-hidden', attr(node, 'hidden') === true);
      if (tag === 'wx-input' || tag === 'wx-textarea') {
        const value = attr(node, 'value');
        set('data-value', true, value === undefined || value === null ? '' : String(value));
        set('data-placeholder', true, String(attr(node, 'placeholder') ?? ''));
        const placeholderClass = String(attr(node, 'placeholder-class') ?? '').trim();
        set('data-placeholder-class', true, placeholderClass.split(/\s+/).filter(Boolean).map((c) => `${ownerPrefix(node)}--${c}`).join(' '));
        set('data-auto-height', attr(node, 'auto-height') === true);
      }
      if (tag === 'wx-scroll-view') {
        set('data-scroll-x', attr(node, 'scroll-x') === true);
        set('data-scroll-y', attr(node, 'scroll-y') === true);
      }
      const owner = node.ownerShadowRoot?.getHostNode().$$?.tagName.toLowerCase() ?? '';
      const tappable = Object.values(node._vt?.event ?? {}).some((e) => e.handler && ['tap', 'click'].includes(e.name));
      set('data-tap', !owner.startsWith('van-') && tappable);
    }
    if (node.shadowRoot instanceof exparser.Element) walk(node.shadowRoot);
    for (const child of node.childNodes) if (child instanceof exparser.Element) walk(child);
  };
  walk(root);
}

/** Compiled stylesheets by prefix (compiling is slow, and CloudBase Local shares this process's event loop). */
const compiled = new Map<string, string>();
function compiledFor(file: string, css: string, prefix: string): string {
  const key = `${file} ${prefix}`;
  if (!compiled.has(key)) compiled.set(key, simulateUtils.transformRpx(simulateWxss.compile(css, { prefix })));
  return compiled.get(key)!;
}

/** app.wxss (and the page's wxss) as WeChat applies them: to the page and into every vant component (addGlobalClass). */
function globalStyles(pagePath: string, dom: HTMLElement): { app: string; pageIntoVant: string } {
  const vantTags = [...new Set([...dom.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()).filter((t) => t.startsWith('van-')))].sort();
  const pageFile = path.join(MINIPROGRAM, `${pagePath}.wxss`);
  const pageWxss = simulateWxss.getContent(pageFile);
  return {
    app: ['main', ...vantTags].map((prefix) => compiledFor('app.wxss', appWxss, prefix)).join('\n'),
    pageIntoVant: vantTags.map((prefix) => compiledFor(pageFile, pageWxss, prefix)).join('\n'),
  };
}

/** One document for one page: its styles only, the navigation bar, the tab bar on a tab page. */
export function documentOf(page: Rendered, pagePath: string, phone: Phone = current): string {
  const loaded = loadedAs(page);
  if (!loaded) throw new Error('a page rendered by render() is needed');
  const dom = page.dom as HTMLElement;
  annotate((page as unknown as { _exparserNode: TreeNode })._exparserNode);
  const own = document.head.querySelector(`style#${loaded.id}`)?.innerHTML ?? '';
  const { app, pageIntoVant } = globalStyles(pagePath, dom);
  const json = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, `${pagePath}.json`), 'utf8')) as { navigationBarTitleText?: string };
  const title = json.navigationBarTitleText ?? appJson.window.navigationBarTitleText;
  const tabs = appJson.tabBar.list.some((t) => t.pagePath === pagePath)
    ? `<nav class="wx-tabbar">${appJson.tabBar.list.map((t) => `<div style="color:${t.pagePath === pagePath ? appJson.tabBar.selectedColor : appJson.tabBar.color}">${t.text}</div>`).join('')}</nav>`
    : '';
  const body = dom.cloneNode(true) as HTMLElement;
  // Inputs as WeChat draws them: the value, else the placeholder in its class.
  for (const input of body.querySelectorAll('wx-input, wx-textarea')) {
    const value = input.getAttribute('data-value') ?? '';
    const span = document.createElement('span');
    if (value) span.textContent = value;
    else {
      span.textContent = input.getAttribute('data-placeholder') ?? '';
      span.className = `wx-placeholder ${input.getAttribute('data-placeholder-class') ?? ''}`;
    }
    input.replaceChildren(span);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=${phone.width}">
<style>${BASE(phone)}</style><style>${iconFont}</style><style>${app}</style><style>${own}</style><style>${pageIntoVant}</style></head>
<body><header class="wx-nav">${title}</header><page style="min-height:${HEIGHT - 44 - (tabs ? 50 : 0)}px">${body.outerHTML}</page>${tabs}</body></html>`;
}

/** Network is off: the page must not need a CDN (vant's own icon stylesheet points at one). */
async function offline(tab: Page): Promise<void> {
  await tab.route('**/*', (route) => route.abort());
}

let measuring: Page | null = null;
const rootOf = new WeakMap<Node, { page: Rendered; pagePath: string }>();
let pending = 0;
let lastQuery = 0;

type QueueItem = { selector: string; exparserNode: (TreeNode & { shadowRoot: { querySelector(s: string): TreeNode | null; querySelectorAll(s: string): TreeNode[] } }) | 0; isSelectSingle: boolean; fields: Record<string, unknown> };
type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number; scrollLeft: number; scrollTop: number };

/** One measurement at a time: the measuring tab holds one document, and vant asks two queries at once. */
let inLine: Promise<unknown> = Promise.resolve();
function measure(elements: HTMLElement[]): Promise<Rect[]> {
  const next = inLine.then(() => measureNow(elements));
  inLine = next.catch(() => undefined);
  return next;
}

/** Sizes of `elements` as Chromium lays out the page they are on, as it is now. */
async function measureNow(elements: HTMLElement[]): Promise<Rect[]> {
  const zero = { left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0, scrollLeft: 0, scrollTop: 0 };
  if (!measuring || elements.length === 0) return elements.map(() => zero);
  let top: Node = elements[0]!;
  while (top.parentNode) top = top.parentNode;
  const root = rootOf.get(top);
  if (!root) return elements.map(() => zero);
  elements.forEach((e, i) => e.setAttribute('data-measure', String(i)));
  const html = documentOf(root.page, root.pagePath);
  elements.forEach((e) => e.removeAttribute('data-measure'));
  const size = measuring.viewportSize();
  if (size?.width !== current.width) await measuring.setViewportSize({ width: current.width, height: HEIGHT });
  await measuring.setContent(html);
  return measuring.evaluate((count) => {
    const out = [];
    for (let i = 0; i < count; i++) {
      const el = document.querySelector(`[data-measure="${i}"]`);
      const r = el?.getBoundingClientRect();
      // The page starts below the navigation bar, as a page's coordinates do in WeChat.
      const nav = document.querySelector('.wx-nav')!.getBoundingClientRect().height;
      out.push(r ? { left: r.left, right: r.right, top: r.top - nav, bottom: r.bottom - nav, width: r.width, height: r.height, scrollLeft: el!.scrollLeft, scrollTop: el!.scrollTop } : { left: 0, right: 0, top: 0, bottom: 0, width: 0, height: 0, scrollLeft: 0, scrollTop: 0 });
    }
    return out;
  }, elements.length);
}

/**
 * Answers every createSelectorQuery with Chromium's layout (j-component's own answers zeros: jsdom
 * lays nothing out), and tells vant the phone is 375 × 667.
 */
export async function installPhone(browser: Browser): Promise<void> {
  measuring = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT } });
  await offline(measuring);
  const wx = (global as unknown as { wx: Record<string, unknown> }).wx;
  const info = () => ({ windowWidth: current.width, windowHeight: HEIGHT - 44, screenWidth: current.width, screenHeight: HEIGHT, pixelRatio: 2, platform: 'ios', statusBarHeight: 20, SDKVersion: '3.0.0', version: '8.0.50', fontSizeSetting: 16 * current.font });
  wx.getSystemInfoSync = info;
  wx.getWindowInfo = info;
  wx.getAppBaseInfo = info;
  const SelectorQuery = require('j-component/src/tool/selectorquery.js') as { prototype: { exec(cb?: (r: unknown[]) => void): void; _queue: QueueItem[]; _queueCallback: Array<((r: unknown) => void) | null> } };
  SelectorQuery.prototype.exec = function (this: { _queue: QueueItem[]; _queueCallback: Array<((r: unknown) => void) | null> }, callback?: (r: unknown[]) => void) {
    const queue = this._queue;
    const callbacks = this._queueCallback;
    this._queue = [];
    this._queueCallback = [];
    pending++;
    lastQuery = Date.now();
    void (async () => {
      // Let render() return, so the page is known, before the query is answered (WeChat answers later, too).
      await new Promise((r) => setTimeout(r, 0));
      const found = queue.map((item) => {
        if (item.exparserNode === 0) return null;
        const shadowRoot = item.exparserNode.shadowRoot;
        return (item.isSelectSingle ? [shadowRoot.querySelector(item.selector)] : shadowRoot.querySelectorAll(item.selector)).filter((n): n is TreeNode => !!n);
      });
      const elements = found.flatMap((nodes) => (nodes ?? []).map((n) => n.$$!));
      const rects = await measure(elements);
      let next = 0;
      const results = queue.map((item, i) => {
        const nodes = found[i];
        if (!nodes) return { id: '', dataset: {}, left: 0, right: current.width, top: 0, bottom: HEIGHT - 44, width: current.width, height: HEIGHT - 44, scrollLeft: 0, scrollTop: 0 };
        const answers = nodes.map((n) => {
          const r = rects[next++]!;
          const out: Record<string, unknown> = {};
          const f = item.fields;
          if (f.id) out.id = (n as unknown as { id?: string }).id ?? '';
          if (f.dataset) out.dataset = { ...((n as unknown as { dataset?: object }).dataset ?? {}) };
          if (f.rect) Object.assign(out, { left: r.left, right: r.right, top: r.top, bottom: r.bottom });
          if (f.size) Object.assign(out, { width: r.width, height: r.height });
          if (f.scrollOffset) Object.assign(out, { scrollLeft: r.scrollLeft, scrollTop: r.scrollTop });
          if (Array.isArray(f.properties)) for (const p of f.properties as string[]) out[p] = (n as unknown as { data?: Record<string, unknown> }).data?.[p];
          return out;
        });
        return item.isSelectSingle ? (answers[0] ?? null) : answers;
      });
      results.forEach((r, i) => callbacks[i]?.(r));
      callback?.(results);
    })()
      .catch((e: Error) => console.error(e))
      .finally(() => {
        pending--;
        lastQuery = Date.now();
      });
  };
}

type LifeNode = TreeNode & { triggerLifeTime(name: string): void };
/** Components that have had their `ready` lifetime. */
const readied = new WeakSet<TreeNode>();
function eachNode(root: TreeNode, visit: (node: LifeNode) => void): void {
  visit(root as LifeNode);
  if (root.shadowRoot instanceof exparser.Element) eachNode(root.shadowRoot, visit);
  for (const child of root.childNodes) if (child instanceof exparser.Element) eachNode(child, visit);
}

/**
 * WeChat runs `ready` for every component once it is first rendered; j-component runs it only for the
 * nodes there at attach time, so components that appear later (the form after loading) never get it —
 * vant's grid items then never learn their column count. This gives them theirs.
 */
function readyNewComponents(page: Rendered): void {
  eachNode((page as unknown as { _exparserNode: TreeNode })._exparserNode, (node) => {
    if (readied.has(node)) return;
    readied.add(node);
    if (typeof node.triggerLifeTime === 'function') node.triggerLifeTime('ready');
  });
}

/** Remember which page a rendered tree belongs to, for the layout of its queries. */
export function onPhone(page: Rendered, pagePath: string): void {
  let top: Node = page.dom as HTMLElement;
  while (top.parentNode) top = top.parentNode;
  rootOf.set(top, { page, pagePath });
  // Attached just now: j-component has run `ready` for all of these.
  eachNode((page as unknown as { _exparserNode: TreeNode })._exparserNode, (node) => readied.add(node));
}

/** Wait until no query is waiting for a layout and none came for a moment (tabs settle after measuring). */
export async function settled(): Promise<void> {
  const start = Date.now();
  while (pending > 0 || Date.now() - lastQuery < 150) {
    if (Date.now() - start > 10_000) throw new Error('the page kept measuring itself for 10 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface Problem {
  kind: 'contrast' | 'tap-size' | 'clipped' | 'split' | 'phone';
  what: string;
}

export interface Checked {
  problems: Problem[];
  texts: number;
  targets: number;
  controls: number;
  phones: number;
}

/**
 * Runs in the page: every visible text against the colours behind it (WCAG 2 relative luminance;
 * 3:1 for text at 24 px, or 18.66 px bold, and up; disabled controls are exempt as WCAG allows), and
 * every tap target — what our templates bind a tap to, and the parts of vant's controls a finger hits —
 * at least 44 × 44 px.
 */
export function checkInBrowser(): Checked {
  const problems: Problem[] = [];
  let texts = 0;
  let checkedTargets = 0;
  const parse = (c: string): number[] => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i]! * top[3]! + bottom[i]! * (1 - top[3]!)).concat(1);
  const lum = (c: number[]) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const ratio = (a: number[], b: number[]) => {
    const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (l1! + 0.05) / (l2! + 0.05);
  };
  const hex = (c: number[]) => `#${c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  const visible = (el: Element) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }
    return true;
  };
  const background = (el: Element): number[] | null => {
    const layers: number[][] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null;
      const bg = parse(s.backgroundColor);
      if (bg[3]! > 0) layers.push(bg);
      if (bg[3] === 1) break;
    }
    return layers.reduceRight((under, layer) => over(layer, under), [255, 255, 255, 1]);
  };
  const describe = (el: Element) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`.slice(0, 120);
  for (const el of document.querySelectorAll('page *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent!.trim()).join('').trim();
    if (!own || !visible(el)) continue;
    if (el.closest('[class*="--disabled"]')) continue;
    const s = getComputedStyle(el);
    const bg = background(el);
    if (!bg) continue;
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    const fg = parse(s.color);
    const seen = over([fg[0]!, fg[1]!, fg[2]!, fg[3]! * opacity], bg);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    const need = large ? 3 : 4.5;
    const got = ratio(seen, bg);
    texts++;
    if (got < need) problems.push({ kind: 'contrast', what: `「${own.slice(0, 20)}」 ${hex(seen)} on ${hex(bg)}: ${got.toFixed(2)}:1 < ${need}:1 (${describe(el)})` });
  }
  // vant's parts a finger taps (host components with a bind:click carry data-tap already).
  const VANT_TARGETS = ['van-tab', 'van-radio', 'van-checkbox', 'van-rate__item', 'van-popup__close-icon', 'van-action-sheet__item', 'van-action-sheet__cancel', 'van-dialog__button', 'van-cell--clickable', 'van-uploader__upload', 'van-stepper__minus', 'van-stepper__plus', 'van-switch'];
  // simulate writes a component's class `x` as `<its tag>--x`: van-cell's `van-cell--clickable` is `van-cell--van-cell--clickable`.
  const isVantTarget = (el: Element) => [...el.classList].some((c) => VANT_TARGETS.some((t) => c.endsWith(`--${t}`) && /^[a-z][a-z0-9-]*$/.test(c.slice(0, -(t.length + 2))) && !c.slice(0, -(t.length + 2)).includes('--')));
  const targets = [...document.querySelectorAll('page [data-tap], page *')].filter((el, i, all) => all.indexOf(el) === i && (el.hasAttribute('data-tap') || isVantTarget(el)));
  for (const el of targets) {
    if (!visible(el) && !(el.firstElementChild && visible(el.firstElementChild))) continue;
    // A component's host is inline around its content: the content is what is tapped.
    const box = getComputedStyle(el).display === 'inline' && el.firstElementChild ? el.firstElementChild : el;
    const r = box.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    checkedTargets++;
    if (r.width < 43.5 || r.height < 43.5) problems.push({ kind: 'tap-size', what: `「${(el.textContent ?? '').trim().slice(0, 20) || el.getAttribute('aria-label') || ''}」 ${Math.round(r.width)} × ${Math.round(r.height)} px (${describe(el)})` });
  }
  // Words a person reads on a control — a tab's title, a button's label, a chip — are whole: never
  // cut off or ellipsised by a box too small for them ('clipped'), never broken over two lines
  // (「拨/打」, 「处…」: 'split'). A button too long for its row moves to the next row instead.
  const CONTROLS = ['van-tab', 'van-button', 'chip', 'category'];
  const isControl = (el: Element) => el.tagName === 'WX-BUTTON' || [...el.classList].some((c) => CONTROLS.some((t) => c.endsWith(`--${t}`) && !c.slice(0, -(t.length + 2)).includes('--')));
  const textNodes = (root: Element): Text[] => {
    const out: Text[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent!.trim() && n.parentElement && visible(n.parentElement) && !n.parentElement.closest('wx-input, wx-textarea')) out.push(n as Text);
    return out;
  };
  const rangeOf = (node: Text, start = 0, end = node.length) => {
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    return range;
  };
  /** Lines a piece of text is laid out on (its boxes' distinct vertical centres). */
  const lines = (range: Range) => {
    const centres: number[] = [];
    for (const r of range.getClientRects()) {
      if (r.width < 0.5) continue;
      const c = (r.top + r.bottom) / 2;
      if (!centres.some((x) => Math.abs(x - c) < r.height / 2)) centres.push(c);
    }
    return centres.length;
  };
  /** The ancestor (up to `stop`) that hides part of the text: overflow not visible, and the text past its edges or its content wider than it. */
  const clipper = (node: Text, range: Range, stop: Element | null): Element | null => {
    const r = range.getBoundingClientRect();
    for (let e: Element | null = node.parentElement; e && e !== document.body; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.overflowX !== 'visible' || s.textOverflow === 'ellipsis') {
        const box = e.getBoundingClientRect();
        const ellipsised = s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1;
        const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
        if (ellipsised || (!scrolls && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1))) return e;
      }
      if (e === stop) break;
    }
    return null;
  };
  let checkedControls = 0;
  for (const control of [...document.querySelectorAll('page *')].filter(isControl)) {
    if (!visible(control) || control.parentElement?.closest('[class$="--van-button"], wx-button')) continue;
    const nodes = textNodes(control);
    if (nodes.length === 0) continue;
    checkedControls++;
    for (const node of nodes) {
      const words = node.textContent!.trim();
      const range = rangeOf(node);
      const hiding = clipper(node, range, control);
      if (hiding) problems.push({ kind: 'clipped', what: `「${words.slice(0, 20)}」 is cut off by ${describe(hiding)} (${describe(control)})` });
      else if (lines(range) > 1) problems.push({ kind: 'split', what: `「${words.slice(0, 20)}」 is broken over ${lines(range)} lines (${describe(control)})` });
    }
  }
  // Phone numbers, written out or masked (138****5678, 0571-88886666, 400-800-1234): on one line, whole.
  const PHONE = /(?:1[3-9]\d[\d*]{4}\d{4}|0\d{2,3}-\d{7,8}|400-?\d{3}-?\d{4}|\d{7,8})(?![\d*])/g;
  let phones = 0;
  for (const node of textNodes(document.querySelector('page') ?? document.body)) {
    for (const m of node.textContent!.matchAll(PHONE)) {
      phones++;
      const range = rangeOf(node, m.index, m.index + m[0].length);
      const hiding = clipper(node, range, null);
      if (hiding) problems.push({ kind: 'phone', what: `${m[0]} is cut off by ${describe(hiding)}` });
      else if (lines(range) > 1) problems.push({ kind: 'phone', what: `${m[0]} is broken over ${lines(range)} lines (${describe(node.parentElement!)})` });
    }
  }
  return { problems, texts, targets: checkedTargets, controls: checkedControls, phones };
}

/**
 * On another phone, vant's tabs measure their titles again (in WeChat they do on a resize), so the
 * line under the chosen tab sits under it on this phone too.
 */
function remeasure(page: Rendered): void {
  const getMethodCaller = (exparser as unknown as { Element: { getMethodCaller(n: TreeNode): { resize?: () => void } | null } }).Element.getMethodCaller;
  eachNode((page as unknown as { _exparserNode: TreeNode })._exparserNode, (node) => {
    if (!node.is?.endsWith('tabs/index')) return;
    getMethodCaller(node)?.resize?.();
  });
}

/** Lay the page out on a fresh tab, check it, and photograph it (on `phone`, optimised when optipng is there). */
export async function photograph(browser: Browser, page: Rendered, pagePath: string, file: string, phone: Phone = STANDARD): Promise<Checked> {
  readyNewComponents(page);
  if (phone !== current) {
    current = phone;
    remeasure(page);
  }
  await settled();
  const tab = await browser.newPage({ viewport: { width: phone.width, height: HEIGHT }, deviceScaleFactor: 1 });
  try {
    await offline(tab);
    const html = documentOf(page, pagePath, phone);
    // PHONE_DUMP=dir keeps each page's document, to open it in a browser and see why it looks as it does.
    if (process.env.PHONE_DUMP) fs.writeFileSync(path.join(process.env.PHONE_DUMP, `${path.basename(file, '.png')}.html`), html);
    await tab.setContent(html);
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
    const checked = await tab.evaluate(checkInBrowser);
    await tab.screenshot({ path: file, fullPage: true });
    spawnSync('optipng', ['-quiet', '-o2', file]);
    return checked;
  } finally {
    await tab.close();
  }
}
