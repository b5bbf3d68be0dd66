// WCAG 2.x contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): the relative luminance of two
// colours, as (lighter + 0.05) / (darker + 0.05). AA asks 4.5:1 for text and 3:1 for large text and
// for the parts of a control a person must see to use it (1.4.3, 1.4.11).

export const AA_TEXT = 4.5;
export const AA_GRAPHICS = 3;

export type Rgba = { r: number; g: number; b: number; a: number };

/** #rgb, #rrggbb, #rrggbbaa, rgb() or rgba(); null for what has no colour of its own (transparent, inherit…). */
export function parseColor(value: string): Rgba | null {
  const v = value.trim().toLowerCase();
  if (v === 'white') return { r: 255, g: 255, b: 255, a: 1 };
  if (v === 'black') return { r: 0, g: 0, b: 0, a: 1 };
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(v)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const n = (i: number) => parseInt(full.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: full.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(v);
  if (fn) return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: fn[4] === undefined ? 1 : Number(fn[4]) };
  return null;
}

/** A translucent colour as it shows over an opaque one. */
export function over(top: Rgba, below: Rgba): Rgba {
  const mix = (a: number, b: number) => a * top.a + b * (1 - top.a);
  return { r: mix(top.r, below.r), g: mix(top.g, below.g), b: mix(top.b, below.b), a: 1 };
}

function luminance({ r, g, b }: Rgba): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** The contrast ratio (1–21) of a foreground over a background; a translucent foreground is blended first. */
export function contrastRatio(foreground: string | Rgba, background: string | Rgba): number {
  const bg = typeof background === 'string' ? parseColor(background) : background;
  const fg = typeof foreground === 'string' ? parseColor(foreground) : foreground;
  if (!bg || !fg) throw new Error(`not a colour: ${JSON.stringify(!fg ? foreground : background)}`);
  const solidBg = bg.a < 1 ? over(bg, { r: 255, g: 255, b: 255, a: 1 }) : bg;
  const [a, b] = [luminance(fg.a < 1 ? over(fg, solidBg) : fg), luminance(solidBg)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
