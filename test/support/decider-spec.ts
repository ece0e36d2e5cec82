import type { CommandMeta, Decider, DomainEvent } from '../../src/common/decider.js';
import { fold } from '../../src/common/decider.js';
import { TaizhangError, type ErrorCode } from '../../src/common/errors.js';
import type { JsonObject } from '../../src/common/json.js';

/**
 * Given/when/then for deciders, usable by every domain:
 *
 *   const spec = deciderSpec(taskDecider);
 *   spec.given([...events]).when(command, meta).then([...expectedEvents]);
 *   spec.given([...events]).when(command, meta).thenThrows('FORBIDDEN', /lead unit/);
 *   spec.given([...events]).when(command, meta).thenState((s) => expect(s.status).toBe('X'));
 */
export function deciderSpec<S extends JsonObject, C, E extends DomainEvent>(
  decider: Decider<S, C, E>,
) {
  return {
    given(events: readonly E[] = []) {
      const state = fold(decider, events);
      return {
        state,
        when(command: C, meta: CommandMeta) {
          const run = () => decider.decide(command, state, meta);
          return {
            /** The events decided, exactly (or checked by a function). */
            then(expected: readonly E[] | ((events: readonly E[]) => void)): readonly E[] {
              const events = run();
              if (typeof expected === 'function') expected(events);
              else expect(events).toEqual(expected);
              return events;
            },
            /** The state after folding the decided events into the given ones. */
            thenState(check: (state: S, events: readonly E[]) => void): S {
              const events = run();
              const after = fold(decider, events, state);
              check(after, events);
              return after;
            },
            /** A TaizhangError with this code, whose message matches `message` if given. */
            thenThrows(code: ErrorCode, message?: RegExp | string): TaizhangError {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(TaizhangError);
              const error = thrown as TaizhangError;
              expect(error.code).toBe(code);
              if (message !== undefined) expect(error.message).toMatch(message);
              return error;
            },
          };
        },
      };
    },
  };
}
