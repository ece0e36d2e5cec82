import type { Actor } from './actor.js';
import type { JsonObject } from './json.js';

export interface DomainEvent<T extends string = string, D extends JsonObject = JsonObject> {
  readonly type: T;
  readonly data: D;
  /** Version of the type's data shape, when it has evolved (1 otherwise). */
  readonly schemaVersion?: number;
  /** Paths of personal data in it (`data.responsibleLeader.phone`): hashed as salted commitments. */
  readonly personal?: readonly string[];
}

/** What comes with every command from the edge: who, when, why. Domain code reads no clock. */
export interface CommandMeta {
  readonly actor: Actor;
  /** ISO-8601 time the command was received. */
  readonly at: string;
  readonly reason?: string;
}

/**
 * The pure centre of an aggregate. `decide` answers a command with events or throws a TaizhangError
 * (INVALID_TRANSITION, FORBIDDEN, BAD_USER_INPUT); `evolve` folds an event into state. State is plain
 * JSON so the ledger projection can keep every past state of every record.
 */
export interface Decider<S extends JsonObject, C, E extends DomainEvent> {
  /** Stream name prefix, e.g. 'task-' (streams are `task-<id>`). */
  readonly streamPrefix: string;
  initialState(): S;
  decide(command: C, state: S, meta: CommandMeta): readonly E[];
  evolve(state: S, event: E): S;
}

export const fold = <S extends JsonObject, E extends DomainEvent>(
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  events: Iterable<E>,
  from: S = decider.initialState(),
): S => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};

/** Ends a `switch` over a union so that a new command or event type cannot be forgotten. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
