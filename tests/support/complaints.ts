// Builders for domain tests: actors, commands and complaints brought to each status through the real
// decide/evolve path (never by writing state by hand), so a fixture is always a reachable state.
import { evolve, type Complaint } from '../../domain/complaint';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor, Role, Status } from '../../domain/model';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';

export const at = (iso: string): Date => new Date(iso);

export const actors = {
  owner: { role: 'owner', id: 'openid-owner-1' },
  otherOwner: { role: 'owner', id: 'openid-owner-2' },
  reception: { role: 'reception', id: 'staff-reception' },
  handler: { role: 'handler', id: 'staff-handler-1' },
  otherHandler: { role: 'handler', id: 'staff-handler-2' },
  departmentHead: { role: 'department_head', id: 'staff-head' },
  dutyManager: { role: 'duty_manager', id: 'staff-duty' },
  generalManager: { role: 'general_manager', id: 'staff-gm' },
  securitySupervisor: { role: 'security_supervisor', id: 'staff-security' },
  admin: { role: 'admin', id: 'staff-admin' },
  system: { role: 'system', id: 'scheduler' },
} satisfies Record<string, Actor>;

/** The canonical actor of each role: the one the guards accept (own complaint, assigned handler). */
export function actorFor(role: Role | 'system'): Actor {
  const byRole: Record<Role | 'system', Actor> = {
    owner: actors.owner,
    reception: actors.reception,
    handler: actors.handler,
    department_head: actors.departmentHead,
    duty_manager: actors.dutyManager,
    general_manager: actors.generalManager,
    security_supervisor: actors.securitySupervisor,
    admin: actors.admin,
    system: actors.system,
  };
  return byRole[role];
}

export function submitCommand(overrides: Partial<Extract<Command, { type: 'submit' }>> = {}): Command {
  return {
    type: 'submit',
    id: 'c-1',
    number: 'TS20261118-0001',
    communityId: 'community-a',
    complainant: { openid: actors.owner.id, name: '张先生', phone: '13800138000', roomId: 'room-1-2-301' },
    location: { kind: 'room', building: '1', unit: '2', room: '301' },
    description: '楼上漏水，天花板有水渍',
    desiredOutcome: '尽快维修并赔偿损失',
    photos: ['cloud://env.bucket/complaint-photos/openid-owner-1/a.jpg'],
    contactTime: '工作日晚上',
    suggestedUrgency: null,
    suggestedCategory: null,
    ...overrides,
  };
}

export const triageCommand: Command = {
  type: 'triage',
  valid: true,
  category: 'repair',
  urgency: 'important',
  complexity: 'ordinary',
  department: 'engineering',
  handlerId: actors.handler.id,
};

export class Scenario {
  state: Complaint | null = null;
  constructor(
    public now: Date,
    public policy: Policy = DEFAULT_POLICY,
  ) {}

  /** Apply a command as `actor`, advancing the clock by `minutes` first. */
  run(command: Command, actor: Actor, minutes = 0): this {
    this.now = new Date(this.now.getTime() + minutes * 60_000);
    for (const e of decide(command, this.state, actor, this.now, this.policy)) this.state = evolve(this.state, e);
    return this;
  }

  get complaint(): Complaint {
    if (!this.state) throw new Error('no complaint yet');
    return this.state;
  }
}

/** A complaint taken on the phone by reception for a caller without the mini-program (seed 003 (2)(4)). */
export function recordCommand(): Command {
  const { complainant: _owner, ...intake } = submitCommand() as Extract<Command, { type: 'submit' }>;
  return { ...intake, type: 'record', channel: 'phone', complainant: { name: '王大爷', phone: '13500000000' } };
}

/**
 * The shortest normal path to each status, from a submission on Wednesday 2026-11-18 10:00 — by the
 * owner in the app, or (`intake: 'phone'`) recorded from a call, answered by phone, and closed by staff.
 */
export function complaintAt(status: Status, policy: Policy = DEFAULT_POLICY, intake: 'app' | 'phone' = 'app'): Scenario {
  const s = new Scenario(at('2026-11-18T10:00:00+08:00'), policy).run(intake === 'app' ? submitCommand() : recordCommand(), intake === 'app' ? actors.owner : actors.reception);
  if (status === 'submitted') return s;
  s.run(triageCommand, actors.reception, 10);
  if (status === 'assigned') return s;
  s.run({ type: 'accept' }, actors.handler, 10);
  if (status === 'accepted') return s;
  s.run({ type: 'investigate', findings: '楼上卫生间防水层破损', photos: [], responsibleParty: 'property' }, actors.handler, 30);
  if (status === 'investigated') return s;
  const plan: Command = { type: 'plan', description: '重做防水并修补天花', expectedCompletionAt: at('2026-11-20T18:00:00+08:00'), estimatedCost: 800, externalParties: [] };
  s.run(plan, actors.handler, 10);
  if (status === 'awaiting_approval') return s;
  s.run({ type: 'approve_plan', comment: '同意' }, actors.departmentHead, 10);
  if (status === 'in_progress') return s;
  s.run({ type: 'resolve', result: '已完成防水修复，天花已修补', photos: ['cloud://env.bucket/r.jpg'] }, actors.handler, 60);
  if (status === 'resolved') return s;
  if (intake === 'phone') {
    s.run({ type: 'record_reply', way: 'phone', outcome: 'satisfied', note: '已电话告知处理结果', score: 5 }, actors.reception, 60);
    return s.run({ type: 'close', explanation: '已答复，投诉人满意' }, actors.dutyManager, 10);
  }
  s.run({ type: 'rate', score: 5, comment: '很满意' }, actors.owner, 60);
  return s;
}
