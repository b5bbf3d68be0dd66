// 公司开通: the first administrator of a new company. Whoever enters the setup code set at deploy
// (the api function's SETUP_CODE) while the company has no active administrator becomes one; from
// then on people join by invitation only (admin.invite / staff.join). The administrator then creates
// the communities in the app (admin.community.upsert without an id joins them to the creator).
import crypto from 'crypto';
import type { ActionRequest } from '../../typings/api';
import { ADMINISTRATORS } from '../kernel/authorization';
import type { Deps } from '../kernel/ports';
import { DomainError } from '../../domain/errors';

/** A code anyone could guess in a few tries would hand the company to them. */
export const SETUP_CODE_MIN_LENGTH = 12;

function sameCode(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

export async function setupCompany(deps: Deps, openid: string, req: ActionRequest<'company.setup'>): Promise<{ role: 'admin' }> {
  if (deps.setupCode.length < SETUP_CODE_MIN_LENGTH) throw new DomainError('SETUP.CLOSED', 'setup is closed: no SETUP_CODE');
  if (!sameCode(req.code, deps.setupCode)) throw new DomainError('SETUP.WRONG_CODE', 'wrong setup code');
  const _ = deps.db.command;
  const [{ data: members }, { total }] = await Promise.all([
    deps.db.collection('members').doc(openid).get(),
    deps.db.collection('members').where({ role: _.in([...ADMINISTRATORS]), active: true }).count(),
  ]);
  if (members[0]) throw new DomainError('SETUP.ACCOUNT_BOUND', 'this WeChat account is already bound');
  if ((total ?? 0) > 0) throw new DomainError('SETUP.ALREADY_DONE', 'the company already has an administrator');
  // Two people entering the code at once: one document id, so exactly one becomes the administrator.
  try {
    await deps.db.collection('sequences').add({ _id: 'company-setup', by: openid, at: deps.now() });
  } catch (e) {
    if ((e as { code?: string }).code === 'DATABASE_DUPLICATE_WRITE') throw new DomainError('SETUP.DONE_MEANWHILE', 'setup already done');
    throw e;
  }
  await deps.db.collection('members').doc(openid).set({ kind: 'staff', name: req.name, phone: req.phone, role: 'admin', communityIds: [], department: 'management', active: true });
  return { role: 'admin' };
}
