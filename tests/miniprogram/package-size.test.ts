// The mini-program's packages against WeChat's limits (wechat-platform.md), counted as uploaded.
import { packageSizes } from '../../scripts/package-size';

it('keeps the main package within its 1.5 MB budget and every package under 2 MB, with staff pages in their subpackage', () => {
  const { sizes, files } = packageSizes();
  expect(sizes.main).toBeLessThanOrEqual(1.5 * 1024 * 1024);
  for (const bytes of Object.values(sizes)) expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
  expect(sizes.staff).toBeGreaterThan(0);
  // Only what the pages reach is uploaded: vant components nobody uses stay out.
  expect(files).toContain('miniprogram_npm/@vant/weapp/steps/index.js');
  expect(files).not.toContain('miniprogram_npm/@vant/weapp/calendar/index.js');
  // Types are erased: the contract's zod schemas never ship.
  expect(files.some((f) => f.includes('typings') || f.includes('domain'))).toBe(false);
});
