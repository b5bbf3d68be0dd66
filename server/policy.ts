// The company's policy: the `policies/default` document if managers changed it, else the seeds'
// defaults. Kept for a minute in a warm container so most actions spend no read on it; a change
// reaches every container within that minute.
import { DEFAULT_POLICY, type Policy } from '../domain/policy';
import type { Database } from './ports';

const TTL_MS = 60_000;
let cached: { policy: Policy; at: number } | null = null;

export async function currentPolicy(db: Database, now: Date): Promise<Policy> {
  if (cached && now.getTime() - cached.at < TTL_MS) return cached.policy;
  const { data } = await db.collection('policies').doc('default').get();
  const stored = data[0] as (Policy & { _id: string }) | undefined;
  const policy = stored ? (({ _id, ...p }) => p as Policy)(stored) : DEFAULT_POLICY;
  cached = { policy, at: now.getTime() };
  return policy;
}
