// Every mini-program test file runs against the demo company of `npm start` (scripts/seed.ts) on its
// own CloudBase Local, with the real bundled functions.
import { seedDemo } from '../../../scripts/seed';
import { startApi, type ApiCloud } from '../../support/api';
import { connect, resetWx } from './simulate';

/** Registers the file's set-up; `cloud()` is the running CloudBase Local once the tests run. */
export function useDemoCompany(): () => ApiCloud {
  let c: ApiCloud | null = null;
  beforeAll(async () => {
    c = await startApi();
    process.env.CLOUDBASE_LOCAL_URL = c.url;
    await seedDemo();
    connect(c.url);
  });
  afterAll(() => c?.stop());
  beforeEach(() => resetWx());
  return () => c!;
}
