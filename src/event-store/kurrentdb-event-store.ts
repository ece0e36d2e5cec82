import { randomUUID as uuidv4 } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  NO_STREAM,
  START,
  excludeSystemEvents,
  type AllStreamSubscription,
  type ReadPosition,
} from '@kurrent/kurrentdb-client';
import { BadInputError } from '../common/errors.js';
import { allFilterMatcher } from './all-filter.js';
import { AppendSignal } from './append-signal.js';
import { catchUpSubscription } from './catch-up.js';
import {
  acceptsRevision,
  conflict,
  sealEvents,
  snapshotAppend,
  validateAppend,
} from './envelope.js';
import { commitPersonalData, type SealedValue } from './personal-data.js';
import type {
  AllReadOptions,
  AppendRequest,
  AppendResult,
  EventStore,
  EventSubscription,
  PersonalRef,
  PersonalSecret,
  Position,
  RecordedEvent,
  StreamReadOptions,
  SubscriptionOptions,
} from './event-store.port.js';
import { GENESIS_HASH } from './hashing.js';
import {
  fromVendor,
  isPersonalSecret,
  isStreamDeleted,
  PERSONAL_EVENT,
  personalStreamOf,
  isStreamNotFound,
  isTooLarge,
  isWrongExpectedVersion,
  LostRace,
  redact,
  replay,
  serverFilter,
  toEventData,
} from './kurrentdb-mapping.js';

/** How far back an append looks for an earlier run of the same command (the idempotency window). */
const DUPLICATE_WINDOW = 1000;
/** Races lost by an 'any' append before giving up: each retry re-reads the head and re-seals. */
const ANY_ATTEMPTS = 5;
const READ_ALL_DEFAULT = 1000;
/** headPosition looks at most this far back past foreign (non-Taizhang) events. */
const HEAD_SCAN = 1000;

/**
 * The production event store: KurrentDB through its official client. The hash chain, the event ids
 * and the input checks are the shared ones from envelope.ts; this class only maps them onto
 * KurrentDB's expected revisions, reads and subscriptions.
 */
export class KurrentDbEventStore implements EventStore {
  readonly kind = 'kurrentdb' as const;
  private readonly appended = new AppendSignal();
  private live?: AllStreamSubscription;
  private closed = false;

  private constructor(private readonly client: KurrentDBClient) {}

  /** Connects and makes one read, so a wrong URL or a stopped server fails the start, not the first request. */
  static async connect(url: string): Promise<KurrentDbEventStore> {
    const store = new KurrentDbEventStore(KurrentDBClient.connectionString(url));
    try {
      await store.headPosition();
    } catch (error) {
      await store.client.dispose().catch(() => undefined);
      throw new Error(
        `KurrentDB 无法连接 / cannot reach KurrentDB at ${redact(url)} (${(error as Error).message}); ` +
          'is it running (docker compose up kurrentdb) and is tls= right for it?',
        { cause: error },
      );
    }
    return store;
  }

  async append(input: AppendRequest): Promise<AppendResult> {
    if (this.closed) throw new Error('event store is closed');
    // A private copy: the request is used again after awaits and on retries. Personal values are
    // committed once, so every retry seals the same commitments.
    const committed = commitPersonalData(input);
    const dataJson = validateAppend(committed.request);
    const request = snapshotAppend(committed.request, dataJson);
    const result = await this.appendSealed(request, dataJson, committed.sealed);
    if (result.duplicate) await this.dropPersonal(committed.sealed.flat());
    return result;
  }

