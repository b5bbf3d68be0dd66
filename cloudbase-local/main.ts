// The package's `cloudbase-local` command: CloudBase Local for any project, on
// 127.0.0.1:${CLOUDBASE_LOCAL_PORT:-3030}, functions from <project>/cloudfunctions, durable data in
// <project>/.cloudbase-local. The project's collections come from a JSON file of CollectionSpec
// (CLOUDBASE_LOCAL_SCHEMA, or <project>/cloudbase-local.schema.json when present): a collection is
// created with its indexes, as a deploy would, before anything may read it. A project that wants
// the console's calendar or demo starts it from its own file with `runCloudBaseLocal(plugins)`.
import fs from 'fs';
import path from 'path';
import { runCloudBaseLocal } from './cli';
import type { CollectionSpec } from './database/spec';

function collections(): CollectionSpec[] | undefined {
  const root = process.env.CLOUDBASE_LOCAL_PROJECT ?? process.cwd();
  const file = process.env.CLOUDBASE_LOCAL_SCHEMA ?? path.join(root, 'cloudbase-local.schema.json');
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(path.resolve(root, file), 'utf8')) as CollectionSpec[];
}

runCloudBaseLocal({ collections: collections() }).catch((e) => {
  console.error(e);
  process.exit(1);
});
