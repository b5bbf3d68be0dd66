// 小区 records: name, households (the owner-visit target, seed 002 §6) and the community's own
// 客服中心 phone and hours, which owners see and tap to call (seed 000 §(一) 联系方式).
import type { Policy } from '../../domain/policy';
import type { ServiceDesk } from '../../typings/api';
import type { Deps } from '../kernel/ports';

export interface Community {
  _id: string;
  name: string;
  households: number;
  /** The community's own desk; empty fields fall back to the company's (policy.serviceDesk). */
  serviceDesk?: { phone: string; hours: string };
}

/** The desk owners of `community` call: its own phone and hours, else the company's. */
export function serviceDeskOf(policy: Policy, community: Pick<Community, 'serviceDesk'> | undefined): ServiceDesk {
  return { name: policy.serviceDesk.name, phone: community?.serviceDesk?.phone || policy.serviceDesk.phone, hours: community?.serviceDesk?.hours ?? '' };
}

/**
 * Kept for a minute in a warm container, as the policy is (server/kernel/policy.ts): intake names the desk
 * in every reply and should not spend a read on it each time; a change reaches every container
 * within that minute, and the container that made it at once.
 */
const TTL_MS = 60_000;
const cache = new Map<string, { community: Community | undefined; at: number }>();

export async function loadCommunity(deps: Deps, id: string): Promise<Community | undefined> {
  const now = deps.now().getTime();
  const hit = cache.get(id);
  if (hit && now - hit.at < TTL_MS) return hit.community;
  const { data } = await deps.db.collection('communities').doc(id).get();
  const community = data[0] as Community | undefined;
  // Bounded by the company's communities (a few hundred at most).
  cache.set(id, { community, at: now });
  return community;
}

/** After a change in this container, read the community afresh. */
export function forgetCommunity(id: string): void {
  cache.delete(id);
}