  /**
   * Personal values go to their own streams before the event (KurrentDB commits one stream per
   * append): when the event append then finds an earlier run they are dropped again, and a failure
   * in between leaves only a value that no event commits to.
   */
  private async appendSealed(
    request: AppendRequest,
    dataJson: readonly string[],
    personal: readonly (readonly SealedValue[])[],
  ): Promise<AppendResult> {
    const { streamId, expectedRevision } = request;
    for (let attempt = 1; ; attempt++) {
      const tail = await this.tail(streamId);
      const earlier = replay(request, tail);
      if (earlier) return earlier;

      const head = tail[0];
      const current = head ? head.revision : -1n;
      if (!acceptsRevision(expectedRevision, current)) throw conflict(request, current);

      const sealed = sealEvents(
        request,
        current + 1n,
        head ? head.metadata.hash : GENESIS_HASH,
        dataJson,
      );
      await this.keepPersonal(sealed, personal);
      try {
        const result = await this.client.appendToStream(streamId, sealed.map(toEventData), {
          // Always the exact revision the chain was sealed on: the client's default is no check.
          streamState: current === -1n ? NO_STREAM : current,
        });
        if (!result.success) throw new LostRace();
      } catch (error) {
        if (isTooLarge(error)) {
          throw new BadInputError(
            '追加内容超过 KurrentDB 的大小上限',
            `The append is larger than KurrentDB accepts (${(error as Error).message}); split it`,
            { field: 'events' },
          );
        }
        if (!(error instanceof LostRace) && !isWrongExpectedVersion(error)) throw error;
        // Someone wrote first. Perhaps a concurrent run of this very command: the next read
        // answers with its events. Otherwise 'any' tries again on the new head.
        if (expectedRevision === 'any' && attempt < ANY_ATTEMPTS) {
          await sleep(Math.random() * 20 * attempt);
          continue;
        }
        const after = await this.tail(streamId);
        const winner = replay(request, after);
        if (winner) return winner;
        throw conflict(request, after[0]?.revision ?? -1n);
      }
      return this.confirm(request, sealed);
    }
  }

  /**
   * Reads back what was appended. It gives every event its position (an append reports only the
   * last one's), and it catches the server's own idempotency: an append whose event ids match the
   * events right after the expected revision succeeds without writing, so the stored events may be
   * an earlier run of the command rather than ours.
   */
  private async confirm(
    request: AppendRequest,
    sealed: Omit<RecordedEvent, 'position'>[],
  ): Promise<AppendResult> {
    const stored = await this.readStrict(
      request.streamId,
      {
        fromRevision: sealed[0].revision,
        maxCount: sealed.length,
      },
      true,
    );
    const ids = stored.map((e) => e.eventId).join();
    if (stored.length !== sealed.length || ids !== sealed.map((e) => e.eventId).join()) {
      throw new Error(
        `KurrentDB accepted the append to ${request.streamId} but reading it back gave other events; ` +
          'was the stream deleted or truncated?',
      );
    }
    const last = stored[stored.length - 1];
    return {
      streamId: request.streamId,
      revision: last.revision,
      position: last.position,
      events: stored,
      duplicate: stored[0].metadata.hash !== sealed[0].metadata.hash,
    };
  }

  /** Each committed value in its own stream, named by its commitment; written once, whatever the retries. */
  private async keepPersonal(
    sealed: readonly Omit<RecordedEvent, 'position'>[],
    personal: readonly (readonly SealedValue[])[],
  ): Promise<void> {
    for (const [i, values] of personal.entries()) {
      for (const value of values) {
        const secret: PersonalSecret = { ...value, eventId: sealed[i].eventId };
        await this.client.appendToStream(
          personalStreamOf(value.commitment),
          {
            id: uuidv4(),
            contentType: 'application/json',
            type: PERSONAL_EVENT,
            data: { ...secret },
            metadata: undefined,
          },
          { streamState: 'any' },
        );
      }
    }
  }

  /** Erases values whose event was never written (a retried command answers with its first run). */
  private async dropPersonal(values: readonly SealedValue[]): Promise<void> {
    for (const value of values) await this.tombstone(personalStreamOf(value.commitment));
  }

  private async tombstone(stream: string): Promise<boolean> {
    try {
      await this.client.tombstoneStream(stream);
      return true;
    } catch (error) {
      if (isStreamNotFound(error) || isStreamDeleted(error)) return false;
      throw error;
    }
  }

