import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { AppendSignal } from './append-signal.js';
import { catchUpSubscription, FILTERED_SCAN_WINDOW } from './catch-up.js';
import { acceptsRevision, conflict, duplicateResult, eventIdFor, sealEvents } from './envelope.js';
import { commandIdReused, prepareAppend, type PreparedAppend } from './prepared-append.js';
import { StreamHeads, type StreamHead } from './stream-heads.js';
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
import { GENESIS_HASH, metadataJson } from './hashing.js';
import { carriesTree, MerkleTree } from './merkle/merkle-tree.js';
import { treeEventLeafHash } from './merkle/tree-hashes.js';
import {
  ADD_TREE_COLUMN,
  allQuery,
  columnsToEvent,
  columnsToEventWith,
  EVENT_COLUMNS,
  isEventIdClash,
  isRevisionTaken,
  SCHEMA,
  sqlitePragmas,
  toEvent,
  type EventColumns,
  type EventRow,
} from './sqlite-schema.js';

export { CorruptEventError, sqlitePragmas, toEvent, type EventRow } from './sqlite-schema.js';

interface Pending extends PreparedAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
  /** performance.now() when append() was called: the append's latency ends at its commit. */
  queuedAt: number;
}

/**
 * One commit, as an observer sees it (metrics): how many appends it carried (the group-commit size),
 * how many of them failed, and each one's wait from append() to its answer. The store stays free of
 * any metrics library; the app turns these into series (src/ops).
 */
export interface CommitStats {
  readonly appends: number;
  readonly failed: number;
  readonly events: number;
  readonly secondsPerAppend: readonly number[];
  /** The last position the commit wrote (0n when it wrote nothing). */
  readonly lastPosition: bigint;
}

export interface SqliteEventStoreOptions {
  /** FULL (default): an acknowledged append survives a power cut. NORMAL only for throwaway data. */
  readonly synchronous?: 'FULL' | 'NORMAL' | 'OFF';
  /**
   * False only for the benchmark, which measures what the tree costs: appends then write no leaves
   * (a lone one is a bare autocommit insert again). The next open with the tree backfills them.
   */
  readonly merkleTree?: boolean;
}

interface PersonalRow {
  event_id: string;
  path: string;
  commitment: string;
  value: string;
  salt: string;
}

const MAX_CHAINED_FLUSHES = 16;
const treeDisagrees = (position: number | bigint, expected: number): Error =>
  new Error(
    `账本树与事件不一致：新事件位置 ${position}，应为 ${expected}；请运行 taizhang verify / ` +
      `the ledger tree and the events disagree: a new event got position ${position}, expected ${expected}; run taizhang verify`,
  );

const NO_STREAM: StreamHead = { revision: -1n, hash: GENESIS_HASH };

/**
 * The embedded event store: one SQLite file in WAL mode. Appends that arrive together are
 * group-committed (one transaction, one sync) while each is still checked against its own expected
 * revision, so durability does not cap throughput.
 */
