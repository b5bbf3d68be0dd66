// `npm run build` on a fresh clone leaves each cloud function's bundle in its folder
// (cloudfunctions/<name>/index.js, git-ignored), where WeChat DevTools' 「上传并部署：云端安装依赖」
// uploads it from — the only upload that registers the 云调用 permissions in config.json.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const root = path.resolve(__dirname, '../..');

it('npm run build on a clean checkout writes every cloudfunctions/*/index.js beside its config.json', () => {
  const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'build-clone-'));
  try {
    // What a clone has: the tracked files (no bundles), with the installed packages beside them.
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!fs.existsSync(path.join(root, file))) continue;
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(path.join(root, file), path.join(clone, file));
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
    const functions = fs.readdirSync(path.join(clone, 'cloudfunctions')).filter((n) => fs.existsSync(path.join(clone, 'cloudfunctions', n, 'config.json')));
    expect(functions.sort()).toEqual(['api', 'events', 'scheduler']);
    expect(functions.filter((n) => fs.existsSync(path.join(clone, 'cloudfunctions', n, 'index.js')))).toEqual([]);
    execFileSync('npm', ['run', 'build'], { cwd: clone, stdio: 'pipe', timeout: 240_000 });
    for (const name of functions) {
      const bundle = fs.readFileSync(path.join(clone, 'cloudfunctions', name, 'index.js'), 'utf8');
      expect(bundle).toContain('main: () => main'); // esbuild's CommonJS export of main(event, context)
    }
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
  }
}, 300_000);
