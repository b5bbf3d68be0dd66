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

/**
 * A complaint of community-a worked as the demo's staff would: reception gives it to demo-handler-1,
 * who accepts it and takes `steps` (commands such as investigate, plan, resolve), each checked.
 */
export async function workAsDemoStaff(cloud: ApiCloud, id: string, steps: object[]): Promise<void> {
  const triage = { type: 'triage', valid: true, category: 'facilities', urgency: 'normal', complexity: 'ordinary', handlerId: 'demo-handler-1' };
  for (const [openid, command] of [['demo-reception-a', triage], ['demo-handler-1', { type: 'accept' }], ...steps.map((c) => ['demo-handler-1', c] as const)] as const) {
    const r = await cloud.call(openid, { action: 'complaint.command', id, command });
    if (!r.ok) throw new Error(`${JSON.stringify(command)}: ${JSON.stringify(r)}`);
  }
}
