// The 用户隐私保护指引 the mini-program needs, kept true to its code (wechat-platform.md "Privacy
// scopes"): since 2023-09 WeChat fails a guarded API with errno 112 when the guide does not declare its
// scope, and review rejects a guide that declares what the app does not use. Two data files:
//   config/privacy-guarded-apis.json  WeChat's list: which API, authorize scope or button open-type is
//                                     guarded by which scope;
//   config/privacy-declarations.json  what we declare: each scope with the name WeChat's guide gives it
//                                     and our purpose.
// This scans miniprogram/ for guarded calls, finds which pages reach them (through components and
// services too), reports every mismatch, and writes the README's checklist from the declarations.
//   node scripts/privacy-guide.js   rewrites the README section, lists the mismatches (exit 1 if any)
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const START = '<!-- privacy-guide:start -->';
const END = '<!-- privacy-guide:end -->';

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function loadGuide(root = ROOT) {
  return { guarded: readJson(path.join(root, 'config/privacy-guarded-apis.json')), declarations: readJson(path.join(root, 'config/privacy-declarations.json')) };
}

/** Comments name APIs without calling them (`// opened with wx.openDocument`): only code counts. */
function code(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1').replace(/<!--[\s\S]*?-->/g, (c) => c.replace(/[^\n]/g, ' '));
}

