import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { isTaizhangError } from '../src/common/errors.js';
import { backoff, pagesAfter, pause } from '../src/event-store/catch-up.js';
import type {
  AllFilter,
  EventStore,
  Position,
  RecordedEvent,
} from '../src/event-store/event-store.port.js';
import type { ProjectionRunner } from './runner.js';

/**
 * A process manager: reacts to events by sending commands (the spot-check fan-out now; reminders,
 * complaint and reconciliation workflows next). Its effects must be idempotent, e.g. commands whose
 * ids derive from the event's: after a crash the runner hands it the same event again.
 */
export interface Reactor {
  readonly name: string;
  readonly filter: AllFilter;
  react(event: RecordedEvent): Promise<void>;
}

/**
 * Runs reactors behind the projection runner: each follows the log with its own checkpoint (in the
 * read-model file), only as far as the projections have applied, so a reactor may read the read
 * side and find what it reacts to. A checkpoint moves past an event only once `react` finished: a
 * crash repeats at most that event, and its idempotent commands append nothing the second time. A
 * domain refusal (the task moved on meanwhile) is reported and passed; any other error is retried.
 */
export class ReactorRunner {
  private readonly reactors: Reactor[] = [];
  private readonly positions = new Map<string, Position>();
  private readonly abort = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly save: StatementSync;
  private readonly load: StatementSync;

  constructor(
    private readonly store: EventStore,
    private readonly projections: ProjectionRunner,
    db: DatabaseSync,
    private readonly onError: (reactor: string, error: unknown) => void = () => {},
  ) {
    db.exec(`CREATE TABLE IF NOT EXISTS reactor_checkpoints (
      name TEXT PRIMARY KEY, position INTEGER NOT NULL) WITHOUT ROWID`);
    this.save = db.prepare(
      'INSERT INTO reactor_checkpoints (name, position) VALUES (?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.load = db.prepare('SELECT position FROM reactor_checkpoints WHERE name = ?');
  }

  /** Adds a reactor; it starts with `start()` (or at once, if the runner already started). */
  register(reactor: Reactor): void {
    const row = this.load.get(reactor.name) as { position: number } | undefined;
    this.positions.set(reactor.name, BigInt(row?.position ?? 0));
    this.reactors.push(reactor);
    if (this.loops.length) this.loops.push(this.follow(reactor));
  }

  start(): void {
    if (this.loops.length || this.abort.signal.aborted) return;
    for (const reactor of this.reactors) this.loops.push(this.follow(reactor));
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.loops);
  }

  /** Where a reactor's checkpoint stands: every event up to it has been reacted to. */
  position(name: string): Position {
    return this.positions.get(name) ?? 0n;
  }

  /** Resolves once the reactor has reacted to `position` (or passed it), or after `timeoutMs` with false. */
  async reach(name: string, position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.position(name) < position) {
      if (Date.now() >= deadline || this.abort.signal.aborted) return false;
      await pause(10, this.abort.signal);
    }
    return true;
  }

  /** Resolves once every reactor has reacted to `position`, or after `timeoutMs` with false. */
  async reachAll(position: Position, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (const { name } of this.reactors)
      if (!(await this.reach(name, position, Math.max(0, deadline - Date.now())))) return false;
    return true;
  }

  private async follow(reactor: Reactor): Promise<void> {
    const signal = this.abort.signal;
    const pages = pagesAfter(this.store, {
      after: () => this.position(reactor.name),
      until: () => this.projections.caughtUpTo,
      idle: (s) => this.nextBatch(s),
      maxCount: 200,
      filter: reactor.filter,
      signal,
      onError: (error) => this.onError(reactor.name, error),
    });
    let attempt = 0;
    for await (const { events, through } of pages) {
      try {
        for (const event of events) {
          if (signal.aborted) return;
          await this.reactTo(reactor, event);
          this.advance(reactor.name, event.position);
        }
        this.advance(reactor.name, through);
        attempt = 0;
      } catch (error) {
        this.onError(reactor.name, error);
        await pause(backoff(++attempt), signal);
      }
    }
  }

  private advance(name: string, position: Position): void {
    if (position <= this.position(name)) return;
    this.positions.set(name, position);
    this.save.run(name, position);
  }

  private async reactTo(reactor: Reactor, event: RecordedEvent): Promise<void> {
    try {
      await reactor.react(event);
    } catch (error) {
      if (!isTaizhangError(error)) throw error;
      this.onError(reactor.name, error);
    }
  }

  /** Sleeps until the projections apply their next batch (they follow the store's appends). */
  private nextBatch(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, 1000);
      const off = this.projections.onApplied(() => done());
      signal.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', done);
        resolve();
      }
    });
  }
}
