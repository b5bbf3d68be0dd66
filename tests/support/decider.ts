// A decider specification (after emmett's deciderSpecification): given the events so far, when a
// command comes from an actor at an instant, then exactly these events — or this error code. It
// states behaviour on events, independent of how decide() is written.
import { replay, type ComplaintEvent } from '../../domain/complaint';
import { DomainError } from '../../domain/errors';
import { decide, type Command } from '../../domain/lifecycle';
import type { Actor } from '../../domain/model';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';

export function given(events: ComplaintEvent[], policy: Policy = DEFAULT_POLICY) {
  return {
    when(command: Command, by: Actor, at: Date) {
      const run = () => decide(command, replay(events), by, at, policy);
      return {
        then(expected: ComplaintEvent[]): void {
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
    },
  };
}
