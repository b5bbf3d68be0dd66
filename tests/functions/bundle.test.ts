// The functions' bundles: SDKs stay external (installed by the cloud from each package.json) and
// zod's unused message locales stay out (cold starts grow with bundle size, wechat-platform.md).
import fs from 'fs';
import path from 'path';

// Built by tests/global-setup.js with scripts/build.js, as `npm start` and deployment build it.
const api = fs.readFileSync(path.resolve(__dirname, '../../cloudfunctions/api/index.js'), 'utf8');

it('keeps the SDKs external', () => {
  expect(api).toMatch(/require\("wx-server-sdk"\)/);
  expect(api).toMatch(/require\("@cloudbase\/node-sdk"\)/);
});

it("bundles zod's English messages only", () => {
  expect(api).toContain('Invalid input');
  // ASCII words of the French and German messages (esbuild escapes accented letters in its output).
  expect(api).not.toContain('attendu');
  expect(api).not.toContain('erwartet');
});
