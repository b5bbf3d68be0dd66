// The mini-program compiled offline by WeChat's own compiler (miniprogram-ci's getCompiledResult:
// the code package DevTools would upload, with the TypeScript compiler plugin, WXML and WXSS
// minification and JSON checks read from project.config.json). miniprogram-simulate tests render
// pages with a more forgiving loader; this test makes a page that only works there fail `npm test`.
//
// Offline: miniprogram-ci makes two calls to WeChat's servers while compiling, both stubbed here.
//  1. Project attributes (`getattr`, signed with the upload key): fatal without the network. The
//     Project's own `attr` option is used instead, answering the library's DefaultProjectAttr (the
//     limits it falls back to itself). Since that request is the only thing the key signs, no key
//     is needed: `privateKey` only has to be non-empty to get past the constructor's check.
//  2. The list of file extensions allowed in a package (`getwhiteextlist`): the library falls back
//     to its built-in list when it fails, but on a networked CI it would really go out, so it is
//     stubbed to answer that same built-in list.
// Every other request through miniprogram-ci's HTTP module is recorded and must not happen.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import * as ci from 'miniprogram-ci';
import type { ChildProcess } from 'child_process';

const root = path.resolve(__dirname, '../..');

// Deep modules of miniprogram-ci, loaded from the same module registry as `ci` so the stubs reach
// the compiler. Their typings live under dist/@types, which TypeScript can't find for a deep path,
// so the few members used are declared here.
interface WhiteExtListModule {
  getWhiteExtList(): Promise<{ MiniProgramWhiteList: Set<string>; GameWhiteList: Set<string> }>;
  MiniProgramWhiteList: string[];
  GameWhiteList: string[];
}
const whiteExtList = jest.requireActual<WhiteExtListModule>('miniprogram-ci/dist/utils/white_ext_list');
const ciRequest = jest.requireActual<{ request(options: { url: string }): unknown }>('miniprogram-ci/dist/utils/request');
// miniprogram-ci's code analyser (used by the compile and by checkCodeQuality) starts a chokidar
// watcher on the project and never closes it, which would keep Jest from exiting: the test records
// and closes them. Resolved from miniprogram-ci's folder so it is the copy the library uses.
interface Closable { close(): Promise<void> }
const chokidar = jest.requireActual<{ watch(...args: unknown[]): Closable }>(
  createRequire(path.join(root, 'node_modules/miniprogram-ci/package.json')).resolve('chokidar'));
// The real child_process object (an `import * as` would be a copy under esModuleInterop): the
// compiler runs in a forked process that getCompiledResult never stops, so the test stops it.
const childProcess = jest.requireActual<typeof import('child_process')>('child_process');

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
}

function allPages(miniprogramDir: string): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(miniprogramDir, 'app.json'), 'utf8')) as AppJson;
  const sub = (app.subPackages ?? []).flatMap((p) => p.pages.map((page) => path.posix.join(p.root, page)));
  return [...app.pages, ...sub];
}

interface CompileOutcome {
  files: Record<string, string | Buffer>;
  failures: string[];
}

async function compile(projectPath: string): Promise<CompileOutcome> {
  const failures: string[] = [];
  const forked: ChildProcess[] = [];
  const realFork = childProcess.fork;
  const forkSpy = jest.spyOn(childProcess, 'fork').mockImplementation(((...args: Parameters<typeof realFork>) => {
    const child = realFork(...args);
    forked.push(child);
    return child;
  }) as typeof realFork);
  // `attr` is read by CIProject.attr() but missing from ICreateProjectOptions: widen the type
  // instead of casting the whole options object.
  const options: ConstructorParameters<typeof ci.Project>[0] & { attr: () => Promise<unknown> } = {
    appid: 'touristappid',
    type: 'miniProgram',
    projectPath,
    privateKey: 'unused: only signs the project-attribute request, which attr replaces',
    ignores: ['node_modules/**/*'],
    attr: async () => ci.DefaultProjectAttr,
  };
  try {
    const files = await ci.getCompiledResult({
      project: new ci.Project(options),
      version: '0.0.0',
      // The settings come from project.config.json, as in DevTools, so they are stated once.
      setting: { useProjectConfig: true },
      onProgressUpdate: (task) => {
        if (typeof task !== 'string' && task.status === 'fail') failures.push(task.message);
      },
    });
    return { files, failures };
  } finally {
    forkSpy.mockRestore();
    for (const child of forked) child.kill('SIGTERM');
    // miniprogram-ci makes an (empty) cache directory named md5(`<projectPath>|summer`) in the
    // current directory — the repository's root under jest — and never removes it.
    fs.rmSync(crypto.createHash('md5').update(`${projectPath}|summer`).digest('hex'), { recursive: true, force: true });
  }
}

