// Choosing a handler inside a department (派单; DESIGN.md §3 round-robin or least-load assignment):
// named explicitly, in turn (round robin), or to the one with the fewest open tasks (least load).
// The server supplies the department's candidates and their load; the choice itself is pure.
import { DomainError } from './errors';
import { byCodePoint, type AssignmentStrategy } from './model';

export interface HandlerCandidate {
  staffId: string;
  /** Complaints assigned to them and not yet resolved or closed. */
  openLoad: number;
  /** When they were last given a complaint; null if never. */
  lastAssignedAt: Date | null;
  /** Off duty, on leave or deactivated staff are not available. */
  available: boolean;
}

/** Round robin's turn: never-assigned first, then least recently assigned, ties by id so it is stable. */
function byTurn(a: HandlerCandidate, b: HandlerCandidate): number {
  const ta = a.lastAssignedAt?.getTime() ?? -Infinity;
  const tb = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return byCodePoint(a.staffId, b.staffId);
}

/** Least load: fewest open complaints, then whoever's turn it is. */
function byLoad(a: HandlerCandidate, b: HandlerCandidate): number {
  return a.openLoad - b.openLoad || byTurn(a, b);
}

/**
 * The handler of a complaint in a department. A named handler (`explicit`) wins over the department's
 * strategy but must be one of its available candidates.
 * Errors: ASSIGNMENT.NOT_IN_DEPARTMENT (named, not a candidate), ASSIGNMENT.NOT_AVAILABLE (named, not
 * available), ASSIGNMENT.NO_HANDLER (nobody available), ASSIGNMENT.HANDLER_REQUIRED (the department
 * assigns by name and none was given).
 */
export function chooseHandler(strategy: AssignmentStrategy, candidates: HandlerCandidate[], explicit?: string): string {
  if (explicit !== undefined) {
    const named = candidates.find((c) => c.staffId === explicit);
    if (!named) throw new DomainError('ASSIGNMENT.NOT_IN_DEPARTMENT', `${explicit} is not a handler of this department`);
    if (!named.available) throw new DomainError('ASSIGNMENT.NOT_AVAILABLE', `${explicit} is not available`);
    return named.staffId;
  }
  const available = candidates.filter((c) => c.available);
  if (available.length === 0) throw new DomainError('ASSIGNMENT.NO_HANDLER', 'no available handler in this department');
  if (strategy === 'explicit') throw new DomainError('ASSIGNMENT.HANDLER_REQUIRED', 'this department assigns by name: choose a handler');
  return [...available].sort(strategy === 'least_load' ? byLoad : byTurn)[0]!.staffId;
}
