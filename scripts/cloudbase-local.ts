// `npm start` runs this (bundled as dist/cloudbase-local.js): CloudBase Local with this product's
// plugins — its collections, calendar and demo (scripts/local-plugins.ts).
import { runCloudBaseLocal } from '@wuye/cloudbase-local';
import { productPlugins } from './local-plugins';

runCloudBaseLocal(productPlugins()).catch((e) => {
  console.error(e);
  process.exit(1);
});
