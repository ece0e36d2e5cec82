import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { BadInputError } from '../src/common/errors.js';
import { backoff, pagesAfter, pause } from '../src/event-store/catch-up.js';
import type { EventStore, Position, RecordedEvent } from '../src/event-store/event-store.port.js';
import { allFilterMatcher } from '../src/event-store/all-filter.js';
import type { Projection } from './projection.js';

export interface RunnerOptions {
  /** Events read a page, and applied a transaction when following the store live. */
  readonly batchSize?: number;
  /**
   * Events a transaction of a catch-up spans (a rebuild, `resume`, the catch-up before the server
   * listens), read in pages of `batchSize`; `batchSize` when not given. A task's state is packed
   * and its rows written once a transaction: CATCH_UP_BATCH.
   */
  readonly catchUpBatch?: number;
  readonly onProgress?: (progress: Progress) => void;
  /**
   * Before each index a rebuild or a resume makes once its catch-up is done (at 10^7 events they
   * take about an eighth of a rebuild), and once more with `made` equal to `total` at the end.
   */
  readonly onIndexes?: (progress: IndexProgress) => void;
  readonly onError?: (error: unknown) => void;
  /**
   * Projections a catch-up from nothing runs in a thread of its own, into a file of its own, moved
   * into the read models once done (projections/apart.ts): the two cores share a rebuild.
   */
  readonly apart?: Apart;
  /** Before the tables of a projection caught up apart are copied in: tens of seconds at 10^7. */
  readonly onMoveIn?: (projection: string, tables: readonly string[]) => void;
}

/**
 * Runs some projections' catch-up elsewhere (a worker thread) into a file of their own. They must
 * read and write only their own tables, and hold no triggers: their tables are copied in whole.
 */
export interface Apart {
  /** The projections to run apart, by name, when they start from nothing. */
  readonly names: readonly string[];
  /** How far behind the store's head they must be for it to pay (DEFER_INDEXES_BEHIND if not given). */
  readonly behind?: bigint;
  /**
   * Catches the named projections up into `file` (resuming what it holds) to the store's head,
   * their indexes made; resolves when done. Aborted: stops, leaving the file to resume from.
   */
  catchUp(file: string, names: readonly string[], events: ApartEvents): Promise<void>;
}

/** What a catch-up run apart reports, and what stops it. */
export interface ApartEvents {
  readonly onProgress?: (progress: Progress) => void;
  readonly onIndexes?: (progress: IndexProgress) => void;
  readonly signal: AbortSignal;
}

/** The indexes left to make after a catch-up: `made` of `total` done, `index` the next one. */
export interface IndexProgress {
  readonly made: number;
  readonly total: number;
  readonly index?: string;
}

/**
 * Events a page read by a rebuild or a resumed one (the CLI and bench:scale use it). A page's
 * decoded events are most of the heap a catch-up holds: with pages of 20,000 the first 2 million
 * events of the 10^7 store rebuilt with RSS rising from 868 to 1,261 MiB; with pages of 5,000 it
 * stayed at 869 to 899 MiB from 500,000 events on, at the same CPU an event (bench:rebuild --batch).
 */
export const REBUILD_BATCH = 5_000;

/**
 * Events a transaction of a catch-up. A round's tasks advance together, so at 10^7 events (8,707
 * tasks an inspection) a transaction of 20,000 events held about two events of each task, and the
 * tasks projection packed every state and rewrote its row about every second event: 66 to 85 us
 * of CPU an event at the start of that store, against 34 with transactions of 100,000
 * (bench:rebuild --transaction). Memory holds one page of events and the states one transaction
 * touched.
 */
export const CATCH_UP_BATCH = 100_000;

/** How far a catch-up is, after each batch: rate over the catch-up so far, and time left at it. */
export interface Progress {
  readonly projection: string;
  readonly position: Position;
  readonly head: Position;
  /** Events read by this catch-up so far. */
  readonly applied: number;
  readonly eventsPerSecond: number;
  /** Seconds to the head at the rate so far (0 once there). */
  readonly etaSeconds: number;
}

