// Applies database/schema.ts to a real CloudBase environment: creates missing collections and indexes.
// Run: CLOUDBASE_ENV_ID=… TENCENTCLOUD_SECRETID=… TENCENTCLOUD_SECRETKEY=… npm run deploy:database
// Security rules are not set here: every collection is closed to clients (schema.ts), which is the
// console's「仅管理端可读写」setting — choose it once per collection in the console.
import { createRequire } from 'module';
import path from 'path';
import { collections } from '../database/schema';
import { databasePlan } from './database-plan';

interface Manager {
  database: {
    createCollectionIfNotExists(name: string): Promise<unknown>;
    checkIndexExists(collection: string, index: string): Promise<{ Exists: boolean }>;
    updateCollection(collection: string, info: { CreateIndexes: unknown[] }): Promise<unknown>;
  };
}

async function main(): Promise<void> {
  const { CLOUDBASE_ENV_ID: envId, TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: secretKey } = process.env;
  if (!envId || !secretId || !secretKey) throw new Error('set CLOUDBASE_ENV_ID, TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
  // Installed separately (scripts/deploy/package.json) so tests and CI never pull it; this runs from dist/.
  const deployRequire = createRequire(path.resolve(__dirname, '..', 'scripts', 'deploy', 'package.json'));
  const CloudBase = deployRequire('@cloudbase/manager-node') as new (config: object) => Manager;
  const { database } = new CloudBase({ envId, secretId, secretKey });
  const existing: Record<string, string[]> = {};
  for (const c of collections) {
    await database.createCollectionIfNotExists(c.name);
    existing[c.name] = [];
    for (const i of c.indexes) if ((await database.checkIndexExists(c.name, i.name)).Exists) existing[c.name]!.push(i.name);
  }
  for (const step of databasePlan(collections, existing)) {
    if (step.createIndexes.length === 0) continue;
    await database.updateCollection(step.collection, { CreateIndexes: step.createIndexes });
    console.log(`${step.collection}: created ${step.createIndexes.map((i) => i.IndexName).join(', ')}`);
  }
  console.log(`数据库已就绪：${collections.length} 个集合。`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