/** The guarded things one source file uses: `{ api, scope, line }` (api as written: wx.x, scope.x, open-type="x"). */
function usesIn(file, guarded) {
  const text = code(fs.readFileSync(file, 'utf8'));
  const lineOf = (index) => text.slice(0, index).split('\n').length;
  const found = [];
  if (file.endsWith('.ts') || file.endsWith('.js')) {
    for (const m of text.matchAll(/\bwx\.(\w+)\s*\(/g)) if (guarded.apis[m[1]]) found.push({ api: `wx.${m[1]}`, scope: guarded.apis[m[1]], line: lineOf(m.index) });
    for (const m of text.matchAll(/['"](scope\.\w+)['"]/g)) if (guarded.authorizeScopes[m[1]]) found.push({ api: `wx.authorize ${m[1]}`, scope: guarded.authorizeScopes[m[1]], line: lineOf(m.index) });
  } else if (file.endsWith('.wxml')) {
    for (const m of text.matchAll(/open-type\s*=\s*"(\w+)"/g)) if (guarded.openTypes[m[1]]) found.push({ api: `open-type="${m[1]}"`, scope: guarded.openTypes[m[1]], line: lineOf(m.index) });
  }
  return found;
}

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // miniprogram_npm/ is vant, packed at build time: its uploader's own chooser is never shown (our
    // photo-uploader sets show-upload false and calls services/photos.ts, which this scan sees).
    if (entry.isDirectory()) out.push(...(entry.name === 'miniprogram_npm' ? [] : sourceFiles(full)));
    else if (/\.(ts|js|wxml)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** Every guarded use in miniprogram/, file relative to it. */
function scan(root = ROOT, guarded = loadGuide(root).guarded) {
  const mp = path.join(root, 'miniprogram');
  return sourceFiles(mp).flatMap((file) => usesIn(file, guarded).map((u) => ({ file: path.relative(mp, file), ...u })));
}

function appPages(mp) {
  const app = readJson(path.join(mp, 'app.json'));
  return [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

/** The scripts a script imports (type-only imports bring no code), within miniprogram/. */
function imports(mp, file) {
  const text = code(fs.readFileSync(file, 'utf8'));
  const specs = [...text.matchAll(/^\s*(?:import(?!\s+type\b)[^'";]*?from\s*|import\s*|export\s[^'";]*?from\s*)['"](\.[^'"]+)['"]/gm)].map((m) => m[1]);
  return specs
    .map((spec) => path.resolve(path.dirname(file), spec))
    .flatMap((base) => [`${base}.ts`, `${base}.js`].filter((f) => f.startsWith(mp) && fs.existsSync(f)).slice(0, 1));
}

/** A page's or component's own files: its script, template and components (ours, not npm's). */
function componentFiles(mp, base) {
  const files = [`${base}.ts`, `${base}.js`, `${base}.wxml`].filter((f) => fs.existsSync(f));
  const json = `${base}.json`;
  const using = fs.existsSync(json) ? (readJson(json).usingComponents ?? {}) : {};
  const components = Object.values(using)
    .filter((target) => target.startsWith('/') || target.startsWith('.'))
    .map((target) => (target.startsWith('/') ? path.join(mp, target) : path.resolve(path.dirname(base), target)));
  return { files, components, using };
}

/** For each page of app.json: the guarded uses it reaches through its script, components and services. */
function pages(root = ROOT, guarded = loadGuide(root).guarded) {
  const mp = path.join(root, 'miniprogram');
  return appPages(mp).map((page) => {
    const seen = new Set();
    const uses = [];
    const visitScript = (file) => {
      if (seen.has(file)) return;
      seen.add(file);
      uses.push(...usesIn(file, guarded).map((u) => ({ file: path.relative(mp, file), ...u })));
      if (!file.endsWith('.wxml')) imports(mp, file).forEach(visitScript);
    };
    const visitComponent = (base) => {
      if (seen.has(base)) return;
      seen.add(base);
      const { files, components } = componentFiles(mp, base);
      files.forEach(visitScript);
      components.forEach(visitComponent);
    };
    visitComponent(path.join(mp, page));
    const { using } = componentFiles(mp, path.join(mp, page));
    const wxml = path.join(mp, `${page}.wxml`);
    const hasPopup = Object.values(using).includes('/components/privacy-popup/index') && fs.existsSync(wxml) && /<privacy-popup\b/.test(fs.readFileSync(wxml, 'utf8'));
    return { page, uses, scopes: [...new Set(uses.map((u) => u.scope))].sort(), hasPopup };
  });
}

/** A typed-in declaration is in use while each page it names still has a field labelled with its name. */
function typedStillThere(mp, declaration) {
  return (declaration.typedIn ?? []).filter((page) => {
    const wxml = path.join(mp, `${page}.wxml`);
    return fs.existsSync(wxml) && fs.readFileSync(wxml, 'utf8').includes(`label="${declaration.name}"`);
  });
}

/** Everything wrong between the code and the declarations, in Chinese, one line each; [] when all agree. */
function problems(root = ROOT, guide = loadGuide(root)) {
  const mp = path.join(root, 'miniprogram');
  const { guarded, declarations } = guide;
  const uses = scan(root, guarded);
  const declared = new Set(declarations.map((d) => d.scope));
  const used = new Set(uses.map((u) => u.scope));
  const out = [];
  for (const u of uses) if (!declared.has(u.scope)) out.push(`${u.file}:${u.line} 调用 ${u.api}，它的隐私范围 ${u.scope} 未在 config/privacy-declarations.json 声明（微信会以 errno 112 拒绝）`);
  for (const d of declarations) {
    if (d.typedIn) {
      const there = typedStillThere(mp, d);
      for (const page of d.typedIn) if (!there.includes(page)) out.push(`声明了「${d.name}」由用户在 ${page} 填写，但该页没有标为「${d.name}」的输入框`);
    } else if (!used.has(d.scope)) out.push(`声明了「${d.name}」（${d.scope}），但 miniprogram/ 不再调用任何需要它的接口`);
  }
  for (const p of pages(root, guarded)) if (p.uses.length && !p.hasPopup) out.push(`${p.page} 会调用 ${[...new Set(p.uses.map((u) => u.api))].join('、')}，但没有放隐私弹窗 components/privacy-popup`);
  return out;
}

/** The README's checklist: what to declare in 公众平台 → 用户隐私保护指引, one row per declaration. */
function guideMarkdown(declarations = loadGuide().declarations) {
  return [
    '| 处理的信息（指引中的名称） | 用途（填入「为了…」） | privacy_key |',
    '|---|---|---|',
    ...declarations.map((d) => `| ${d.name} | ${d.purpose} | \`${d.scope}\` |`),
  ].join('\n');
}

/** The README with its checklist section regenerated. */
function readmeWithGuide(readme, declarations) {
  const [head, rest] = readme.split(START);
  if (rest === undefined || !rest.includes(END)) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${head}${START}\n${guideMarkdown(declarations)}\n${END}${rest.split(END)[1]}`;
}

module.exports = { loadGuide, scan, pages, problems, guideMarkdown, readmeWithGuide };

if (require.main === module) {
  const file = path.join(ROOT, 'README.md');
  const readme = fs.readFileSync(file, 'utf8');
  const next = readmeWithGuide(readme, loadGuide().declarations);
  if (next !== readme) fs.writeFileSync(file, next);
  const found = problems();
  for (const line of found) console.log(`✗ ${line}`);
  console.log(found.length ? `用户隐私保护指引与代码不一致：${found.length} 处` : 'README 的用户隐私保护指引已更新；声明与代码一致');
  process.exitCode = found.length ? 1 : 0;
}
