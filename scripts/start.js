// `npm start`: bundle CloudBase Local and the cloud functions, then run CloudBase Local with the
// project's functions, timer triggers and durable data in .cloudbase-local/.
const path = require('path');
const { spawn } = require('child_process');
const { buildAll } = require('./build');

async function main() {
  const root = path.resolve(__dirname, '..');
  const { server } = await buildAll(root);
  const child = spawn(process.execPath, [server], { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai' } });
  // Ctrl-C reaches the child through the terminal's process group; forward other stops explicitly.
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  process.on('SIGINT', () => {});
  child.on('exit', (code, signal) => process.exit(signal ? 0 : (code ?? 0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