/** An index as sqlite_master holds it. */
interface Index {
  readonly name: string;
  readonly sql: string;
}

interface Checkpoint {
  position: Position;
  version: number;
}

/**
 * Applies projections to a SQLite read-model file. Each batch writes the rows of every projection and
 * their checkpoints in one transaction, so a crash leaves either all of a batch or none of it: effects
 * happen exactly once and the runner resumes where the file says it stopped.
 */
/**
 * How far behind a projection must be at start for its indexes to be made after its catch-up
 * rather than kept during it: about a minute of catch-up with them at national scale.
 */
export const DEFER_INDEXES_BEHIND = 100_000n;

export class ProjectionRunner {
  readonly db: DatabaseSync;
  private readonly checkpoints = new Map<string, Checkpoint>();
  private position: Position = 0n;
  private waiters: { position: Position; resolve: () => void; reject: (error: Error) => void }[] =
    [];
  private readonly listeners = new Set<(position: Position) => void>();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly batchSize: number;
  private readonly catchUpBatch: number;
  private readonly saveCheckpoint: StatementSync;
  /** Projections being caught up apart: the runner's own catch-up and position leave them out. */
  private readonly away = new Set<string>();

  constructor(
    private readonly store: EventStore,
    readonly projections: readonly Projection[],
    private readonly file: string,
    private readonly options: RunnerOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    // Read models can always be rebuilt from the store, so they need not pay for FULL syncs.
    this.db
      .exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
      PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;
      CREATE TABLE IF NOT EXISTS projection_checkpoints (
        name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;`);
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatch = Math.max(this.batchSize, options.catchUpBatch ?? this.batchSize);
    // Prepared once: re-preparing per batch showed up in the catch-up profile.
    this.saveCheckpoint = this.db.prepare(
      'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position < ?',
    );
    const read = this.db.prepare(
      'SELECT position, version FROM projection_checkpoints WHERE name = ?',
    );
    for (const projection of projections) {
      const row = read.get(projection.name) as { position: number; version: number } | undefined;
      if (row && row.version === projection.version) {
        this.checkpoints.set(projection.name, {
          position: BigInt(row.position),
          version: row.version,
        });
        projection.setup(this.db);
      } else {
        this.reset(projection);
      }
    }
    this.position = this.lowest();
  }

  /** The store's head now. */
  head(): Promise<Position> {
    return this.store.headPosition();
  }

  /** The position every projection has reached. */
  get caughtUpTo(): Position {
    return this.position;
  }

  /** Each projection's checkpoint: every event up to it is applied (health and metrics read these). */
  checkpointPositions(): ReadonlyMap<string, Position> {
    return new Map([...this.checkpoints].map(([name, c]) => [name, c.position]));
  }

  /** Drops a projection's tables and sets it back to the start; the next catch-up replays it. */
  reset(projection: Projection): void {
    // One transaction: a crash between dropping the rows and zeroing the checkpoint would otherwise
    // leave empty tables behind a checkpoint that says they are complete.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      projection.drop(this.db);
      projection.setup(this.db);
      this.db
        .prepare(
          'INSERT OR REPLACE INTO projection_checkpoints (name, position, version) VALUES (?, 0, ?)',
        )
        .run(projection.name, projection.version);
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    this.checkpoints.set(projection.name, { position: 0n, version: projection.version });
    this.position = this.lowest();
  }

  /**
   * Rebuild: resets the named projection (all of them when no name is given) and replays the store
   * from the start, reporting progress through `onProgress`. Returns the number of events read.
   */
  async rebuild(name?: string): Promise<number> {
    const chosen =
      name === undefined ? this.projections : this.projections.filter((p) => p.name === name);
    if (chosen.length === 0) {
      throw new BadInputError(
        `没有名为 ${name} 的投影（可选：${this.projections.map((p) => p.name).join('、')}）`,
        `No projection named ${name}; known: ${this.projections.map((p) => p.name).join(', ')}`,
        { field: 'projection' },
      );
    }
    for (const projection of chosen) this.reset(projection);
    // A kill before the end loses nothing: every projection's setup makes its indexes again.
    return this.catchUpDeferring(chosen);
  }

  /**
   * Catches up as a rebuild does: the projections more than `deferBehind` events behind the store's
   * head (a rebuild a kill interrupted, a read model whose version changed) catch up with their
   * secondary indexes dropped and made once at the end. Kept row by row, the tasks projection caught
   * up over the 10^7-event store at about 2,000 events/s. The others keep theirs: dropping and
   * making an index costs more than a short catch-up keeping it.
   */
  async resume(deferBehind = 0n): Promise<number> {
    const head = await this.store.headPosition();
    return this.catchUpDeferring(
      this.projections.filter(
        (p) => head - (this.checkpoints.get(p.name)?.position ?? 0n) > deferBehind,
      ),
    );
  }

  /**
   * Catches up with the indexes of `deferring` made once at the end, and those of them `apart`
   * names that start from nothing run apart (their file kept by a kill resumes), moved in at the end.
   */
  private async catchUpDeferring(deferring: readonly Projection[]): Promise<number> {
    const head = await this.store.headPosition();
    const apart = this.options.apart;
    const side = `${this.file}.apart`;
    const startsAt = (p: Projection) => this.checkpoints.get(p.name)?.position ?? 0n;
    let away = deferring.filter(
      (p) =>
        apart?.names.includes(p.name) &&
        startsAt(p) === 0n &&
        head > (apart.behind ?? DEFER_INDEXES_BEHIND),
    );
    // Apart pays beside work here, or to resume what a killed catch-up left in its file; alone
    // and from nothing, it would only add the copy to the same catch-up.
    const beside = this.projections.some((p) => !away.includes(p) && startsAt(p) < head);
    if ((!beside && !existsSync(side)) || this.file === ':memory:') away = [];
    // Before any work: a projection that cannot be moved fails the catch-up now, not at its end.
    const moving = away.map((p) => ({ p, tables: ownTables(p) }));
    const deferred = deferring
      .filter((p) => !away.includes(p))
      .flatMap((p) => this.dropSecondaryIndexes(p));
    if (!apart || !away.length) {
      // A file a killed catch-up left whose projections have since been caught up here is stale.
      if (apart) removeFile(side);
      const applied = await this.catchUp();
      this.makeIndexes(deferred);
      return applied;
    }
    for (const p of away) this.away.add(p.name);
    this.position = this.lowest();
    const stop = new AbortController();
    const there = apart
      .catchUp(
        side,
        away.map((p) => p.name),
        {
          onProgress: this.options.onProgress,
          onIndexes: this.options.onIndexes,
          signal: stop.signal,
        },
      )
      // Held until awaited below: the catch-up here may fail first.
      .then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
    let applied: number;
    try {
      applied = await this.catchUp();
      this.makeIndexes(deferred);
    } catch (error) {
      stop.abort();
      await there;
      throw error;
    } finally {
      this.away.clear();
      this.position = this.lowest();
    }
    const failed = await there;
    if (failed) throw failed.error;
    this.moveIn(side, moving);
    return applied;
  }

  /**
   * Moves projections caught up apart into this file: their tables copied whole (rows and
   * indexes, in key order) and their checkpoints, in one transaction; the other file is then removed.
   */
  private moveIn(side: string, moving: readonly Moving[]): void {
    // Made afresh, empty, with every index: the copy then fills each in order. Apart from the copy,
    // as a file cannot be attached within a transaction, and while none is: an unqualified name
    // missing here would be found in the attached file.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const { p } of moving) {
        p.drop(this.db);
        p.setup(this.db);
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    // With a rollback journal the copy writes its pages once (new pages need no journal); in WAL
    // twice, the log and then the checkpoint: 5.2 to 5.8 s against 8.9 to 9.7 s at 2 million
    // events. Only while no other connection has the file: with one, it stays in WAL.
    const journal = (mode: string) =>
      (this.db.prepare(`PRAGMA main.journal_mode = ${mode}`).get() as { journal_mode: string })
        .journal_mode;
    const once = journal('DELETE') === 'delete';
    let reached: Map<string, Position>;
    try {
      this.db.prepare('ATTACH DATABASE ? AS apart').run(side);
      try {
        reached = this.copyIn(side, moving);
      } finally {
        this.db.exec('DETACH DATABASE apart');
      }
    } finally {
      if (once) journal('WAL');
    }
    for (const [name, position] of reached) this.checkpoints.get(name)!.position = position;
    this.position = this.lowest();
    removeFile(side);
  }

  /** The copy of moveIn, from the file attached as `apart`, in one transaction: the checkpoints moved. */
  private copyIn(side: string, moving: readonly Moving[]): Map<string, Position> {
    const reached = new Map<string, Position>();
    const at = this.db.prepare(
      'SELECT position, version FROM apart.projection_checkpoints WHERE name = ?',
    );
    this.db.exec('BEGIN IMMEDIATE');
    try {
      for (const { p, tables } of moving) {
        const row = at.get(p.name) as { position: number; version: number } | undefined;
        if (row?.version !== p.version) {
          throw new Error(`${side} does not hold ${p.name} version ${p.version}`);
        }
        this.options.onMoveIn?.(p.name, tables);
        for (const table of tables) {
          const t = `"${table.replaceAll('"', '""')}"`;
          this.db.exec(`INSERT INTO main.${t} SELECT * FROM apart.${t}`);
        }
        this.db
          .prepare('UPDATE main.projection_checkpoints SET position = ? WHERE name = ?')
          .run(row.position, p.name);
        reached.set(p.name, BigInt(row.position));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
    return reached;
  }

