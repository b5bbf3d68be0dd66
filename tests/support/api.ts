// Runs the project's real `api` function (bundled from cloudfunctions/api/src) inside CloudBase
// Local, and calls it as a given WeChat user over the local invoke endpoint.
import path from 'path';
import { functionsModule, openApiModule, outboundModule, storageModule, timersModule } from '@wuye/cloudbase-local';
import type { ExportProgress } from '../../typings/api';
import type { ApiResult } from '../../typings/errors';
import { startLocal, type LocalCloud } from './cloudbase';

const root = path.resolve(__dirname, '../..');

export interface ApiCloud extends LocalCloud {
  call<T = unknown>(openid: string, request: object): Promise<ApiResult<T>>;
  /** Move the clock and let the timer trigger fire, as the cloud would. */
  tick(advanceMs?: number): Promise<string[]>;
}

/** The functions are bundled once for the whole run by tests/global-setup.js. */
export async function startApi(): Promise<ApiCloud> {
  const functions = functionsModule();
  // A robot or an SMS goes to CloudBase Local (cloudbase-local/outbound.ts), never to the network.
  const outbound = outboundModule();
  const c = await startLocal({ projectRoot: root, modules: [storageModule(), functions, outbound, openApiModule({ runner: () => functions.runner(), apis: { 'cloudbase.sendSmsV2': outbound.sendSms } }), timersModule({ runner: () => functions.runner() })] });
  return {
    ...c,
    async call<T>(openid: string, request: object) {
      const res = await c.post<{ result?: ApiResult<T>; error?: { code: string; message: string } }>('/local/functions/api/invoke', { openid, data: request });
      if (res.error) throw new Error(`api crashed: ${res.error.code} ${res.error.message}`);
      return res.result!;
    },
    async tick(advanceMs = 60_000) {
      await c.post('/local/clock', { advanceMs });
      return (await c.post<{ fired: string[] }>('/local/timers/tick', {})).fired;
    },
  };
}

/** A registered owner's account bound to one room, as owner.bind writes it (server/kernel/residences.ts). */
export function ownerMember(_id: string, name: string, phone: string, roomId: string, communityId = 'community-a') {
  return { _id, kind: 'owner', name, phone, role: 'owner', communityIds: [communityId], rooms: [{ roomId, communityId, relation: 'owner', phone, invitedBy: null, since: new Date('2026-01-01T00:00:00Z') }], roomIds: [roomId], active: true } as const;
}

/** A small company: one community, an owner, reception, two engineering handlers and their head. */
export const people = {
  owner: ownerMember('openid-owner-1', '张先生', '13800138000', 'room-1-2-301'),
  otherOwner: ownerMember('openid-owner-2', '李女士', '13900139000', 'room-3-1-101'),
  reception: { _id: 'openid-reception', kind: 'staff', name: '客服小王', phone: '13700000001', role: 'reception', communityIds: ['community-a'], department: 'customer_service', active: true },
  handler1: { _id: 'openid-handler-1', kind: 'staff', name: '维修师傅赵', phone: '13700000002', role: 'handler', communityIds: ['community-a'], department: 'engineering', active: true },
  handler2: { _id: 'openid-handler-2', kind: 'staff', name: '维修师傅钱', phone: '13700000003', role: 'handler', communityIds: ['community-a'], department: 'engineering', active: true },
  head: { _id: 'openid-head', kind: 'staff', name: '工程部孙主管', phone: '13700000004', role: 'department_head', communityIds: ['community-a'], department: 'engineering', active: true },
  strangerStaff: { _id: 'openid-staff-b', kind: 'staff', name: '别的小区客服', phone: '13700000005', role: 'reception', communityIds: ['community-b'], department: 'customer_service', active: true },
} as const;

/** The company's administrator for community-a, for tests of set-up and policy (not in `people`). */
export const admin = { _id: 'openid-admin', kind: 'staff', name: '管理员', phone: '13700000030', role: 'admin', communityIds: ['community-a'], department: 'management', active: true } as const;

export async function seedPeople(c: LocalCloud): Promise<void> {
  await c.db.collection('members').add(Object.values(people).map((p) => ({ ...p })));
}

/**
 * 月度报表 as the page makes it (stats.export, a step per call): start, call again with the job until
 * it hands out the file; `steps` records each answer. A refusal is returned as it came.
 */
export async function exportReport(c: ApiCloud, openid: string, month: { communityId: string; year: number; month: number }, steps: ExportProgress[] = []): Promise<ApiResult<{ fileID: string; url: string }>> {
  let jobId: string | undefined;
  for (;;) {
    const r = await c.call<ExportProgress>(openid, { action: 'stats.export', ...month, jobId });
    if (!r.ok) return r;
    steps.push(r.data);
    if (r.data.done) return { ok: true, data: { fileID: r.data.fileID, url: r.data.url } };
    if (steps.length > 10) throw new Error('the report never finished');
    jobId = r.data.jobId;
  }
}
