// Colour contrast at WCAG AA, computed from the stylesheets the package ships (issue 16 §3): our own
// pages and components, app.wxss, and the vant components the pages use, with vant's variables
// resolved the way the phone resolves them (app.wxss's value, else vant's own fallback).
import fs from 'fs';
import path from 'path';
import { packageSizes } from '../../scripts/package-size';
import { AA_GRAPHICS, AA_TEXT, contrastRatio, parseColor } from '../support/contrast';

const ROOT = path.resolve(__dirname, '../../miniprogram');

type Rule = { file: string; selector: string; decls: Map<string, string> };

function rulesOf(file: string): Rule[] {
  const css = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  return [...css.matchAll(/([^{}@;]+)\{([^{}]*)\}/g)].map((m) => ({
    file,
    selector: m[1]!.trim(),
    decls: new Map(
      m[2]!
        .split(';')
        .map((d) => d.split(/:(.*)/s).map((s) => s.trim()))
        .filter((d) => d[0] && d[1])
        .map((d) => [d[0]!, d[1]!.replace(/\s*!important$/, '')]),
    ),
  }));
}

const shipped = packageSizes().files.filter((f) => f.endsWith('.wxss'));
const ours = shipped.filter((f) => !f.startsWith('miniprogram_npm/'));
const vant = shipped.filter((f) => f.startsWith('miniprogram_npm/@vant/'));
/** The custom properties app.wxss sets on `page` (inherited by every page and component). */
const theme = new Map(ours.includes('app.wxss') ? rulesOf('app.wxss').filter((r) => r.selector === 'page').flatMap((r) => [...r.decls].filter(([k]) => k.startsWith('--'))) : []);

/** A value with its var() references replaced: app.wxss's value, else the fallback written in place. */
function resolve(value: string, seen: string[] = []): string {
  const at = value.indexOf('var(');
  if (at < 0) return value.trim();
  let depth = 0;
  let end = at + 4;
  for (; end < value.length; end++) {
    if (value[end] === '(') depth++;
    else if (value[end] === ')' && depth-- === 0) break;
  }
  const inner = value.slice(at + 4, end);
  const comma = inner.indexOf(',');
  const name = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  if (seen.includes(name)) throw new Error(`circular ${name}`);
  const replacement = theme.has(name) ? resolve(theme.get(name)!, [...seen, name]) : comma < 0 ? '' : resolve(inner.slice(comma + 1), seen);
  return resolve(value.slice(0, at) + replacement + value.slice(end + 1), seen);
}

const colourOf = (value: string | undefined): string | null => {
  if (!value) return null;
  const v = resolve(value);
  return parseColor(v) ? v : null;
};
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as { tabBar: { color: string; selectedColor: string; backgroundColor: string } };
const SURFACES = ['#ffffff', '#f7f8fa']; // cards and cells; the page behind them (app.json window)

/** vant rules whose text sits on a background another rule of the same component paints. */
const DRAWN_ON: Record<string, string[]> = {
  // A tag's white text is on .van-tag; its fill is on the type (plain tags: the type's colour on white).
  '.van-tag': ['.van-tag--default', '.van-tag--primary', '.van-tag--success', '.van-tag--danger', '.van-tag--warning'],
  // The spinner and the message of a photo still uploading are drawn on its dark mask.
  '.van-uploader__loading': ['.van-uploader__mask'],
  // The cross is drawn over the dark corner of the photo's :after.
  '.van-uploader__preview-delete-icon': ['.van-uploader__preview-delete:after'],
};

/** Selectors whose colour app.wxss sets itself (with !important), replacing vant's. */
const overridden = new Set(ours.includes('app.wxss') ? rulesOf('app.wxss').filter((r) => r.decls.has('color')).map((r) => r.selector) : []);

/**
 * Every text colour a rule declares, over the background the same rule declares, else over the
 * surfaces it sits on. States that WCAG does not hold to contrast are left out: disabled controls,
 * and the moment a finger is down (:active).
 */