  /** Makes the indexes a catch-up went without, reporting each through `onIndexes`. */
  private makeIndexes(indexes: readonly Index[]): void {
    const report = this.options.onIndexes;
    // An index's sort spills to a temporary file: held in memory (temp_store = MEMORY, which
    // queries keep) it grew RSS by the index's size, 910 MiB for task_versions_by_superseded at
    // 10^7, in the same time (7.5 to 8.0 s in memory, 8.1 to 8.2 to a file).
    this.db.exec('PRAGMA temp_store = FILE');
    try {
      indexes.forEach(({ name, sql }, made) => {
        report?.({ made, total: indexes.length, index: name });
        this.db.exec(sql);
      });
    } finally {
      this.db.exec('PRAGMA temp_store = MEMORY');
    }
    if (indexes.length) report?.({ made: indexes.length, total: indexes.length });
  }

  /**
   * Drops the non-unique indexes of a projection and returns their definitions, to be made again
   * when it has caught up: a rebuild inserts every row again, and keeping an index up to date row by
   * row costs more than building it once at the end. Unique indexes stay: projections look rows up
   * by them. Which indexes are the projection's own: those its setup makes in an empty database.
   */
  private dropSecondaryIndexes(projection: Projection): Index[] {
    const own = new Set(
      madeBySetup(projection)
        .filter((m) => m.type === 'index' && m.sql !== null && !/^CREATE UNIQUE/i.test(m.sql))
        .map((m) => m.name),
    );
    const present = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[];
    const dropped = present.filter((i) => own.has(i.name));
    for (const { name } of dropped) this.db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
    return dropped;
  }

