// Sizes of the mini-program's packages as WeChat counts them (wechat-platform.md: each ≤ 2 MB; we keep
// the main package ≤ 1.5 MB). With `ignoreUploadUnusedFiles` only files reachable from the pages are
// uploaded, so this walks the same graph: pages → usingComponents → wxml imports and wxs → scripts'
// requires (npm packages resolve into miniprogram_npm/, which belongs to the main package). TypeScript
// is counted as written: DevTools strips the types, so the shipped JS is no larger.
const fs = require('fs');
const path = require('path');

const LIMIT = 2 * 1024 * 1024;
const MAIN_BUDGET = 1.5 * 1024 * 1024;

function exists(file) {
  return fs.existsSync(file) && fs.statSync(file).isFile();
}

/** A script's real file: `x` → x.ts / x.js / x/index.js; bare names → miniprogram_npm. */
function resolveScript(root, from, spec) {
  const base = spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : spec.startsWith('/') ? path.join(root, spec) : path.join(root, 'miniprogram_npm', spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) if (exists(candidate)) return candidate;
  return null;
}

function resolveComponent(root, from, spec) {
  const base = spec.startsWith('/') ? path.join(root, spec) : spec.startsWith('.') ? path.resolve(path.dirname(from), spec) : path.join(root, 'miniprogram_npm', spec);
  return exists(`${base}.json`) ? base : null;
}

function reachable(root, entries) {
  const files = new Set();
  const components = new Set();
  const queue = [];
  const addFile = (file) => {
    if (!file || files.has(file) || !file.startsWith(root) || file.includes(`${path.sep}typings${path.sep}`)) return;
    files.add(file);
    queue.push(file);
  };
  const addComponent = (base) => {
    if (!base || components.has(base)) return;
    components.add(base);
    for (const ext of ['.json', '.wxml', '.wxss', '.ts', '.js']) if (exists(base + ext)) addFile(base + ext);
  };
  entries.forEach((e) => addComponent(path.join(root, e)));
  for (const ext of ['app.json', 'app.ts', 'app.js', 'app.wxss', 'sitemap.json']) if (exists(path.join(root, ext))) addFile(path.join(root, ext));
  while (queue.length) {
    const file = queue.shift();
    const text = fs.readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      const using = (JSON.parse(text).usingComponents) || {};
      Object.values(using).forEach((spec) => addComponent(resolveComponent(root, file, spec)));
    } else if (/\.(ts|js|wxs)$/.test(file)) {
      // Type-only imports vanish when DevTools strips the types.
      const specs = [...text.matchAll(/(?:require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"])/gm)].map((m) => m[1] || m[2]);
      specs.forEach((spec) => addFile(resolveScript(root, file, spec)));
    } else if (file.endsWith('.wxml')) {
      [...text.matchAll(/<(?:wxs|import|include)[^>]*\ssrc="([^"]+)"/g)].forEach((m) => addFile(path.resolve(path.dirname(file), m[1])));
    } else if (file.endsWith('.wxss')) {
      [...text.matchAll(/@import\s+['"]([^'"]+)['"]/g)].forEach((m) => addFile(path.resolve(path.dirname(file), m[1])));
    }
  }
  return files;
}

/** Bytes per package: main, then each subpackage by its root. */
function packageSizes(root = path.resolve(__dirname, '..', 'miniprogram')) {
  const app = JSON.parse(fs.readFileSync(path.join(root, 'app.json'), 'utf8'));
  const subs = app.subPackages || app.subpackages || [];
  const entries = [...app.pages, ...subs.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
  const files = reachable(root, entries);
  const sizes = { main: 0, ...Object.fromEntries(subs.map((s) => [s.root, 0])) };
  for (const file of files) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const sub = subs.find((s) => rel.startsWith(`${s.root.replace(/\/$/, '')}/`));
    sizes[sub ? sub.root : 'main'] += fs.statSync(file).size;
  }
  return { sizes, files: [...files].map((f) => path.relative(root, f).split(path.sep).join("/")), limit: LIMIT, mainBudget: MAIN_BUDGET };
}

module.exports = { packageSizes, LIMIT, MAIN_BUDGET };

if (require.main === module) {
  const { sizes, files } = packageSizes();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`小程序分包大小（${files.length} 个文件）`);
  for (const [name, bytes] of Object.entries(sizes)) console.log(`  ${name.padEnd(10)} ${kb(bytes).padStart(10)}  / ${name === 'main' ? `${kb(MAIN_BUDGET)}（预算）` : kb(LIMIT)}`);
  const over = sizes.main > MAIN_BUDGET || Object.values(sizes).some((b) => b > LIMIT);
  if (over) {
    console.error('超出大小限制');
    process.exit(1);
  }
}
