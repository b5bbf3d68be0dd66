// The layering rules must actually fire: a handler importing a handler, and a page calling the cloud
// itself, are reported; the same code where it belongs is not.
import { ESLint } from 'eslint';
import path from 'path';

// The config is passed in rather than discovered: Jest's VM cannot dynamic-import eslint.config.js.
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..'), overrideConfigFile: true, overrideConfig: require('../../eslint.config.js') });

async function rules(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../..', file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('handlers never import handlers', () => {
  it('reports a handler importing a sibling handler', async () => {
    expect(await rules("import { detail } from './read';\nexport const x = detail;\n", 'server/handlers/__probe__.ts')).toContain('no-restricted-imports');
  });
  it('allows a handler importing a shared server module, and server modules importing each other', async () => {
    expect(await rules("import { canSee } from '../access';\nexport const x = canSee;\n", 'server/handlers/__probe__.ts')).toEqual([]);
    expect(await rules("import { canSee } from './access';\nexport const x = canSee;\n", 'server/__probe__.ts')).toEqual([]);
  });
});

describe('only services/ call the cloud', () => {
  it.each([
    ['wx.cloud', 'export const f = () => wx.cloud.callFunction({ name: "api" });\n'],
    ['wx.request', 'export const f = () => wx.request({ url: "http://127.0.0.1" });\n'],
    ['wx.uploadFile', 'export const f = () => wx.uploadFile({ url: "u", filePath: "p", name: "f" });\n'],
  ])('reports a page using %s', async (_what, code) => {
    expect(await rules(code, 'miniprogram/pages/__probe__/index.ts')).toContain('no-restricted-properties');
  });
  it('allows the same in miniprogram/services/', async () => {
    expect(await rules('export const f = () => wx.cloud.callFunction({ name: "api" });\n', 'miniprogram/services/__probe__.ts')).toEqual([]);
  });
});

describe('CloudBase Local imports nothing of the product', () => {
  it.each([
    ["import { collections } from '../database/schema';\nexport const x = collections;\n", 'cloudbase-local/__probe__.ts'],
    ["import { DEFAULT_POLICY } from '../../domain/policy';\nexport const x = DEFAULT_POLICY;\n", 'cloudbase-local/console/__probe__.ts'],
    ["export { chosenPort } from '../../scripts/start';\n", 'cloudbase-local/console/__probe__.ts'],
    ["import { x } from '../../../server/access';\nexport const y = x;\n", 'cloudbase-local/console/assets/__probe__.ts'],
  ])('reports %s', async (code, file) => {
    expect(await rules(code, file)).toContain('no-restricted-imports');
  });
  it('reports a require that climbs out of the package', async () => {
    expect(await rules("const net = require('../../scripts/local-net');\nmodule.exports = net;\n", 'cloudbase-local/functions/__probe__.js')).toContain('no-restricted-syntax');
  });
  it('allows its own modules, at any depth, and packages', async () => {
    expect(await rules("import { planQuery } from '../database/plan';\nimport { EJSON } from 'bson';\nexport const x = [planQuery, EJSON];\n", 'cloudbase-local/console/__probe__.ts')).toEqual([]);
    expect(await rules("import { Store } from './database/store';\nexport const x = Store;\n", 'cloudbase-local/__probe__.ts')).toEqual([]);
  });
});
