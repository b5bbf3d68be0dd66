// CloudBase Local as a server process: the package's `cloudbase-local` command (main.ts) and a
// project's own start file (this repository's scripts/cloudbase-local.ts, run by `npm start`) call
// `runCloudBaseLocal` with the project's plugins. Collections, durable data in
// .cloudbase-local/ (CLOUDBASE_LOCAL_DATA), on 127.0.0.1:${CLOUDBASE_LOCAL_PORT:-3030}
// (CLOUDBASE_LOCAL_HOST=0.0.0.0 in LAN mode). It stops cleanly on SIGINT, SIGTERM and SIGHUP, and
// when the process that started it goes away — even by SIGKILL — so it never outlives `npm start`
// holding the port; its function workers follow it (cloudbase-local/functions/worker.js).
// CLOUDBASE_LOCAL_UNREGISTERED_PERMISSIONS=api,scheduler starts with those functions' 云调用
// declarations unregistered, as after a deploy without DevTools (every open API answers -604101).
import path from 'path';
import type { CollectionSpec } from './database/spec';
import { startCloudBaseLocal, type RunningCloudBase } from './start';
import { chosenPort, lanAddresses, LAN_WARNING, listenHint } from './local-net';
import { defaultModules } from './modules';
import { sdkEnvironment } from './sdk-env';

/** What a project hands CloudBase Local at start: nothing here is CloudBase's own. */
export interface CloudBaseLocalPlugins {
  /** The project's collections, indexes and rules. */
  collections?: CollectionSpec[];
  /** The console's 「+1 工作日」: the same local time on the project's next working day. */
  nextWorkingDay?: (now: Date) => Date;
  /** The console's 演示 script (a browser script defining window.CloudBaseDemo). */
  demoScript?: string;
  /** The function WeChat's message pushes go to. */
  messagePushFunction?: string;
}

/** Start the server from the environment (CLOUDBASE_LOCAL_*), print READY, stop on a signal. */
export async function runCloudBaseLocal(plugins: CloudBaseLocalPlugins = {}): Promise<void> {
  // With start.js gone its end of the stdout pipe is closed: a last message must not crash the stop.
  process.stdout.on('error', () => {});
  const projectRoot = process.env.CLOUDBASE_LOCAL_PROJECT ?? process.cwd();
  const port = chosenPort();
  const dataDir = path.resolve(projectRoot, process.env.CLOUDBASE_LOCAL_DATA ?? '.cloudbase-local');
  const env = process.env.CLOUDBASE_LOCAL_ENV ?? 'local-env';
  const host = process.env.CLOUDBASE_LOCAL_HOST ?? '127.0.0.1';
  const lan = host !== '127.0.0.1' && host !== 'localhost' ? lanAddresses() : [];
  // In LAN mode the links it hands out (photos) must work on the phone too, so they carry a LAN address.
  let running: RunningCloudBase;
  try {
    running = await startCloudBaseLocal({
      port,
      host,
      advertisedHost: lan[0],
      dataDir,
      projectRoot,
      env,
      strict: process.env.CLOUDBASE_LOCAL_STRICT !== '0',
      collections: plugins.collections,
      modules: defaultModules({ autoTick: true, unregisteredPermissions: (process.env.CLOUDBASE_LOCAL_UNREGISTERED_PERMISSIONS ?? '').split(',').filter(Boolean), messagePushFunction: plugins.messagePushFunction, console: { nextWorkingDay: plugins.nextWorkingDay, demoScript: plugins.demoScript } }),
    });
  } catch (e) {
    const hint = listenHint(e, port);
    if (!hint) throw e;
    console.error(hint);
    process.exit(1);
  }
  const sdkEnv = sdkEnvironment(running.url, env);
  console.log(
    [
      `CloudBase Local 已启动: ${running.url}  (环境 ${env})`,
      `  控制台:       http://127.0.0.1:${new URL(running.url).port}/   (只能在本机打开${host === '127.0.0.1' ? '' : '；局域网模式下其他设备访问控制台会被拒绝'})`,
      `  数据目录:     ${dataDir}`,
      `  SDK 重定向:   TCB_CONTEXT_CNFG='${sdkEnv.TCB_CONTEXT_CNFG}' TENCENTCLOUD_RUNENV=SCF TCB_ENV=${env}`,
      `  时钟:         GET/POST ${running.url}/local/clock`,
      `  计数器:       GET ${running.url}/local/counters`,
      `  云函数:       POST ${running.url}/local/functions/<name>/invoke  {"openid": "...", "data": {...}}`,
      `  定时触发器:   GET ${running.url}/local/timers   (每秒检查；POST /local/timers/tick 立即检查)`,
      `  订阅消息:     GET ${running.url}/local/openapi/messages?touser=<openid>   授权: POST /local/openapi/subscriptions`,
      `  内容安全推送: GET ${running.url}/local/openapi/pushes   (mediaCheckAsync 结果推送给云函数 events；POST /local/openapi/pushes/flush 立即送达)`,
      `  存储:         POST ${running.url}/local/storage/upload?openid=<openid>&path=<云端路径>`,
      ...(host === '127.0.0.1'
        ? []
        : [
            `  局域网模式:   监听 ${host}:${port}；手机真机预览用 LOCAL=1 LOCAL_BASE_URL=${lan.map((a) => `http://${a}:${port}`).join(' 或 ') || '（未找到局域网地址）'} npm run build`,
            `  ${LAN_WARNING}`,
          ]),
      `  READY ${running.url}`,
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    console.log('CloudBase Local 已停止，数据已保存。');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  // Started by scripts/start.js with an IPC channel: it closes when start.js ends in any way,
  // SIGKILL included, which no signal would tell us.
  if (process.channel) process.on('disconnect', stop);
}

