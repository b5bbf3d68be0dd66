// Every step of the process after intake goes through here: validate → load → authorize scope →
// decide (domain) → compare-and-set (mutateComplaint). A lost race is decided again on fresh state,
// so of two staff accepting at once exactly one wins and the other is told the step is no longer possible.
import type { Complaint } from '../../domain/complaint';
import { chooseHandler } from '../../domain/assignment';
import { authorize, decide, type Command } from '../../domain/lifecycle';
import type { Policy } from '../../domain/policy';
import { departmentFor } from '../../domain/routing';
import type { ActionRequest, CommandInput, ComplaintDetail } from '../../typings/api';
import { applyEvents, complaints, updateComplaint } from './store';
import { canSee, requireOwnPhotos, requireOwnVoiceNote } from '../kernel/access';
import { requestMediaChecks, requestVoiceCheck, requireVoiceFile } from '../kernel/media';
import { type Caller, type Member } from '../kernel/members';
import type { Deps } from '../kernel/ports';
import { photosInOlderEntries } from './timeline';
import { detailOf } from './views';

/** A handler for `department` in the complaint's community: the one named, or by the department's strategy. */
async function pickHandler(deps: Deps, policy: Policy, communityId: string, department: string, named?: string): Promise<string> {
  const _ = deps.db.command;
  const { data } = await deps.db.collection('members').where({ communityIds: communityId, role: _.in(['handler', 'department_head']), department }).limit(100).get();
  const members = data as Member[];
  const strategy = policy.departments.find((d) => d.code === department)?.assignment ?? 'explicit';
  // Heads supervise and approve: they take a complaint only when named, never by rotation or load.
  const candidates = members.map((m) => ({ staffId: m._id, openLoad: m.openLoad ?? 0, lastAssignedAt: m.lastAssignedAt ?? null, available: m.active && (m.role === 'handler' || m._id === named) }));
  return chooseHandler(strategy, candidates, named);
}

/** Turn the API's command into the domain's, filling in what the server knows. */
async function toDomainCommand(deps: Deps, policy: Policy, c: Complaint, input: CommandInput): Promise<Command> {
  switch (input.type) {
    case 'triage': {
      if (!input.valid) return input;
      const department = input.department ?? departmentFor(policy, input.category);
      return { ...input, department, handlerId: await pickHandler(deps, policy, c.communityId, department, input.handlerId) };
    }
    case 'transfer':
      return { ...input, handlerId: await pickHandler(deps, policy, c.communityId, input.department, input.handlerId) };
    case 'add_info': {
      // A photo attached again is found among the entries at hand, or by index among the older ones.
      const atHand = attached(c);
      const unseen = [...new Set(input.photos)].filter((p) => !atHand.has(p));
      const older = unseen.length > 0 && (c.timeline[0]?.seq ?? 1) > 1 ? await photosInOlderEntries(deps, c.id, unseen) : new Set<string>();
      return { ...input, attached: input.photos.filter((p) => atHand.has(p) || older.has(p)) };
    }
    case 'merge': {
      const { state: target } = await complaints.load(deps.db, input.targetId);
      return { type: 'merge', target: { id: target.id, communityId: target.communityId, status: target.status }, explanation: input.explanation };
    }
    default:
      return input;
  }
}

function photosOf(input: CommandInput): string[] {
  return 'photos' in input ? input.photos : [];
}

/** The photos and voice notes attached to the complaint that its document holds: the intake's and the latest entries'. */
function attached(c: Complaint): Set<string> {
  return new Set([...c.photos, ...c.timeline.flatMap((e) => [...('photos' in e ? e.photos : []), ...('voiceNote' in e && e.voiceNote ? [e.voiceNote.file] : [])])]);
}

export async function command(deps: Deps, caller: Caller, req: ActionRequest<'complaint.command'>): Promise<ComplaintDetail> {
  // Owners and staff alike attach only what they uploaded themselves.
  requireOwnPhotos(caller.openid, photosOf(req.command));
  const voiceNote = req.command.type === 'add_info' ? req.command.voiceNote : null;
  requireOwnVoiceNote(caller.openid, voiceNote);
  await requireVoiceFile(deps, voiceNote?.file);
  // The command as decided on the state that was finally written (a lost race decides it again).
  const decided: { command?: Command } = {};
  const { before, after: saved } = await complaints.mutate(deps, req.id, async (stored, now, policy) => {
    canSee(caller, stored.state);
    // Refuse what the caller may not do before spending reads on it.
    authorize(req.command.type, stored.state, caller.actor);
    decided.command = await toDomainCommand(deps, policy, stored.state, req.command);
    return applyEvents(stored, decide(decided.command, stored.state, caller.actor, now, policy), policy, now);
  });
  const domainCommand = decided.command!;
  // The original of a merged duplicate records it on its own timeline.
  if (domainCommand.type === 'merge') await updateComplaint(deps, domainCommand.target.id, () => ({ type: 'receive_merge', sourceId: saved.id }));
  // Round robin counts from the last assignment, recorded once the assignment has landed.
  if ((domainCommand.type === 'triage' && domainCommand.valid) || domainCommand.type === 'transfer') {
    await deps.db.collection('members').doc(domainCommand.handlerId).update({ lastAssignedAt: deps.now() });
  }
  const earlier = attached(before);
  // 补充信息 is the owner's comment (scene 2); evidence and results are records (scene 1). A photo
  // attached again was checked the first time (one check per photo and complaint: kernel/media.ts).
  const added = domainCommand.type === 'add_info' ? photosOf(req.command).filter((p) => !domainCommand.attached?.includes(p)) : photosOf(req.command);
  await Promise.all([
    requestMediaChecks(deps, caller.openid, saved.id, added.filter((p) => !earlier.has(p)), req.command.type === 'add_info' ? 2 : 1),
    // A voice note comes only with 补充信息, the owner's comment (scene 2).
    requestVoiceCheck(deps, caller.openid, saved.id, voiceNote && !earlier.has(voiceNote.file) ? voiceNote.file : null, 2),
  ]);
  // The state just written is the answer: no second read.
  return detailOf(deps, caller, saved);
}
