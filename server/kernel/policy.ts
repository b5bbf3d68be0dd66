// The company's policy: the `policies/default` document if managers changed it, else the seeds'
// defaults. Kept for a minute in a warm container so most actions spend no read on it; a change
// reaches every container within that minute.
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import type { Database } from './ports';

const TTL_MS = 60_000;
let cached: { policy: Policy; at: number } | null = null;

export async function currentPolicy(db: Database, now: Date, options: { fresh?: boolean } = {}): Promise<Policy> {
  if (!options.fresh && cached && now.getTime() - cached.at < TTL_MS) return cached.policy;
  const { data } = await db.collection('policies').doc('default').get();
  const stored = data[0] as (Policy & { _id: string; updatedBy?: string; updatedAt?: Date }) | undefined;
  // A policy saved before a rule existed takes that rule's default, never undefined.
  const policy = stored ? (({ _id, updatedBy: _by, updatedAt: _at, ...p }) => ({ ...DEFAULT_POLICY, ...p }) as Policy)(stored) : DEFAULT_POLICY;
  cached = { policy, at: now.getTime() };
  return policy;
}

/** After a change in this container, read the new policy at once. */
export function forgetPolicy(): void {
  cached = null;
}