function textPairs(files: string[]): Array<{ where: string; fg: string; bg: string }> {
  return files.flatMap((file) =>
    rulesOf(file)
      .filter((r) => !/disabled|:active|--active|hover/.test(r.selector) && !(file !== 'app.wxss' && overridden.has(r.selector)))
      .flatMap((r, _, all) => {
        const fg = colourOf(r.decls.get('color'));
        if (!fg) return [];
        const backgroundOf = (rule: Rule | undefined) => colourOf(rule?.decls.get('background-color') ?? rule?.decls.get('background'));
        const elsewhere = DRAWN_ON[r.selector]?.map((s) => backgroundOf(all.find((o) => o.selector === s)) ?? `none in ${s}`);
        const own = backgroundOf(r);
        return (elsewhere ?? (own ? [own] : SURFACES)).map((b) => ({ where: `${file} ${r.selector}`, fg, bg: b }));
      }),
  );
}

const failing = (pairs: Array<{ where: string; fg: string; bg: string }>, min: number) =>
  pairs.map((p) => ({ ...p, ratio: Number(contrastRatio(p.fg, p.bg).toFixed(2)) })).filter((p) => p.ratio < min);

describe('contrast ratio', () => {
  it('is WCAG’s: 21 for black on white, 1 for a colour on itself, the same either way round', () => {
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1a66cc', '#1a66cc')).toBeCloseTo(1, 5);
    expect(contrastRatio('#fff', '#07c160')).toBeCloseTo(contrastRatio('#07c160', '#fff'), 10);
    // The two pairs issue 16 found failing: vant's grey text, and white on vant's green buttons.
    expect(contrastRatio('#969799', '#ffffff')).toBeLessThan(AA_TEXT);
    expect(contrastRatio('#ffffff', '#07c160')).toBeLessThan(AA_TEXT);
    // A translucent overlay is blended over what is behind it first.
    expect(contrastRatio('#fff', 'rgba(0,0,0,.7)')).toBeGreaterThan(AA_TEXT);
  });
});

describe('the shipped stylesheets', () => {
  it('set every text colour in our pages and components at 4.5:1 or more', () => {
    expect(ours.length).toBeGreaterThan(10);
    // A colour that resolves to nothing (a misspelt variable) would otherwise escape the check.
    const unresolved = ours.flatMap((f) => rulesOf(f).filter((r) => r.decls.has('color') && !colourOf(r.decls.get('color')) && !/^(inherit|currentcolor|transparent)$/i.test(r.decls.get('color')!)).map((r) => `${f} ${r.selector}`));
    expect(unresolved).toEqual([]);
    expect(failing(textPairs(ours), AA_TEXT)).toEqual([]);
  });

  it('leave no vant text below 4.5:1 once app.wxss has set its colours', () => {
    expect(vant.length).toBeGreaterThan(10);
    expect(failing(textPairs(vant), AA_TEXT)).toEqual([]);
  });
});

describe('the controls and the tab bar', () => {
  it('label the tab bar at 4.5:1, chosen or not', () => {
    expect(contrastRatio(app.tabBar.color, app.tabBar.backgroundColor)).toBeGreaterThanOrEqual(AA_TEXT);
    expect(contrastRatio(app.tabBar.selectedColor, app.tabBar.backgroundColor)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('outline what a person must see to use at 3:1 (a radio’s ring, a button’s border)', () => {
    for (const outline of ['var(--radio-border-color,#c8c9cc)', 'var(--button-default-border-color,#ebedf0)']) {
      for (const surface of SURFACES) expect({ outline, ratio: contrastRatio(resolve(outline), surface) >= AA_GRAPHICS }).toEqual({ outline, ratio: true });
    }
  });
});

describe('one accent colour', () => {
  /** Colours with a hue (not a grey): chroma above what a grey's rounding leaves. */
  const chromatic = (hex: string) => {
    const c = parseColor(hex)!;
    return Math.max(c.r, c.g, c.b) - Math.min(c.r, c.g, c.b) > 24;
  };

  it('names no colour with a hue outside app.wxss, where the accent and the state colours are defined once', () => {
    const accent = resolve('var(--accent)');
    expect(parseColor(accent)).not.toBeNull();
    const sources = [...ours.filter((f) => f !== 'app.wxss' && !f.startsWith('styles/')), ...packageSizes().files.filter((f) => !f.startsWith('miniprogram_npm/') && f.endsWith('.wxml'))];
    const named = sources.flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/#[0-9a-f]{6}\b|#[0-9a-f]{3}\b/gi)].filter((m) => chromatic(m[0])).map((m) => `${f}: ${m[0]}`));
    expect(named).toEqual([]);
    expect(app.tabBar.selectedColor.toLowerCase()).toBe(accent.toLowerCase());
  });
});
