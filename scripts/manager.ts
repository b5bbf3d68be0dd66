// The management SDK (@cloudbase/manager-node) for one environment, as the deploy and the doctor use
// it. It lives in scripts/deploy/ with its own lockfile, installed on first use, so tests and CI
// never pull its dependencies.
import { execFileSync } from 'child_process';
import fs from 'fs';
import { createRequire } from 'module';
import path from 'path';
import type { ManagerPort } from './deploy-apply';

export function manager(root: string, envId: string, secretId: string, secretKey: string): ManagerPort {
  const deployDir = path.join(root, 'scripts', 'deploy');
  if (!fs.existsSync(path.join(deployDir, 'node_modules', '@cloudbase', 'manager-node'))) {
    console.log('首次使用管理接口：安装 @cloudbase/manager-node（scripts/deploy/）…');
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefix', deployDir], { stdio: 'inherit' });
  }
  const CloudBase = createRequire(path.join(deployDir, 'package.json'))('@cloudbase/manager-node') as new (config: object) => ManagerPort;
  return new CloudBase({ envId, secretId, secretKey });
}