// A copy of what DevTools opens (project.config.json and miniprogram/) in a temp dir, one file
// edited, so a broken page never touches the repo.
function brokenCopy(file: string, edit: (source: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'official-compile-'));
  fs.copyFileSync(path.join(root, 'project.config.json'), path.join(dir, 'project.config.json'));
  fs.cpSync(path.join(root, 'miniprogram'), path.join(dir, 'miniprogram'), { recursive: true });
  const target = path.join(dir, 'miniprogram', file);
  const before = fs.readFileSync(target, 'utf8');
  const after = edit(before);
  expect(after).not.toBe(before);
  fs.writeFileSync(target, after);
  return dir;
}

const tempDirs: string[] = [];
const watchers: Closable[] = [];
let requestSpy: jest.SpyInstance;

beforeAll(() => {
  // npm test runs `npm run build` first; without miniprogram_npm vant's components can't resolve.
  if (!fs.existsSync(path.join(root, 'miniprogram/miniprogram_npm/@vant/weapp'))) {
    throw new Error('miniprogram/miniprogram_npm is missing: run `npm run build` first');
  }
  jest.spyOn(whiteExtList, 'getWhiteExtList').mockImplementation(async () => ({
    MiniProgramWhiteList: new Set(whiteExtList.MiniProgramWhiteList),
    GameWhiteList: new Set(whiteExtList.GameWhiteList),
  }));
  const realWatch = chokidar.watch.bind(chokidar);
  jest.spyOn(chokidar, 'watch').mockImplementation((...args: unknown[]) => {
    const watcher = realWatch(...args);
    watchers.push(watcher);
    return watcher;
  });
  // miniprogram-ci narrates every step (and prints code frames) on the console; failures reach the
  // test as rejections and 'fail' progress events, so only console.error is kept.
  for (const level of ['log', 'info', 'warn'] as const) jest.spyOn(console, level).mockImplementation(() => undefined);
  requestSpy = jest.spyOn(ciRequest, 'request').mockImplementation((options) => {
    throw new Error(`unexpected network request from miniprogram-ci: ${options.url}`);
  });
});

afterAll(async () => {
  jest.restoreAllMocks();
  await Promise.all(watchers.map((w) => w.close()));
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  expect(requestSpy).not.toHaveBeenCalled();
});

it('compiles every page of the main package and both subpackages, minified, without errors', async () => {
  const { files, failures } = await compile(root);
  expect(failures).toEqual([]);
  expect(whiteExtList.getWhiteExtList).toHaveBeenCalled();

  const pages = allPages(path.join(root, 'miniprogram'));
  expect(pages.filter((p) => p.startsWith('staff/'))).toHaveLength(8);
  expect(pages.filter((p) => p.startsWith('manager/'))).toHaveLength(9);
  const missing = pages.flatMap((page) =>
    ['js', 'wxml', 'wxss', 'json'].map((ext) => `${page}.${ext}`).filter((f) => !String(files[f] ?? '').length));
  expect(missing).toEqual([]);
  for (const page of pages) {
    // The TypeScript plugin turned the page into plain JS that registers a component or page.
    expect(String(files[`${page}.js`])).toMatch(/\b(Component|Page)\(/);
    // minifyWXML / minifyWXSS from project.config.json took effect: no indented lines left.
    expect(String(files[`${page}.wxml`])).not.toMatch(/\n[ \t]/);
    expect(String(files[`${page}.wxss`])).not.toMatch(/\n[ \t]/);
  }
  expect(Object.keys(files)).toEqual(expect.arrayContaining(['app.js', 'app.json', 'project.config.json']));
  // No TypeScript source ships; what ships is compiled.
  expect(Object.keys(files).filter((f) => f.endsWith('.ts'))).toEqual([]);
}, 120000);

it('rejects a page with a malformed WXML tag', async () => {
  const dir = brokenCopy('staff/pages/task/index.wxml', (s) => s.replace('</view>', '</vieww>'));
  tempDirs.push(dir);
  await expect(compile(dir)).rejects.toMatchObject({
    path: 'staff/pages/task/index.wxml',
    message: expect.stringContaining('unexpected end tag: vieww'),
  });
}, 120000);

it('rejects a page with a TypeScript syntax error', async () => {
  const dir = brokenCopy('manager/pages/report/index.ts', (s) => `${s}\nconst broken: = ;\n`);
  tempDirs.push(dir);
  await expect(compile(dir)).rejects.toMatchObject({
    message: expect.stringMatching(/manager\/pages\/report\/index\.ts[\s\S]*Unexpected token/),
  });
}, 120000);

it('passes DevTools code-quality rules (minified JS, WXML and WXSS, lazy code loading, sizes)', async () => {
  const project = new ci.Project({
    appid: 'touristappid',
    type: 'miniProgram',
    projectPath: root,
    privateKey: 'unused: checkCodeQuality reads no key',
    ignores: ['node_modules/**/*'],
  });
  const results = await ci.checkCodeQuality(project);
  const names = results.map((r) => r.name);
  expect(names).toEqual(expect.arrayContaining(['JS_COMPRESS_OPEN', 'WXML_COMPRESS_OPEN', 'WXSS_COMPRESS_OPEN', 'LAZYCODE_LOADING_OPEN']));
  expect(results.filter((r) => !r.success).map((r) => `${r.name}: ${r.text}`)).toEqual([]);
}, 60000);
