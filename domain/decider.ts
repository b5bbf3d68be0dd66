// The one shape every module's process rules take (issue 30.1): a pure `decide(command, state,
// policy, now)` that answers a command with events — or refuses it with a catalogue code
// (DomainError) — and an `evolve` that folds an event into the state. A handler gathers the inputs,
// decides, evolves, and writes; the given/when/then specification (tests/support/decider.ts) states
// each module's behaviour on events alone.
import type { Policy } from './policy';

export interface Decider<C, S, E> {
  decide(command: C, state: S, policy: Policy, now: Date): E[];
  evolve(state: S, event: E): S;
  /** The state before any event. */
  initialState: S;
}

/** The end of a decide's dispatch: a command type added to the union without its case fails to compile. */
export function unreachable(command: never): never {
  throw new Error(`no decision for ${JSON.stringify(command)}`);
}
