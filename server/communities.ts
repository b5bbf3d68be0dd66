// 小区 records: name, households (the owner-visit target, seed 002 §6) and the community's own
// 客服中心 phone and hours, which owners see and tap to call (seed 000 §(一) 联系方式).
import type { Policy } from '../domain/policy';
import type { ServiceDesk } from '../typings/api';
import type { Deps } from './ports';

export interface Community {
  _id: string;
  name: string;
  households: number;
  /** The community's own desk; empty fields fall back to the company's (policy.serviceDesk). */
  serviceDesk?: { phone: string; hours: string };
}

/** The desk owners of `community` call: its own phone and hours, else the company's. */
export function serviceDeskOf(policy: Policy, community: Community | undefined): ServiceDesk {
  return { name: policy.serviceDesk.name, phone: community?.serviceDesk?.phone || policy.serviceDesk.phone, hours: community?.serviceDesk?.hours ?? '' };
}

export async function loadCommunity(deps: Deps, id: string): Promise<Community | undefined> {
  const { data } = await deps.db.collection('communities').doc(id).get();
  return data[0] as Community | undefined;
}
