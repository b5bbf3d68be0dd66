// A decider specification (after emmett's deciderSpecification): given the events so far, when a
// command comes from an actor at an instant, then exactly these events — or this error code. It
// states behaviour on events, independent of how decide() is written.
import { replay, type ComplaintEvent } from '../../domain/complaint';
import type { Decider } from '../../domain/decider';
import { DomainError } from '../../domain/errors';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';

/**
 * The specification of any module's decider (domain/decider.ts): the state is the given events folded
 * by its evolve; the command is decided at an instant under a policy.
 */
export function deciderSpec<C, S, E>(decider: Decider<C, S, E>) {
  return {
    given(events: E[], policy: Policy = DEFAULT_POLICY) {
      return {
        when(command: C, at: Date) {
          return outcome(() => decider.decide(command, events.reduce(decider.evolve, decider.initialState), policy, at));
        },
      };
    },
  };
}

function outcome<E>(run: () => E[]) {
  return {
    then(expected: E[]): void {
      expect(run()).toEqual(expected);
    },
    thenRefused(code: string): void {
      let thrown: unknown = null;
      try {
        run();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect((thrown as DomainError).code).toBe(code);
    },
  };
}

/** The complaint's decider keeps its own signature (the actor apart from the command): specified the same way. */
export function given(events: ComplaintEvent[], policy: Policy = DEFAULT_POLICY) {
  return {
    when(command: Command, by: Actor, at: Date) {
      return outcome(() => decide(command, replay(events), by, at, policy));
    },
  };
}
