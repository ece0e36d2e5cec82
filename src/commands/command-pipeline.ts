import { toEventActor } from '../common/actor.js';
import type { AppendResult, EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { ConcurrencyError } from '../common/errors.js';
import { fold, type CommandMeta, type Decider, type DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';

export interface CommandRequest<C> {
  readonly streamId: string;
  readonly command: C;
  readonly meta: CommandMeta;
  readonly commandId: string;
  readonly correlationId?: string;
  /** The version the client read (number of events); stale means CONFLICT, never an overwrite. */
  readonly expectedVersion?: number;
}

export interface CommandOutcome<S> {
  readonly streamId: string;
  readonly state: S;
  /** The state before the command's last event: its field changes, when the read side is behind. */
  readonly previous: S;
  /** Number of events in the stream after the command. */
  readonly version: number;
  readonly append: AppendResult;
}

const MAX_ATTEMPTS = 3;

export async function readWholeStream(
  store: EventStore,
  streamId: string,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readStream(streamId, {
      fromRevision: BigInt(events.length),
      maxCount: 1000,
    });
    events.push(...page);
    if (page.length < 1000) return events;
  }
}

/** A record's state now: its whole stream folded by its decider. */
export async function loadState<S extends JsonObject, E extends DomainEvent>(
  store: EventStore,
  decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
  streamId: string,
): Promise<S> {
  return fold(decider, (await readWholeStream(store, streamId)) as unknown as E[]);
}

/**
 * The one command pipeline every domain uses: read the stream, fold, decide, append at the revision
 * just read. A retried command id answers with what it wrote the first time; a lost race is retried
 * when the client did not pin a version, and reported as CONFLICT when it did.
 */
export async function runCommand<S extends JsonObject, C, E extends DomainEvent>(
  store: EventStore,
  decider: Decider<S, C, E>,
  request: CommandRequest<C>,
): Promise<CommandOutcome<S>> {
  for (let attempt = 1; ; attempt++) {
    const history = await readWholeStream(store, request.streamId);
    const version = history.length;
    const state = fold(decider, history as unknown as E[]);
    const earlier = history.filter((e) => e.metadata.commandId === request.commandId);
    if (earlier.length) {
      const last = earlier[earlier.length - 1];
      return {
        streamId: request.streamId,
        state,
        previous: state,
        version,
        append: {
          streamId: request.streamId,
          revision: last.revision,
          position: last.position,
          events: earlier,
          duplicate: true,
        },
      };
    }
    if (request.expectedVersion !== undefined && request.expectedVersion !== version) {
      throw new ConcurrencyError(
        request.streamId,
        String(request.expectedVersion),
        String(version),
      );
    }
    const events = decider.decide(request.command, state, request.meta);
    if (events.length === 0) return unchanged(request.streamId, state, history);
    try {
      const append = await store.append({
        streamId: request.streamId,
        expectedRevision: version === 0 ? 'no_stream' : BigInt(version - 1),
        events,
        context: {
          actor: toEventActor(request.meta.actor),
          commandId: request.commandId,
          correlationId: request.correlationId,
          recordedAt: request.meta.at,
          reason: request.meta.reason,
        },
      });
      const previous = fold(decider, events.slice(0, -1), state);
      return {
        streamId: request.streamId,
        state: fold(decider, events.slice(-1), previous),
        previous,
        version: version + events.length,
        append,
      };
    } catch (error) {
      const retry =
        error instanceof ConcurrencyError &&
        request.expectedVersion === undefined &&
        attempt < MAX_ATTEMPTS;
      if (!retry) throw error;
    }
  }
}

/**
 * A command that changes nothing appends nothing; it answers like a retry, with the record as it
 * stands and the stream's latest entry.
 */
function unchanged<S>(streamId: string, state: S, history: RecordedEvent[]): CommandOutcome<S> {
  const last = history[history.length - 1];
  if (!last) throw new Error(`${streamId}: a decision with no events on an empty stream`);
  return {
    streamId,
    state,
    previous: state,
    version: history.length,
    append: {
      streamId,
      revision: last.revision,
      position: last.position,
      events: [last],
      duplicate: true,
    },
  };
}