  /**
   * Reads and applies until the store's head (as of the call) is reached, `catchUpBatch` events a
   * transaction, read in pages of `batchSize`. Not alongside `start()`: a transaction stays open
   * while its next page is read.
   */
  async catchUp(): Promise<number> {
    const head = await this.store.headPosition();
    const started = performance.now();
    const from = this.position;
    let applied = 0;
    while (this.position < head) {
      const batch = this.begin(this.position);
      let read = 0;
      try {
        while (read < this.catchUpBatch && batch.last < head) {
          const page = await this.store.readAll({
            after: batch.last,
            maxCount: Math.min(this.batchSize, this.catchUpBatch - read),
          });
          if (page.length === 0) break;
          this.applyPage(batch, page);
          read += page.length;
        }
      } catch (error) {
        this.rollBack(batch);
        throw error;
      }
      if (read === 0) {
        this.rollBack(batch);
        break;
      }
      this.commit(batch);
      applied += read;
      // With a catch-up apart, its reports (worker messages) come through between transactions.
      if (this.away.size) await new Promise((resolve) => setImmediate(resolve));
      if (!this.options.onProgress) continue;
      const seconds = (performance.now() - started) / 1000;
      const eventsPerSecond = seconds > 0 ? applied / seconds : 0;
      // Positions are dense in the SQLite store, so positions left approximate events left.
      const left = Number(head - this.position);
      const done = Number(this.position - from);
      const etaSeconds = left <= 0 || done <= 0 ? 0 : (left / done) * seconds;
      for (const p of this.projections) {
        if (this.away.has(p.name)) continue;
        this.options.onProgress({
          projection: p.name,
          position: this.position,
          head,
          applied,
          eventsPerSecond,
          etaSeconds,
        });
      }
    }
    return applied;
  }

