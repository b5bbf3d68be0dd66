// The functions' bundles: SDKs stay external (installed by the cloud from each package.json) and
// zod's unused message locales stay out (cold starts grow with bundle size, wechat-platform.md).
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '../..');
const { buildFunctions } = require(path.join(root, 'scripts/build.js')) as { buildFunctions(root: string): Promise<string[]> };

let api = '';
beforeAll(async () => {
  await buildFunctions(root);
  api = fs.readFileSync(path.join(root, 'cloudfunctions/api/index.js'), 'utf8');
});

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
