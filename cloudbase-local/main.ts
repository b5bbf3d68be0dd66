// `npm start` runs this: CloudBase Local with the project's collections, durable data in
// .cloudbase-local/ (CLOUDBASE_LOCAL_DATA), on 127.0.0.1:${CLOUDBASE_LOCAL_PORT:-3030}.
import path from 'path';
import { sdkEnvironment, startCloudBaseLocal } from './index';
import { defaultModules } from './modules';

async function main(): Promise<void> {
  const projectRoot = process.env.CLOUDBASE_LOCAL_PROJECT ?? process.cwd();
  const port = Number(process.env.CLOUDBASE_LOCAL_PORT ?? 3030);
  const dataDir = path.resolve(projectRoot, process.env.CLOUDBASE_LOCAL_DATA ?? '.cloudbase-local');
  const env = process.env.CLOUDBASE_LOCAL_ENV ?? 'local-env';
  const running = await startCloudBaseLocal({ port, dataDir, projectRoot, env, strict: process.env.CLOUDBASE_LOCAL_STRICT !== '0', modules: defaultModules({ autoTick: true }) });
  const sdkEnv = sdkEnvironment(running.url, env);
  console.log(
    [
      `CloudBase Local 已启动: ${running.url}  (环境 ${env})`,
      `  数据目录:     ${dataDir}`,
      `  SDK 重定向:   TCB_CONTEXT_CNFG='${sdkEnv.TCB_CONTEXT_CNFG}' TENCENTCLOUD_RUNENV=SCF TCB_ENV=${env}`,
      `  时钟:         GET/POST ${running.url}/local/clock`,
      `  计数器:       GET ${running.url}/local/counters`,
      `  云函数:       POST ${running.url}/local/functions/<name>/invoke  {"openid": "...", "data": {...}}`,
      `  定时触发器:   GET ${running.url}/local/timers   (每秒检查；POST /local/timers/tick 立即检查)`,
      `  订阅消息:     GET ${running.url}/local/openapi/messages?touser=<openid>   授权: POST /local/openapi/subscriptions`,
      `  内容安全推送: GET ${running.url}/local/openapi/pushes   (mediaCheckAsync 结果推送给云函数 events；POST /local/openapi/pushes/flush 立即送达)`,
      `  存储:         POST ${running.url}/local/storage/upload?openid=<openid>&path=<云端路径>`,
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
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
