// Network helpers shared by `npm start` (scripts/start.js, plain Node) and CloudBase Local's entry
// (cloudbase-local/cli.ts, bundled): the Chinese hint for a port that cannot be taken, a check of
// the port before anything is built or any data is opened, and LAN mode's addresses and warning.
const net = require('net');
const os = require('os');

/** The port `npm start` uses: CLOUDBASE_LOCAL_PORT, 3030 by default (miniprogram/config.ts expects 3030). */
function chosenPort(env = process.env) {
  return Number(env.CLOUDBASE_LOCAL_PORT ?? 3030);
}

/** A person-readable reason the port could not be taken, or null for an error that is not about the port. */
function listenHint(error, port) {
  const next = port + 1;
  if (error && error.code === 'EADDRINUSE') {
    return `端口 ${port} 已被占用：可能已有一个 npm start 在运行（先在它的终端按 Ctrl-C 停止），或用 CLOUDBASE_LOCAL_PORT=${next} npm start 换一个端口（小程序本地模式请同时用 LOCAL_BASE_URL=http://127.0.0.1:${next} npm run build 重新生成设置）。`;
  }
  if (error && error.code === 'EACCES') return `没有权限监听端口 ${port}（1024 以下的端口需要管理员权限）：用 CLOUDBASE_LOCAL_PORT=3030 npm start 换一个端口。`;
  if (error && error.code === 'EADDRNOTAVAIL') return `本机没有可监听的地址（端口 ${port}）：检查网络设置，或不要使用局域网模式。`;
  return null;
}

/** Resolves null when `host:port` can be listened on right now, else the listen error. */
function probePort(port, host) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e) => resolve(e));
    server.listen(port, host, () => server.close(() => resolve(null)));
  });
}

/** The machine's IPv4 addresses other than loopback: what a phone on the same Wi-Fi can reach. */
function lanAddresses() {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

const LAN_WARNING =
  '⚠ 局域网模式：同一网络中的任何人都能访问这个 CloudBase Local，读取和修改全部演示数据（包括业主姓名和手机号），并以任何演示身份调用云函数——它没有登录和权限保护。只在可信的网络（自己家或办公室的 Wi-Fi）中使用，用完按 Ctrl-C 停止；不要在公共 Wi-Fi 上使用。';

module.exports = { chosenPort, listenHint, probePort, lanAddresses, LAN_WARNING };
