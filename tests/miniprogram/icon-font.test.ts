// vant's icons (the arrows on cells, the radio's check, the stars, the camera on 添加照片) come from an
// icon font its stylesheet loads from a CDN; where that CDN is slow or blocked they are blank squares
// (issue 16 §3). The app ships the font inside the main package instead and points vant at it.
import fs from 'fs';
import path from 'path';
import { packageSizes } from '../../scripts/package-size';

const ROOT = path.resolve(__dirname, '../../miniprogram');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const { files, sizes, mainBudget } = packageSizes();

it('points vant’s icons at a font inside the package, not at a network address', () => {
  // vant draws every icon in the family this variable names.
  expect(read('miniprogram_npm/@vant/weapp/icon/index.wxss')).toContain('var(--van-icon-font-family,"vant-icon")');
  expect(files).toContain('app.wxss');
  const family = /--van-icon-font-family:\s*'([^']+)'/.exec(read('app.wxss'))?.[1];
  expect(family).toBeTruthy();

  // The @font-face for that family is in a stylesheet the package uploads, with the font inline.
  const faces = files
    .filter((f) => f.endsWith('.wxss'))
    .flatMap((f) => [...read(f).matchAll(/@font-face\s*\{([^}]*)\}/g)].map((m) => ({ file: f, body: m[1]! })))
    .filter((face) => face.body.includes(`'${family}'`));
  expect(faces).toHaveLength(1);
  const src = /src:\s*url\('([^']+)'\)/.exec(faces[0]!.body)?.[1] ?? '';
  // Inline (a data: URL), not an address: WXSS loads a font only from the network or inline.
  expect(src.slice(0, src.indexOf(','))).toBe('data:font/woff2;charset=utf-8;base64');
  const font = Buffer.from(src.slice(src.indexOf('base64,') + 7), 'base64');
  expect(font.subarray(0, 4).toString('latin1')).toBe('wOF2');
});

it('keeps the main package in its budget with the font inside it', () => {
  expect(files).toContain('styles/icon-font.wxss');
  expect(sizes.main).toBeLessThanOrEqual(mainBudget);
});