  /** Catch up, then follow the store live until `stop()`; a failed batch is retried from the checkpoint. */
  start(): void {
    if (this.loop) return;
    const signal = this.abort.signal;
    this.loop = (async () => {
      let attempt = 0;
      const pages = pagesAfter(this.store, {
        after: () => this.position,
        maxCount: this.batchSize,
        signal,
        onError: (error) => this.options.onError?.(error),
      });
      for await (const { after, events } of pages) {
        try {
          this.applyBatch(after, events);
          attempt = 0;
        } catch (error) {
          this.options.onError?.(error);
          await pause(backoff(++attempt), signal);
        }
        // A long catch-up (a projection rebuilt while serving) must not hold the event loop: the
        // probes, requests and a shutdown signal are served between full batches.
        if (events.length >= this.batchSize) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    // A waiter's position was never reached: saying so beats resolving as if the read models had it.
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting)
      w.reject(new Error('projection runner stopped before reaching the position'));
  }

  /** Stops following the store (callers should `await stop()` first) and closes the read-model file. */
  close(): void {
    this.abort.abort();
    this.db.close();
  }

  /**
   * Read-your-writes: resolves once every projection has applied `position`, or rejects after
   * `timeoutMs` so a caller is never held indefinitely.
   */
  waitFor(position: Position, timeoutMs = 5000): Promise<void> {
    if (this.position >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== entry);
        reject(new Error(`read models did not reach position ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(entry);
    });
  }

  /** Applies `page`, the events strictly after `after`, in one transaction with the checkpoints. */
  private applyBatch(after: Position, page: RecordedEvent[]): void {
    const batch = this.begin(after);
    try {
      this.applyPage(batch, page);
    } catch (error) {
      this.rollBack(batch);
      throw error;
    }
    this.commit(batch);
  }

  /** A transaction of events after `after`; pages are added with applyPage. */
  private begin(after: Position): Batch {
    this.db.exec('BEGIN');
    return { after, last: after, due: new Set() };
  }

  /**
   * Applies the next page of the batch's events. A projection whose checkpoint is behind the
   * batch's start (it was reset while this page was being read) would miss the events in between,
   * so it is left for the next batch, which starts from it; one whose checkpoint lies ahead skips
   * the events it already has.
   */
  private applyPage(batch: Batch, page: RecordedEvent[]): void {
    const last = page[page.length - 1].position;
    const due = this.projections.filter((p) => {
      if (this.away.has(p.name)) return false;
      const at = this.checkpoints.get(p.name)!.position;
      return at >= batch.after && at < last;
    });
    for (const projection of due) {
      batch.due.add(projection);
      const checkpoint = this.checkpoints.get(projection.name)!;
      const wanted = allFilterMatcher(projection.filter);
      for (const event of page) {
        if (event.position > checkpoint.position && wanted(event)) {
          projection.apply(event, this.db);
        }
      }
    }
    batch.last = last;
  }

  /** Rolls the batch back: every projection in it forgets what it held for it. */
  private rollBack(batch: Batch): void {
    if (this.db.isTransaction) this.db.exec('ROLLBACK');
    for (const projection of batch.due) projection.abortBatch?.();
  }

  /** Writes what the projections held back, moves their checkpoints and commits. */
  private commit(batch: Batch): void {
    const { due, last } = batch;
    try {
      for (const projection of due) projection.endBatch?.(this.db);
      for (const projection of due) this.saveCheckpoint.run(last, projection.name, last);
      this.db.exec('COMMIT');
    } catch (error) {
      this.rollBack(batch);
      throw error;
    }
    for (const projection of due) this.checkpoints.get(projection.name)!.position = last;
    // With no projections there is no checkpoint to hold the position: the batch itself moves it.
    this.position = this.projections.length ? this.lowest() : last;
    const ready = this.waiters.filter((w) => w.position <= this.position);
    this.waiters = this.waiters.filter((w) => w.position > this.position);
    for (const w of ready) w.resolve();
    for (const listener of this.listeners) listener(this.position);
  }

  /**
   * Calls `listener` with the runner's position after every batch it applies (the live feed and the
   * reactors follow the read side this way rather than each reading the store). Returns the
   * unsubscribe function.
   */
  onApplied(listener: (position: Position) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private lowest(): Position {
    let low: Position | undefined;
    for (const [name, c] of this.checkpoints)
      if (!this.away.has(name) && (low === undefined || c.position < low)) low = c.position;
    return low ?? 0n;
  }
}

/** A projection caught up apart, and its tables to copy in. */
interface Moving {
  readonly p: Projection;
  readonly tables: readonly string[];
}

/** A SQLite file with its WAL and shared-memory files. */
const removeFile = (file: string): void => {
  for (const f of ['', '-wal', '-shm']) rmSync(file + f, { force: true });
};

/** What a projection's setup makes in an empty database: which tables and indexes are its own. */
function madeBySetup(projection: Projection): { type: string; name: string; sql: string | null }[] {
  const scratch = new DatabaseSync(':memory:');
  try {
    projection.setup(scratch);
    return scratch.prepare('SELECT type, name, sql FROM sqlite_master').all() as {
      type: string;
      name: string;
      sql: string | null;
    }[];
  } finally {
    scratch.close();
  }
}

/**
 * The tables a projection's setup makes: what moving it copies. Triggers and virtual tables would
 * not survive a copy, so a projection with any cannot run apart.
 */
function ownTables(projection: Projection): string[] {
  const made = madeBySetup(projection).filter((m) => m.type === 'table' || m.type === 'trigger');
  const unmovable = made.filter((m) => m.type === 'trigger' || /VIRTUAL/i.test(m.sql ?? ''));
  if (unmovable.length) {
    throw new Error(
      `${projection.name} cannot run apart: ${unmovable.map((m) => m.name).join(', ')}`,
    );
  }
  return made.map((m) => m.name).filter((name) => !name.startsWith('sqlite_'));
}

/** One transaction of the runner: the events after `after` up to `last`, and who applied them. */
interface Batch {
  readonly after: Position;
  last: Position;
  readonly due: Set<Projection>;
}
