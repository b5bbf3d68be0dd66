// Choosing a handler inside a department (派单): named explicitly, in turn (round robin), or to the
// one with the fewest open tasks (least load). The server supplies the candidates and their load.
import { DomainError } from './errors';
import type { AssignmentStrategy } from './model';

export interface HandlerCandidate {
  staffId: string;
  openLoad: number;
  lastAssignedAt: Date | null;
  /** Off duty, on leave or deactivated staff are not available. */
  available: boolean;
}

/** Least recently assigned first; never-assigned before anyone; ties by id so the choice is stable. */
function byTurn(a: HandlerCandidate, b: HandlerCandidate): number {
  const ta = a.lastAssignedAt?.getTime() ?? -Infinity;
  const tb = b.lastAssignedAt?.getTime() ?? -Infinity;
  return ta - tb || a.staffId.localeCompare(b.staffId);
}

export function chooseHandler(strategy: AssignmentStrategy, candidates: HandlerCandidate[], explicit?: string): string {
  const available = candidates.filter((c) => c.available);
  if (explicit !== undefined) {
    const named = candidates.find((c) => c.staffId === explicit);
    if (!named) throw new DomainError('ASSIGNMENT.NOT_IN_DEPARTMENT', `${explicit} is not a handler of this department`);
    if (!named.available) throw new DomainError('ASSIGNMENT.NOT_AVAILABLE', `${explicit} is not available`);
    return named.staffId;
  }
  if (available.length === 0) throw new DomainError('ASSIGNMENT.NO_HANDLER', 'no available handler in this department');
  if (strategy === 'explicit') throw new DomainError('ASSIGNMENT.HANDLER_REQUIRED', 'this department assigns by name: choose a handler');
  const order = strategy === 'least_load' ? (a: HandlerCandidate, b: HandlerCandidate) => a.openLoad - b.openLoad || byTurn(a, b) : byTurn;
  return [...available].sort(order)[0]!.staffId;
}
