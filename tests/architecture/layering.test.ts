// The layering rules must actually fire: the kernel importing a module, an import cycle, and a page
// calling the cloud itself are reported; the same code where it belongs is not.
import { execSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { ESLint } from 'eslint';
import ts from 'typescript';

// The config is passed in rather than discovered: Jest's VM cannot dynamic-import eslint.config.js.
const eslint = new ESLint({ cwd: path.resolve(__dirname, '../..'), overrideConfigFile: true, overrideConfig: require('../../eslint.config.js') });

async function rules(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(__dirname, '../..', file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the kernel knows no module', () => {
  it('reports server/kernel/ importing a module above it', async () => {
    expect(await rules("import { detail } from '../complaints/read';\nexport const x = detail;\n", 'server/kernel/__probe__.ts')).toContain('no-restricted-imports');
    expect(await rules("import { handle } from '../api';\nexport const x = handle;\n", 'server/kernel/__probe__.ts')).toContain('no-restricted-imports');
  });
  it('allows a module importing the kernel, and the kernel importing itself', async () => {
    expect(await rules("import { canSee } from '../kernel/access';\nexport const x = canSee;\n", 'server/complaints/__probe__.ts')).toEqual([]);
    expect(await rules("import { canSee } from './access';\nexport const x = canSee;\n", 'server/kernel/__probe__.ts')).toEqual([]);
  });
});

describe('no import cycle', () => {
  // The rule follows real files, so the probe is two files on disk that import each other.
  const dir = path.resolve(__dirname, '../../server/__cycle_probe__');
  beforeAll(() => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = (): unknown => b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport const b = (): unknown => a;\n");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports two modules importing each other', async () => {
    expect(await rules(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), 'server/__cycle_probe__/a.ts')).toContain('import-x/no-cycle');
  });

  it('finds none in the code, type-only imports included', () => {
    // The emulator's one (its app seam names the database module's type) goes with its packaging (issue 31.2).
    expect(importCycles()).toEqual([['cloudbase-local/app.ts', 'cloudbase-local/database/actions.ts', 'cloudbase-local/database/store.ts']]);
  });
});

/** Every set of source files that import one another round (strongly connected), type imports included — the lint rule sees only runtime imports. */
function importCycles(): string[][] {
  const root = path.resolve(__dirname, '../..');
  const files = execSync('git ls-files "*.ts"', { cwd: root, encoding: 'utf8' }).trim().split('\n')
    .filter((f) => !/^(tests|bench)\//.test(f) && fs.existsSync(path.join(root, f)));
  const known = new Set(files);
  const imports = new Map(files.map((f) => [f, ts.preProcessFile(fs.readFileSync(path.join(root, f), 'utf8'), true, true).importedFiles
    .map((i) => i.fileName).filter((s) => s.startsWith('.'))
    .map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(f), s)))
    .map((base) => [`${base}.ts`, `${base}/index.ts`, base].find((c) => known.has(c)))
    .filter((f): f is string => f !== undefined)]));
  // Tarjan's strongly connected components.
  const order = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>(), cycles: string[][] = [];
  const visit = (v: string): void => {
    order.set(v, order.size); low.set(v, order.get(v)!); stack.push(v); onStack.add(v);
    for (const w of imports.get(v)!) {
      if (!order.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, order.get(w)!));
    }
    if (low.get(v) !== order.get(v)) return;
    const component: string[] = [];
    let w: string;
    do { w = stack.pop()!; onStack.delete(w); component.push(w); } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  files.forEach((f) => order.has(f) || visit(f));
  return cycles;
}

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