  /** An administrative look-up by event id: a scan of $all, fine for the rare erasure. */
  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    for (let after = 0n; ;) {
      const page = await this.readAll({ after, maxCount: 5000 });
      if (page.length === 0) return undefined;
      const found = page.find((e) => e.eventId === eventId.toLowerCase());
      if (found) return found;
      after = page[page.length - 1].position;
    }
  }

  async readPersonalData(commitments: readonly string[]): Promise<PersonalSecret[]> {
    const found: PersonalSecret[] = [];
    for (const commitment of new Set(commitments)) {
      try {
        for await (const resolved of this.client.readStream(personalStreamOf(commitment), {
          maxCount: 1,
        })) {
          const data = resolved.event?.data;
          if (isPersonalSecret(data) && data.commitment === commitment) found.push(data);
        }
      } catch (error) {
        if (!isStreamNotFound(error) && !isStreamDeleted(error)) throw error;
      }
    }
    return found;
  }

  /** Tombstones the value's stream: unreadable at once, removed from disk by the next scavenge. */
  async erasePersonalData(ref: PersonalRef): Promise<boolean> {
    return this.tombstone(personalStreamOf(ref.commitment));
  }

  /** The newest events of a stream, newest first, from the leader (a follower may lag our writes). */
  private tail(streamId: string): Promise<RecordedEvent[]> {
    return this.readStrict(streamId, { direction: 'backwards', maxCount: DUPLICATE_WINDOW }, true);
  }

  async readStream(streamId: string, options: StreamReadOptions = {}): Promise<RecordedEvent[]> {
    return this.readStrict(streamId, options, false);
  }

  /** Stream reads refuse foreign events: a stream of ours with a hole in it is not one to fold. */
  private async readStrict(
    streamId: string,
    options: StreamReadOptions,
    requiresLeader: boolean,
  ): Promise<RecordedEvent[]> {
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const reads = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        requiresLeader,
      });
      for await (const resolved of reads) {
        const event = fromVendor(resolved);
        if (!event) {
          throw new Error(
            `${streamId}@${resolved.event?.revision ?? '?'} is not a Taizhang event (no JSON envelope)`,
          );
        }
        events.push(event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return events;
  }

  /**
   * $all forwards, strictly after `after`. The server filters what it can; the rest (system events,
   * the second half of a filter) is dropped here, and reading goes on past dropped pages, so an
   * empty answer always means "nothing more yet" and a catch-up never stalls on a filtered page.
   */
  async readAll(options: AllReadOptions = {}): Promise<RecordedEvent[]> {
    const maxCount = options.maxCount ?? READ_ALL_DEFAULT;
    const wanted = allFilterMatcher(options.filter);
    const filter = serverFilter(options.filter);
    const found: RecordedEvent[] = [];
    let cursor = options.after ?? 0n;
    let beyond = false;
    while (found.length < maxCount && !beyond) {
      // fromPosition is inclusive, and a real event position is a valid place to start from (our
      // appends commit each event on its own, so commit and prepare positions are equal).
      const from: ReadPosition = cursor > 0n ? { commit: cursor, prepare: cursor } : START;
      const ask = maxCount - found.length + 1;
      let last = cursor;
      for await (const resolved of this.client.readAll({
        fromPosition: from,
        maxCount: ask,
        filter,
      })) {
        const position = resolved.event?.position?.commit ?? resolved.commitPosition;
        if (position === undefined || position <= cursor) continue;
        if (options.through !== undefined && position > options.through) {
          beyond = true;
          break;
        }
        last = position;
        const event = fromVendor(resolved);
        if (event && wanted(event)) found.push(event);
      }
      // Only a read that brings nothing new ends it: a short read is not proof of the end, since a
      // filtered read may stop at its search window.
      if (last === cursor) break;
      cursor = last;
    }
    return found.slice(0, maxCount);
  }

  subscribeToAll(options: SubscriptionOptions = {}): EventSubscription {
    return catchUpSubscription(this, options);
  }

  /** Newest of our events; most of the time the very last event of $all, so ask for one first. */
  async headPosition(): Promise<Position> {
    for (const maxCount of [1, HEAD_SCAN]) {
      let seen = 0;
      const reads = this.client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount,
        filter: excludeSystemEvents(),
      });
      for await (const resolved of reads) {
        seen++;
        const event = fromVendor(resolved);
        if (event) return event.position;
      }
      if (seen < maxCount) break;
    }
    return 0n;
  }

  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.follow();
    return this.appended.wait(timeoutMs, signal, this.closed);
  }

  /** One live subscription from the end of $all, shared by every waiter; only used as a wake-up. */
  private follow(): void {
    if (this.live || this.closed) return;
    const live = this.client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents() });
    this.live = live;
    const drop = (): void => {
      if (this.live !== live) return;
      this.live = undefined;
      live.unsubscribe().catch(() => undefined);
    };
    live.on('data', () => this.appended.notify());
    // Without an error listener a dropped connection would crash the process; the next wait resubscribes.
    live.on('error', drop);
    live.on('end', drop);
    live.on('close', drop);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.appended.notify();
    const live = this.live;
    this.live = undefined;
    await live?.unsubscribe().catch(() => undefined);
    await this.client.dispose();
  }
}