export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  /** Positions are dense here: 10,000 positions a filtered catch-up read (a few ms of scan). */
  readonly filteredScanWindow = FILTERED_SCAN_WINDOW;
  private readonly db: DatabaseSync;
  private readonly stmt: {
    head: StatementSync;
    insert: StatementSync;
    byEventId: StatementSync;
    maxPosition: StatementSync;
    begin: StatementSync;
    commit: StatementSync;
    savepoint: StatementSync;
    release: StatementSync;
    rollbackTo: StatementSync;
    insertPersonal: StatementSync;
    personalByCommitment: StatementSync;
    erasePersonal: StatementSync;
  };
  private readonly allQueries = new Map<string, StatementSync>();
  private queue: Pending[] = [];
  private flushScheduled = false;
  /** Flushes run from microtasks since the last event-loop turn. */
  private chained = 0;
  private readonly appended = new AppendSignal();
  private readonly heads = new StreamHeads();
  private closed = false;
  private readonly commitObservers = new Set<(stats: CommitStats) => void>();
  private readonly withTree: boolean;
  /** The global Merkle tree over the ledger: leaf i is the event at position i + 1. */
  readonly tree: MerkleTree;

  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new DatabaseSync(file);
    this.db.exec(sqlitePragmas(options.synchronous ?? 'FULL'));
    this.db.exec(SCHEMA);
    if (!carriesTree(this.db)) this.db.exec(ADD_TREE_COLUMN);
    this.tree = new MerkleTree(this.db);
    this.withTree = options.merkleTree ?? true;
    // Erased personal data is overwritten on disk, not just unlinked (events are never deleted).
    this.db.exec('PRAGMA secure_delete = ON');
    this.stmt = {
      // json_extract in SQLite is cheaper than parsing the whole metadata in JS on every append.
      head: this.db.prepare(
        "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
      ),
      insert: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, tree) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      byEventId: this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE event_id = ?`),
      maxPosition: this.db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM events'),
      // Transaction control prepared once: exec() parses its SQL on every call, per append.
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      savepoint: this.db.prepare('SAVEPOINT one_append'),
      release: this.db.prepare('RELEASE one_append'),
      rollbackTo: this.db.prepare('ROLLBACK TO one_append'),
      insertPersonal: this.db.prepare(
        'INSERT INTO personal_data (event_id, path, commitment, value, salt) VALUES (?, ?, ?, ?, ?)',
      ),
      personalByCommitment: this.db.prepare('SELECT * FROM personal_data WHERE commitment = ?'),
      erasePersonal: this.db.prepare(
        'DELETE FROM personal_data WHERE event_id = ? AND path = ? AND commitment = ?',
      ),
    };
    // A damaged tree is evidence for `verify`: nothing is filled in over it.
    if (this.withTree && this.tree.damage === undefined) {
      this.backfillTiles();
      this.backfillTree();
    }
  }

  /**
   * A store whose tree was written before tiles (rows only) gets the blobs of its full tiles on first
   * open, from its rows, in batches of their own transactions; until then proofs read the rows.
   */
  private backfillTiles(): void {
    for (let more = true; more;) {
      this.stmt.begin.run();
      try {
        this.tree.reload();
        more = this.tree.fillTiles(1000) > 0;
        this.stmt.commit.run();
      } catch (error) {
        this.rollback();
        throw error;
      }
    }
  }

  /**
   * A store written before the tree existed (or by a process killed between two backfill batches)
   * gets the leaves it lacks, from the stored hashes, in batches of their own transactions. A gap in
   * the positions (or a hash that is not one) stops it there: appends then refuse, and `taizhang verify` names the position.
   */
  private backfillTree(): void {
    const page = this.db.prepare(
      "SELECT position, json_extract(metadata, '$.hash') AS hash FROM events WHERE position > ? ORDER BY position LIMIT 10000",
    );
    for (let more = true; more;) {
      // Read under the write lock, so another process backfilling at the same time cannot interleave.
      this.stmt.begin.run();
      try {
        this.tree.reload();
        const rows = page.all(this.tree.size) as { position: number; hash: string }[];
        const leaves: Buffer[] = [];
        for (const row of rows) {
          const gap = row.position !== this.tree.size + leaves.length + 1;
          if (gap || !/^[0-9a-f]{64}$/.test(String(row.hash))) break;
          leaves.push(treeEventLeafHash(row.hash));
        }
        this.tree.append(leaves);
        this.stmt.commit.run();
        more = leaves.length > 0 && leaves.length === rows.length;
      } catch (error) {
        this.rollback();
        throw error;
      }
    }
  }

  append(request: AppendRequest): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('event store is closed'));
    let pending: PreparedAppend;
    try {
      pending = prepareAppend(request);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ ...pending, resolve, reject, queuedAt: performance.now() });
      if (!this.flushScheduled) {
        // Appends arriving in the same turn of the event loop (concurrent requests) share a commit.
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.chained = 0;
          this.flush();
        });
      }
    });
  }

  /** Writes what is queued: a lone append alone, several in one transaction (group commit). */
  private flush(): void {
    const batch = this.queue;
    this.queue = [];
    // close() flushes what is queued itself; the flush it had scheduled then finds nothing (and a
    // closed database, which must not throw from a timer callback).
    if (batch.length === 0) return;
    let alone: AppendResult | undefined;
    try {
      alone = batch.length === 1 ? this.writeAlone(batch[0]) : undefined;
    } catch (error) {
      batch[0].reject(error);
      this.report(batch, [false]);
      return;
    }
    const outcomes = alone ? [alone] : this.writeTogether(batch);
    if (alone) batch[0].resolve(alone);
    this.report(batch, outcomes ?? []);
    if (!outcomes) return;
    this.appended.notify();
    // A writer awaiting each append appends again in the microtasks its settled promise runs; this
    // one is queued after them, so it commits those appends in the same turn instead of one event-loop
    // turn later. Bounded, so a busy writer cannot hold off I/O and timers for long.
    if (this.chained < MAX_CHAINED_FLUSHES) {
      queueMicrotask(() => {
        if (this.queue.length === 0 || this.closed) return;
        this.chained++;
        this.flush();
      });
    }
  }

  /**
   * A single-event append whose stream head is known (remembered, or no stream expected) is one
   * autocommit INSERT, as cheap as a plain SQLite write: no explicit transaction, no head read. The
   * unique (stream_id, revision) key makes that safe (see StreamHeads). Undefined when it does not
   * apply or the remembered head was stale; the transactional path then decides with the stored
   * head. Any other failure (a busy or failing disk, a command id used on another stream) is the
   * append's answer as it is.
   */
  private writeAlone(pending: Pending): AppendResult | undefined {
    const { request } = pending;
    // Personal data goes beside the event in the same transaction: not a lone INSERT.
    if (request.events.length !== 1 || pending.sealed[0].length) return undefined;
    const head =
      this.heads.get(request.streamId) ??
      (request.expectedRevision === 'no_stream' ? NO_STREAM : undefined);
    if (!head || !acceptsRevision(request.expectedRevision, head.revision)) return undefined;
    try {
      if (!this.withTree)
        return this.remember(this.insert(request, pending.dataJson, pending.sealed, head));
      // A transaction of its own: a tile the event completes is written with it or not at all.
      this.begin();
      const result = this.insert(request, pending.dataJson, pending.sealed, head);
      this.stmt.commit.run();
      return this.remember(result);
    } catch (error) {
      this.rollback();
      if (!isRevisionTaken(error)) throw error;
      this.heads.forget(request.streamId);
      return undefined;
    }
  }

  /**
   * Calls `observer` after every commit (and every failed one) with its size and latencies; returns
   * the function that stops it. Costs nothing while no one observes.
   */
  observeCommits(observer: (stats: CommitStats) => void): () => void {
    this.commitObservers.add(observer);
    return () => this.commitObservers.delete(observer);
  }

  /** `outcomes[i]`: the result of batch[i], or false/undefined when it failed. */
  private report(batch: Pending[], outcomes: readonly (AppendResult | false | undefined)[]): void {
    if (this.commitObservers.size === 0) return;
    const now = performance.now();
    let failed = 0;
    let events = 0;
    let lastPosition = 0n;
    batch.forEach((_, i) => {
      const outcome = outcomes[i];
      if (!outcome) return void failed++;
      if (outcome.duplicate) return;
      events += outcome.events.length;
      if (outcome.position > lastPosition) lastPosition = outcome.position;
    });
    const stats: CommitStats = {
      appends: batch.length,
      failed,
      events,
      secondsPerAppend: batch.map((p) => (now - p.queuedAt) / 1000),
      lastPosition,
    };
    for (const observer of this.commitObservers) observer(stats);
  }

  /** Undoes the open transaction and forgets the tree edge it may have moved. */
  private rollback(): void {
    if (this.db.isTransaction) this.db.exec('ROLLBACK');
    this.tree.reload();
  }

  /**
   * Writes the batch in one transaction, each append in its own savepoint so that it succeeds or
   * fails on its own, and settles every append. Each append's result (undefined where it failed), or
   * undefined when the transaction itself failed.
   */
  private writeTogether(batch: Pending[]): (AppendResult | undefined)[] | undefined {
    const outcomes: ({ ok: true; value: AppendResult } | { ok: false; error: unknown })[] = [];
    // A lone append needs no savepoint: if it fails, the whole transaction is its own to roll back.
    const isolate = batch.length > 1;
    try {
      this.begin();
      for (const pending of batch) {
        if (isolate) this.stmt.savepoint.run();
        try {
          outcomes.push({ ok: true, value: this.write(pending) });
          if (isolate) this.stmt.release.run();
        } catch (error) {
          if (!isolate) throw error;
          this.stmt.rollbackTo.run();
          this.stmt.release.run();
          // The append's leaves went with its savepoint: the tree rereads its edge.
          if (this.withTree) this.tree.reload();
          outcomes.push({ ok: false, error });
        }
      }
      this.stmt.commit.run();
    } catch (error) {
      this.rollback();
      for (const pending of batch) pending.reject(error);
      return undefined;
    }
    return batch.map((pending, i) => {
      const outcome = outcomes[i];
      if (!outcome.ok) return void pending.reject(outcome.error);
      pending.resolve(this.remember(outcome.value));
      return outcome.value;
    });
  }

  /** Checks the request against the stored head and writes it; inside the write transaction. */
  private write({ request, dataJson, sealed }: Pending): AppendResult {
    const { streamId, expectedRevision } = request;
    const row = this.stmt.head.get(streamId) as { revision: number; hash: string } | undefined;
    const head = row ? { revision: BigInt(row.revision), hash: row.hash } : NO_STREAM;
    // A retried command finds its stream moved on (stale) or its event id taken (the insert
    // below): only then is it looked up, so first attempts pay nothing for idempotency.
    if (!acceptsRevision(expectedRevision, head.revision)) {
      const earlier = this.earlier(request);
      if (earlier) return earlier;
      throw conflict(request, head.revision);
    }
    return this.insert(request, dataJson, sealed, head);
  }

  /** Seals the request's events onto `head` and inserts them; a retried command gets its first answer. */
  private insert(
    request: AppendRequest,
    dataJson: readonly string[],
    personal: Pending['sealed'],
    head: StreamHead,
  ): AppendResult {
    const sealed = sealEvents(request, head.revision + 1n, head.hash, dataJson);
    const events: RecordedEvent[] = [];
    for (const [i, event] of sealed.entries()) {
      let position: number | bigint = 0;
      const write = (tree: Buffer | null) => {
        position = this.stmt.insert.run(
          event.streamId,
          event.revision,
          event.eventId,
          event.type,
          dataJson[i],
          // Stored canonical: the row's text is exactly the JCS form of what was hashed, plus the hash.
          metadataJson(event.metadata),
          tree,
        ).lastInsertRowid;
        if (tree && BigInt(position) !== BigInt(this.tree.size))
          throw treeDisagrees(position, this.tree.size);
      };
      try {
        if (this.withTree) this.tree.add(treeEventLeafHash(event.metadata.hash), write);
        else write(null);
      } catch (error) {
        // SQLite undoes the failed statement only; the first event's id is derived from the
        // command id, so a clash there is a retry and nothing of this request was written yet.
        const earlier = i === 0 && isEventIdClash(error) ? this.earlier(request) : undefined;
        if (earlier) return earlier;
        throw error;
      }
      for (const p of personal[i] ?? []) {
        this.stmt.insertPersonal.run(event.eventId, p.path, p.commitment, p.value, p.salt);
      }
      events.push({ ...event, position: BigInt(position) });
    }
    const last = events[events.length - 1];
    return {
      streamId: request.streamId,
      revision: last.revision,
      position: last.position,
      events,
      duplicate: false,
    };
  }

  /**
   * Begins a write transaction with the tree at the head of the log: another connection (the CLI, a
   * second process) may have appended since, and the edge is reread then. Leaf i is the event at
   * position i + 1; an insert that lands elsewhere (rows deleted by hand) is refused
   * (treeDisagrees), rather than grow a tree that proves the wrong events.
   */
  private begin(): void {
    this.stmt.begin.run();
    if (this.withTree && (this.stmt.maxPosition.get() as { p: number }).p !== this.tree.size)
      this.tree.reload();
  }

  /** Keeps the head a committed append left, for the next append to the stream. */
  private remember(result: AppendResult): AppendResult {
    if (!result.duplicate) {
      const last = result.events[result.events.length - 1];
      this.heads.set(result.streamId, { revision: last.revision, hash: last.metadata.hash });
    }
    return result;
  }

  private earlier(request: AppendRequest): AppendResult | undefined {
    const first = this.stmt.byEventId.get(eventIdFor(request.context.commandId, 0)) as
      EventRow | undefined;
    return first ? this.replay(request, first) : undefined;
  }

  /** A command id seen before: answer with what it wrote then, write nothing now. */
  private replay(request: AppendRequest, first: EventRow): AppendResult {
    if (first.stream_id !== request.streamId) throw commandIdReused(request, first.stream_id);
    const events: RecordedEvent[] = [];
    for (let i = 0; ; i++) {
      const row = this.stmt.byEventId.get(eventIdFor(request.context.commandId, i)) as
        EventRow | undefined;
      if (!row) break;
      events.push(toEvent(row));
    }
    return duplicateResult(request.streamId, events);
  }

  /** One event by its id (a proof's subject), or undefined. */
  eventById(eventId: string): RecordedEvent | undefined {
    const row = this.stmt.byEventId.get(eventId) as EventRow | undefined;
    return row ? toEvent(row) : undefined;
  }

  async readStream(streamId: string, options: StreamReadOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? 1_000_000;
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const sql = backwards
      ? `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`
      : `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`;
    const rows = this.cached(sql).all(streamId, from, limit) as unknown as EventColumns[];
    return rows.map(columnsToEvent);
  }

  async readAll(options: AllReadOptions = {}): Promise<RecordedEvent[]> {
    const bounded = options.through !== undefined;
    const fields = options.metadataFields;
    const { sql, params } = allQuery(options.filter, bounded, fields);
    const rows = this.cached(sql).all(
      options.after ?? 0n,
      ...(bounded ? [options.through!] : []),
      ...params,
      options.maxCount ?? 1000,
    ) as unknown as EventColumns[];
    return rows.map(fields ? columnsToEventWith(fields) : columnsToEvent);
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    const row = this.stmt.byEventId.get(eventId) as EventRow | undefined;
    return row && toEvent(row);
  }

  async readPersonalData(commitments: readonly string[]): Promise<PersonalSecret[]> {
    const found: PersonalSecret[] = [];
    for (const commitment of new Set(commitments)) {
      const row = this.stmt.personalByCommitment.get(commitment) as PersonalRow | undefined;
      if (row) {
        found.push({
          eventId: row.event_id,
          path: row.path,
          commitment: row.commitment,
          value: row.value,
          salt: row.salt,
        });
      }
    }
    return found;
  }

  async erasePersonalData(ref: PersonalRef): Promise<boolean> {
    const { changes } = this.stmt.erasePersonal.run(ref.eventId, ref.path, ref.commitment);
    // The deleted row's old page may still sit in the write-ahead log: copy it back and empty it.
    this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    return Number(changes) > 0;
  }

  subscribeToAll(options: SubscriptionOptions = {}): EventSubscription {
    return catchUpSubscription(this, options);
  }

  async headPosition(): Promise<Position> {
    return BigInt((this.stmt.maxPosition.get() as { p: number }).p);
  }

  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.appended.wait(timeoutMs, signal);
  }

  /** A read of EVENT_COLUMNS, prepared once, its rows as arrays (`columnsToEvent`). */
  private cached(sql: string): StatementSync {
    let stmt = this.allQueries.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      stmt.setReturnArrays(true);
      this.allQueries.set(sql, stmt);
    }
    return stmt;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.queue.length) this.flush();
    this.appended.notify();
    this.db.close();
  }
}
