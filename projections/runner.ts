import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { BadInputError } from '../src/common/errors.js';
import { backoff, pagesAfter, pause } from '../src/event-store/catch-up.js';
import type {
  EventStore,
  MetadataField,
  Position,
  RecordedEvent,
} from '../src/event-store/event-store.port.js';
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
   * How a long catch-up runs the projections with files of their own (`ownFile`) in a thread of
   * their own, beside the others here (projections/apart.ts): the two cores share a rebuild.
   */
  readonly apart?: Apart;
}

/**
 * Runs the catch-up of projections with files of their own elsewhere (a worker thread), writing
 * those files where they are: nothing is copied afterwards.
 */
export interface Apart {
  /** How far behind the store's head they must be for it to pay (DEFER_INDEXES_BEHIND if not given). */
  readonly behind?: bigint;
  /**
   * Catches the named projections of the read models at `file` up to the store's head, from their
   * checkpoints, their indexes made; resolves when done. Aborted: stops where they last committed.
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
 * decoded events are most of the heap a catch-up holds, and what a young-generation collection
 * finds alive and copies: with pages of 20,000 the first 2 million events of the 10^7 store rebuilt
 * with RSS rising from 868 to 1,261 MiB; with pages of 5,000 it stayed at 869 to 899 MiB. Pages of
 * 1,000 (2026-12-01, alternating, `bench:rebuild --apart --batch`): all read models 48,250 and
 * 50,140/s against 44,533 and 44,793/s with 5,000, the trivial runner 3.9 against 6.3 us an event;
 * 250 and 500 were no faster.
 */
export const REBUILD_BATCH = 1_000;

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

/** An index to make, and the connection of the file it goes in. */
interface Deferred extends Index {
  readonly db: DatabaseSync;
}

interface Checkpoint {
  position: Position;
  version: number;
}

/**
 * The file of the read models at `file` that holds the tables and checkpoint of `projection`, one
 * with a file of its own (`ownFile`): beside it, named after it.
 */
export const ownFileOf = (file: string, projection: string): string => `${file}.${projection}`;

/**
 * Every file of the read models at `file` for these projections: it and the files of those with
 * their own, each with its WAL and shared memory (to size or remove them).
 */
export const readModelFiles = (file: string, projections: readonly Projection[]): string[] =>
  [file, ...projections.filter((p) => p.ownFile).map((p) => ownFileOf(file, p.name))].flatMap(
    (f) => [f, `${f}-wal`, `${f}-shm`],
  );

/** The bytes of the read models at `file` for these projections: every file and log, not shared memory. */
export const readModelBytes = (file: string, projections: readonly Projection[]): number =>
  readModelFiles(file, projections)
    .filter((f) => !f.endsWith('-shm') && existsSync(f))
    .reduce((n, f) => n + statSync(f).size, 0);

/** Attaches to `db` the files of the read models at `file` kept by projections of their own. */
function attachOwnFiles(db: DatabaseSync, file: string, projections: readonly Projection[]): void {
  for (const p of projections.filter((q) => q.ownFile))
    db.prepare('ATTACH DATABASE ? AS ?').run(ownFileOf(file, p.name), p.name);
}

/**
 * A connection for reading the read models at `file` (a bench, a tool), the files of these
 * projections with their own attached: their tables answer by name, as in the server.
 */
export function readModelsReader(file: string, projections: readonly Projection[]): DatabaseSync {
  const db = new DatabaseSync(file, { readOnly: true });
  attachOwnFiles(db, file, projections);
  return db;
}

/** Opens a file of the read models: WAL, the cache, and the table of its projections' checkpoints. */
function openReadModelFile(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  // Read models can always be rebuilt from the store, so they need not pay for FULL syncs.
  db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;
    PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY;
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      name TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL) WITHOUT ROWID;`);
  return db;
}

/** A projection's checkpoint as its file holds it, if any. */
const checkpointIn = (db: DatabaseSync, name: string) =>
  db.prepare('SELECT position, version FROM projection_checkpoints WHERE name = ?').get(name) as
    { position: number; version: number } | undefined;

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
  /** The read models' connection: this file, with the files of projections of their own attached. */
  readonly db: DatabaseSync;
  /** The connection of each projection with a file of its own, by name: it writes there. */
  private readonly own = new Map<string, DatabaseSync>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private position: Position = 0n;
  private waiters: { position: Position; resolve: () => void; reject: (error: Error) => void }[] =
    [];
  private readonly listeners = new Set<(position: Position) => void>();
  private readonly abort = new AbortController();
  private loop?: Promise<void>;
  private readonly batchSize: number;
  private readonly catchUpBatch: number;
  /** Each file's statement moving a checkpoint, prepared once: per batch it showed in the profile. */
  private readonly saveCheckpoint = new Map<DatabaseSync, StatementSync>();
  /** Each projection's filter as a predicate, made once. */
  private readonly matchers = new Map<Projection, (event: RecordedEvent) => boolean>();
  /** Projections being caught up apart: the runner's own catch-up and position leave them out. */
  private readonly away = new Set<string>();

  constructor(
    private readonly store: EventStore,
    readonly projections: readonly Projection[],
    private readonly file: string,
    private readonly options: RunnerOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = openReadModelFile(file);
    this.batchSize = options.batchSize ?? 2000;
    this.catchUpBatch = Math.max(this.batchSize, options.catchUpBatch ?? this.batchSize);
    // In memory there is no file to have: everything stays in the one connection.
    const owning = file === ':memory:' ? [] : projections.filter((p) => p.ownFile);
    for (const p of owning) {
      // Kept here before it had a file of its own: dropped, before any file is attached (a DROP
      // finds an unqualified name in an attached file too).
      if (checkpointIn(this.db, p.name)) this.inTransaction(this.db, () => this.forget(p));
      this.own.set(p.name, openReadModelFile(ownFileOf(file, p.name)));
    }
    // Attached for reading only (queries name tables unqualified): each projection writes through
    // the connection of its own file, whose commit holds its checkpoint.
    attachOwnFiles(this.db, file, owning);
    for (const db of [this.db, ...this.own.values()])
      this.saveCheckpoint.set(
        db,
        db.prepare(
          'UPDATE projection_checkpoints SET position = ? WHERE name = ? AND position < ?',
        ),
      );
    for (const projection of projections) {
      const row = checkpointIn(this.dbOf(projection), projection.name);
      if (row && row.version === projection.version) {
        this.checkpoints.set(projection.name, {
          position: BigInt(row.position),
          version: row.version,
        });
        projection.setup(this.dbOf(projection));
      } else {
        this.reset(projection);
      }
    }
    this.position = this.lowest();
  }

  /** The connection a projection writes through: its own file's, or this file's. */
  private dbOf(projection: Projection): DatabaseSync {
    return this.own.get(projection.name) ?? this.db;
  }

  /** Drops what a projection kept in this file, and its checkpoint (within a transaction). */
  private forget(projection: Projection): void {
    projection.drop(this.db);
    this.db.prepare('DELETE FROM projection_checkpoints WHERE name = ?').run(projection.name);
  }

  /** Runs `work` in one transaction of `db`. */
  private inTransaction(db: DatabaseSync, work: () => void): void {
    db.exec('BEGIN IMMEDIATE');
    try {
      work();
      db.exec('COMMIT');
    } catch (error) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw error;
    }
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
    const db = this.dbOf(projection);
    // One transaction: a crash between dropping the rows and zeroing the checkpoint would otherwise
    // leave empty tables behind a checkpoint that says they are complete.
    this.inTransaction(db, () => {
      projection.drop(db);
      projection.setup(db);
      db.prepare(
        'INSERT OR REPLACE INTO projection_checkpoints (name, position, version) VALUES (?, 0, ?)',
      ).run(projection.name, projection.version);
    });
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
   * Catches up with the indexes of `deferring` made once at the end. Those of them with files of
   * their own and far behind run apart, when there is other work beside them here; a kill leaves
   * each file at its last commit, to resume from.
   */
  private async catchUpDeferring(deferring: readonly Projection[]): Promise<number> {
    const head = await this.store.headPosition();
    const apart = this.options.apart;
    const startsAt = (p: Projection) => this.checkpoints.get(p.name)?.position ?? 0n;
    let away = apart
      ? deferring.filter(
          (p) =>
            this.own.has(p.name) && head - startsAt(p) > (apart.behind ?? DEFER_INDEXES_BEHIND),
        )
      : [];
    // Alone, apart would only add a thread's start to the same catch-up.
    if (!this.projections.some((p) => !away.includes(p) && startsAt(p) < head)) away = [];
    const deferred = deferring
      .filter((p) => !away.includes(p))
      .flatMap((p) => this.dropSecondaryIndexes(p));
    if (!apart || !away.length) {
      const applied = await this.catchUp();
      this.makeIndexes(deferred);
      return applied;
    }
    for (const p of away) this.away.add(p.name);
    this.position = this.lowest();
    const stop = new AbortController();
    const there = apart
      .catchUp(
        this.file,
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
    let applied = 0;
    let failed: { error: unknown } | undefined;
    try {
      applied = await this.catchUp();
      this.makeIndexes(deferred);
    } catch (error) {
      stop.abort();
      failed = { error };
    }
    failed ??= await there;
    // Where the thread apart last committed, done or not.
    for (const p of away) {
      const row = checkpointIn(this.dbOf(p), p.name);
      if (row?.version === p.version) this.checkpoints.get(p.name)!.position = BigInt(row.position);
    }
    this.away.clear();
    this.position = this.lowest();
    if (failed) throw failed.error;
    return applied;
  }

  /** Makes the indexes a catch-up went without, reporting each through `onIndexes`. */
  private makeIndexes(indexes: readonly Deferred[]): void {
    const report = this.options.onIndexes;
    // An index's sort spills to a temporary file: held in memory (temp_store = MEMORY, which
    // queries keep) it grew RSS by the index's size, 910 MiB for task_versions_by_superseded at
    // 10^7, in the same time (7.5 to 8.0 s in memory, 8.1 to 8.2 to a file).
    const dbs = new Set(indexes.map((i) => i.db));
    for (const db of dbs) db.exec('PRAGMA temp_store = FILE');
    try {
      indexes.forEach(({ name, sql, db }, made) => {
        report?.({ made, total: indexes.length, index: name });
        db.exec(sql);
      });
    } finally {
      for (const db of dbs) db.exec('PRAGMA temp_store = MEMORY');
    }
    if (indexes.length) report?.({ made: indexes.length, total: indexes.length });
  }

  /**
   * Drops the non-unique indexes of a projection and returns their definitions, to be made again
   * when it has caught up: a rebuild inserts every row again, and keeping an index up to date row by
   * row costs more than building it once at the end. Unique indexes stay: projections look rows up
   * by them. Which indexes are the projection's own: those its setup makes in an empty database.
   */
  private dropSecondaryIndexes(projection: Projection): Deferred[] {
    const own = new Set(
      madeBySetup(projection)
        .filter((m) => m.type === 'index' && m.sql !== null && !/^CREATE UNIQUE/i.test(m.sql))
        .map((m) => m.name),
    );
    const db = this.dbOf(projection);
    const present = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
      .all() as { name: string; sql: string }[];
    const dropped = present.filter((i) => own.has(i.name));
    for (const { name } of dropped) db.exec(`DROP INDEX main."${name.replaceAll('"', '""')}"`);
    return dropped.map((i) => ({ ...i, db }));
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
    const metadataFields = this.metadataFields();
    let applied = 0;
    while (this.position < head) {
      const batch = this.begin(this.position);
      let read = 0;
      try {
        while (read < this.catchUpBatch && batch.last < head) {
          const page = await this.store.readAll({
            after: batch.last,
            maxCount: Math.min(this.batchSize, this.catchUpBatch - read),
            metadataFields,
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

  /**
   * The metadata fields the projections caught up here read, when every one of them says
   * (`Projection.metadataFields`); undefined (all) otherwise.
   */
  private metadataFields(): MetadataField[] | undefined {
    const fields = new Set<MetadataField>();
    for (const p of this.projections) {
      if (this.away.has(p.name)) continue;
      if (!p.metadataFields) return undefined;
      for (const f of p.metadataFields) fields.add(f);
    }
    return [...fields].sort();
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
    for (const db of this.own.values()) db.close();
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

  /**
   * A transaction of events after `after` in each file written here; pages are added with
   * applyPage. The files of projections of their own come first: they commit first.
   */
  private begin(after: Position): Batch {
    const dbs = [...this.own].filter(([name]) => !this.away.has(name)).map(([, db]) => db);
    dbs.push(this.db);
    for (const db of dbs) db.exec('BEGIN');
    return { after, last: after, due: new Set(), dbs };
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
      const checkpoint = this.checkpoints.get(projection.name)!.position;
      const wanted = this.matcherOf(projection);
      const db = this.dbOf(projection);
      // Positions increase along the page: the events it already has are a prefix, skipped once
      // rather than compared (as bigints) event by event.
      let i = 0;
      while (i < page.length && page[i].position <= checkpoint) i++;
      for (; i < page.length; i++) if (wanted(page[i])) projection.apply(page[i], db);
    }
    batch.last = last;
  }

  private matcherOf(projection: Projection): (event: RecordedEvent) => boolean {
    let wanted = this.matchers.get(projection);
    if (!wanted) this.matchers.set(projection, (wanted = allFilterMatcher(projection.filter)));
    return wanted;
  }

  /**
   * Rolls back the batch's transactions from its `from`th file on: the projections of those files
   * forget what they held for it (those of files already committed keep theirs).
   */
  private rollBack(batch: Batch, from = 0): void {
    const undone = batch.dbs.slice(from);
    for (const db of undone) if (db.isTransaction) db.exec('ROLLBACK');
    for (const projection of batch.due)
      if (undone.includes(this.dbOf(projection))) projection.abortBatch?.();
  }

  /**
   * Writes what the projections held back, moves their checkpoints and commits, file by file. A
   * crash between two commits leaves each file whole at its own checkpoint; the one committed
   * first is ahead, and skips what it has when the batch is read again.
   */
  private commit(batch: Batch): void {
    const { due, last } = batch;
    batch.dbs.forEach((db, i) => {
      const mine = [...due].filter((p) => this.dbOf(p) === db);
      try {
        for (const projection of mine) projection.endBatch?.(db);
        const save = this.saveCheckpoint.get(db)!;
        for (const projection of mine) save.run(last, projection.name, last);
        db.exec('COMMIT');
      } catch (error) {
        this.rollBack(batch, i);
        throw error;
      }
      for (const projection of mine) this.checkpoints.get(projection.name)!.position = last;
    });
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

/** One transaction of the runner: the events after `after` up to `last`, and who applied them. */
interface Batch {
  readonly after: Position;
  last: Position;
  readonly due: Set<Projection>;
  /** The connections with a transaction open, in the order they commit. */
  readonly dbs: readonly DatabaseSync[];
}
