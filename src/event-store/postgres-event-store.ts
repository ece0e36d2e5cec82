import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { AppendSignal } from './append-signal.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { catchUpSubscription, FILTERED_SCAN_WINDOW } from './catch-up.js';
import {
  acceptsRevision,
  conflict,
  duplicateResult,
  eventIdFor,
  MAX_EVENTS_PER_APPEND,
  sealEvents,
} from './envelope.js';
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
import { MerkleTree } from './merkle/merkle-tree.js';
import { TreeBuilder } from './merkle/tlog.js';
import { treeEventLeafHash, treeNodeHash } from './merkle/tree-hashes.js';
import { sizeForCount, storedCount, storedIndex } from './merkle/tree-layout.js';
import { commandIdReused, prepareAppend, type PreparedAppend } from './prepared-append.js';
import {
  APPEND_CHANNEL,
  BATCH_HEADS,
  PG_SCHEMA,
  pgAllQuery,
  SCHEMA_LOCK,
  SCHEMA_PRESENT,
  WRITE_BATCH,
  WRITER_LOCK,
  type PgEventRow,
} from './postgres-schema.js';
import { toEvent } from './sqlite-schema.js';

interface Pending extends PreparedAppend {
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: AppendResult } | { ok: false; error: unknown };

export interface PostgresEventStoreOptions {
  /** Connections of the pool readers and the writer share (default 10). */
  readonly poolSize?: number;
  /**
   * How long an append or a read keeps retrying while the server cannot be reached (a restart, a
   * fail-over) before it gives up with the error (default 30 s).
   */
  readonly reconnectWithinMs?: number;
  /**
   * A test seam: runs inside each append transaction after its rows are written, before COMMIT, so
   * a test can hold a transaction open while others try to commit (the watermark proof).
   */
  readonly beforeCommit?: (positions: readonly Position[]) => Promise<void>;
}

const NO_STREAM = { revision: -1n, hash: GENESIS_HASH };
const PAGE = 5000;

/** Errors that mean "the server went away or is starting": worth a retry on a fresh connection. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (/^(08|57P0[1-3])/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTCONN'].includes(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(
    String(e?.message ?? ''),
  );
}

/** The URL without its password, for messages. */
export const redactUrl = (url: string): string => url.replace(/\/\/([^@/]*)@/, '//***@');

/**
 * The EventStore on PostgreSQL, for several API replicas sharing one log. Each append transaction
 * takes one advisory lock, reads the heads of its streams, assigns the next positions and writes
 * events, tree nodes and personal data in one statement, then commits. The lock makes the log's
 * writer single: positions are handed out in commit order, and a transaction is visible before it
 * lets the lock go, so a reader that sees position n has every position below it (no gaps, no event
 * that commits later with a lower position). Appends that arrive while one transaction is in flight
 * share the next (group commit), each still checked against its own expected revision.
 */
export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  /** Positions are dense here too (one writer at a time, no gaps). */
  readonly filteredScanWindow = FILTERED_SCAN_WINDOW;
  private queue: Pending[] = [];
  private writing = false;
  private closed = false;
  private readonly appended = new AppendSignal();
  /** The tree's edge as this process last wrote or read it; reread when another replica appended. */
  private tree = new TreeBuilder(treeNodeHash);
  private listener?: pg.Client;
  private listenerRetry?: NodeJS.Timeout;
  private readonly reconnectWithinMs: number;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly url: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.reconnectWithinMs = options.reconnectWithinMs ?? 30_000;
    // An idle connection the server closed (a restart) is dropped by the pool; the next query opens
    // a fresh one. Without a listener the error would end the process.
    pool.on('error', () => undefined);
  }

  /** Connects, sets the schema up when it is absent, and starts listening for appends. */
  static async connect(
    url: string,
    options: PostgresEventStoreOptions = {},
  ): Promise<PostgresEventStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      application_name: 'taizhang',
    });
    const store = new PostgresEventStore(pool, url, options);
    try {
      await store.setUp();
    } catch (error) {
      await pool.end().catch(() => undefined);
      if (!isConnectionError(error) && (error as { code?: string }).code !== '28000') throw error;
      throw new Error(
        `无法连接 PostgreSQL / cannot reach PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    store.listen();
    return store;
  }

  private async setUp(): Promise<void> {
    await this.withClient(async (client) => {
      const { rows } = await client.query<{ present: boolean }>(SCHEMA_PRESENT);
      if (!rows[0].present) {
        await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
        try {
          await client.query(PG_SCHEMA);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }
    });
  }

  /** LISTEN on a connection of its own, reconnecting after the server went away. */
  private listen(): void {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url, keepAlive: true });
    this.listener = client;
    let retried = false;
    const retry = (): void => {
      if (retried || this.closed) return;
      retried = true;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      // Whatever was appended while we were deaf is found by the next read: wake the readers.
      this.appended.notify();
      this.listenerRetry = setTimeout(() => this.listen(), 500);
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => this.appended.notify());
    client
      .connect()
      .then(() => client.query(`LISTEN ${APPEND_CHANNEL}`))
      .then(() => this.appended.notify())
      .catch(retry);
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
      this.queue.push({ ...pending, resolve, reject });
      if (!this.writing) setImmediate(() => void this.drain());
    });
  }

  /** One transaction at a time; what queued meanwhile goes into the next (group commit). */
  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue;
        this.queue = [];
        await this.writeBatch(batch);
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    const deadline = Date.now() + this.reconnectWithinMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const outcomes = await this.transaction(batch);
        batch.forEach((p, i) => {
          const o = outcomes[i];
          if (o.ok) p.resolve(o.value);
          else p.reject(o.error);
        });
        this.appended.notify();
        return;
      } catch (error) {
        // A lost connection may have lost the COMMIT's answer, not the COMMIT: the retry finds the
        // batch's command ids stored and answers with what they wrote. Retrying is safe either way.
        if (isConnectionError(error) && !this.closed && Date.now() < deadline) {
          await sleep(Math.min(100 * attempt, 1000));
          continue;
        }
        for (const p of batch) p.reject(error);
        return;
      }
    }
  }

  /**
   * The batch's transaction in two round trips: lock and read the heads, then write and commit. Both
   * go as simple queries with their values inlined as escaped literals: extended-protocol statements
   * cannot share a round trip, and on a busy server every round trip is a wait for the scheduler.
   */
  private transaction(batch: Pending[]): Promise<Outcome[]> {
    return this.withClient(async (client) => {
      const heads = inline(BATCH_HEADS, [
        batch.map((p) => p.request.streamId),
        batch.map((p) => eventIdFor(p.request.context.commandId, 0)),
      ]);
      try {
        const results = (await client.query(
          `BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK}); ${heads}`,
        )) as unknown as pg.QueryResult<HeadRow>[];
        const { outcomes, write, positions } = await this.decide(client, batch, results[2].rows);
        const hook = this.options.beforeCommit;
        if (write && hook) {
          await client.query(write);
          await hook(positions);
          await client.query('COMMIT');
        } else await client.query(write ? `${write}; COMMIT` : 'COMMIT');
        return outcomes;
      } catch (error) {
        // The edge may hold leaves that were rolled back: an empty one is reread by the next batch.
        this.tree = new TreeBuilder(treeNodeHash);
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * A pooled connection for `use`. While it is checked out the pool does not listen for its errors:
   * a server shutting down sends one between two queries, and unheard it would end the process. A
   * connection that failed is closed rather than given back.
   */
  private async withClient<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await use(client);
    } catch (error) {
      if (isConnectionError(error)) broken ??= error as Error;
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Under the lock: each append checked against its stream's head (as this batch leaves it), sealed
   * onto it and given the next positions; retried commands answered from the log. Returns the
   * outcomes and the one statement that writes what was accepted (undefined when nothing was).
   */
  private async decide(
    client: pg.PoolClient,
    batch: Pending[],
    rows: HeadRow[],
  ): Promise<{ outcomes: Outcome[]; write?: string; positions: Position[] }> {
    const heads = new Map<string, { revision: bigint; hash: string }>();
    for (const row of rows) {
      if (row.revision !== null)
        heads.set(row.stream_id, { revision: BigInt(row.revision), hash: row.hash! });
    }
    let position = rows.length ? BigInt(rows[0].head) : 0n;
    await this.treeAt(client, position);

    const cols = {
      position: [] as string[],
      stream: [] as string[],
      revision: [] as string[],
      eventId: [] as string[],
      type: [] as string[],
      data: [] as string[],
      metadata: [] as string[],
    };
    const personal = { eventId: [], path: [], commitment: [], value: [], salt: [] } as Record<
      'eventId' | 'path' | 'commitment' | 'value' | 'salt',
      string[]
    >;
    const nodes = { id: [] as string[], hash: [] as Buffer[] };
    /** Command ids written by this batch, by the first event id: a repeat inside it is a retry. */
    const inBatch = new Map<string, AppendResult>();
    const outcomes: (Outcome | { replay: number })[] = [];
    // Advanced in place; a transaction that fails forgets it (see transaction) and rereads the edge.
    const builder = this.tree;

    for (const [i, p] of batch.entries()) {
      const { request } = p;
      const firstId = eventIdFor(request.context.commandId, 0);
      const earlier = inBatch.get(firstId);
      if (rows[i].seen || earlier) {
        if (earlier && earlier.streamId !== request.streamId) {
          outcomes.push({ ok: false, error: commandIdReused(request, earlier.streamId) });
        } else if (earlier) {
          outcomes.push({
            ok: true,
            value: duplicateResult(request.streamId, [...earlier.events]),
          });
        } else outcomes.push({ replay: i });
        continue;
      }
      const head = heads.get(request.streamId) ?? NO_STREAM;
      if (!acceptsRevision(request.expectedRevision, head.revision)) {
        outcomes.push({ ok: false, error: conflict(request, head.revision) });
        continue;
      }
      const sealed = sealEvents(request, head.revision + 1n, head.hash, p.dataJson);
      const events: RecordedEvent[] = sealed.map((event, k) => {
        position++;
        cols.position.push(position.toString());
        cols.stream.push(event.streamId);
        cols.revision.push(event.revision.toString());
        cols.eventId.push(event.eventId);
        cols.type.push(event.type);
        cols.data.push(p.dataJson[k]);
        cols.metadata.push(metadataJson(event.metadata));
        for (const s of p.sealed[k] ?? []) {
          personal.eventId.push(event.eventId);
          personal.path.push(s.path);
          personal.commitment.push(s.commitment);
          personal.value.push(s.value);
          personal.salt.push(s.salt);
        }
        const leaf = treeEventLeafHash(event.metadata.hash);
        let id = storedCount(builder.size);
        nodes.id.push(String(id++));
        nodes.hash.push(leaf);
        for (const node of builder.push(leaf)) {
          nodes.id.push(String(id++));
          nodes.hash.push(node);
        }
        return { ...event, position };
      });
      const last = events[events.length - 1];
      heads.set(request.streamId, { revision: last.revision, hash: last.metadata.hash });
      const result: AppendResult = {
        streamId: request.streamId,
        revision: last.revision,
        position: last.position,
        events,
        duplicate: false,
      };
      inBatch.set(firstId, result);
      outcomes.push({ ok: true, value: result });
    }

    const final: Outcome[] = [];
    for (const o of outcomes) {
      if (!('replay' in o)) final.push(o);
      else {
        try {
          final.push({ ok: true, value: await this.replay(client, batch[o.replay].request) });
        } catch (error) {
          final.push({ ok: false, error });
        }
      }
    }
    const positions = cols.position.map(BigInt);
    if (!positions.length) return { outcomes: final, positions };
    const write = inline(WRITE_BATCH, [
      cols.position,
      cols.stream,
      cols.revision,
      cols.eventId,
      cols.type,
      cols.data,
      cols.metadata,
      nodes.id,
      nodes.hash,
      personal.eventId,
      personal.path,
      personal.commitment,
      personal.value,
      personal.salt,
      position.toString(),
    ]);
    return { outcomes: final, write, positions };
  }

  /**
   * Brings this process's copy of the tree edge to the log's head: another replica may have
   * appended since. A tree that does not end where the events do means rows were removed by hand or
   * the schema was tampered with: no more appends, rather than grow a tree that proves wrong events.
   */
  private async treeAt(client: pg.PoolClient, head: bigint): Promise<void> {
    if (BigInt(this.tree.size) === head) return;
    const size = Number(head);
    const { rows } = await client.query<{ n: string }>(
      'SELECT COALESCE(MAX(id) + 1, 0) AS n FROM merkle_hashes',
    );
    const stored = sizeForCount(Number(rows[0].n));
    if (stored !== size) {
      this.tree = new TreeBuilder(treeNodeHash);
      throw new Error(
        `账本树与事件不一致：树有 ${stored} 条，事件有 ${size} 条；请运行 taizhang verify / ` +
          `the ledger tree and the events disagree: the tree holds ${stored} entries, the log ${size}; run taizhang verify`,
      );
    }
    const ids: number[] = [];
    for (let lo = 0, rest = size; rest > 0;) {
      let leaves = 1;
      while (leaves * 2 <= rest) leaves *= 2;
      ids.push(storedIndex(Math.log2(leaves), lo / leaves));
      lo += leaves;
      rest -= leaves;
    }
    const peaks = await client.query<{ id: string; hash: Buffer }>(
      'SELECT id, hash FROM merkle_hashes WHERE id = ANY($1::bigint[])',
      [ids],
    );
    const byId = new Map(peaks.rows.map((r) => [Number(r.id), r.hash]));
    this.tree = TreeBuilder.resume(
      size,
      ids.map((id) => byId.get(id)!),
      treeNodeHash,
    );
  }

  /** A command id seen before: what its first run wrote, from the store. */
  private async replay(client: pg.PoolClient, request: AppendRequest): Promise<AppendResult> {
    const { commandId } = request.context;
    const ids = Array.from({ length: MAX_EVENTS_PER_APPEND }, (_, i) => eventIdFor(commandId, i));
    const { rows } = await client.query<PgEventRow>(
      'SELECT * FROM events WHERE event_id = ANY($1::text[]) ORDER BY position',
      [ids],
    );
    const events = rows.map(toEvent);
    if (events[0].streamId !== request.streamId) throw commandIdReused(request, events[0].streamId);
    return duplicateResult(request.streamId, events);
  }

  /** A read, retried on a fresh connection while the server is briefly away. */
  private async read<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    const deadline = Date.now() + this.reconnectWithinMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.pool.query<R>(sql, params)).rows;
      } catch (error) {
        if (!isConnectionError(error) || this.closed || Date.now() >= deadline) throw error;
        await sleep(Math.min(100 * attempt, 1000));
      }
    }
  }

  async readStream(streamId: string, options: StreamReadOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const limit = options.maxCount ?? 1_000_000;
    const from = options.fromRevision ?? (backwards ? BigInt(Number.MAX_SAFE_INTEGER) : 0n);
    const sql = backwards
      ? 'SELECT * FROM events WHERE stream_id = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3'
      : 'SELECT * FROM events WHERE stream_id = $1 AND revision >= $2 ORDER BY revision ASC LIMIT $3';
    const rows = await this.read<PgEventRow>(sql, [streamId, from.toString(), limit]);
    return rows.map(toEvent);
  }

  async readAll(options: AllReadOptions = {}): Promise<RecordedEvent[]> {
    const { sql, params } = pgAllQuery(options.filter, options.through);
    const rows = await this.read<PgEventRow>(sql, [
      (options.after ?? 0n).toString(),
      options.maxCount ?? 1000,
      ...params,
    ]);
    return rows.map(toEvent);
  }

  subscribeToAll(options: SubscriptionOptions = {}): EventSubscription {
    return catchUpSubscription(this, options);
  }

  async headPosition(): Promise<Position> {
    const [row] = await this.read<{ p: string }>(
      'SELECT COALESCE(MAX(position), 0) AS p FROM events',
      [],
    );
    return BigInt(row.p);
  }

  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.appended.wait(timeoutMs, signal, this.closed);
  }

  async findEvent(eventId: string): Promise<RecordedEvent | undefined> {
    const [row] = await this.read<PgEventRow>('SELECT * FROM events WHERE event_id = $1', [
      eventId,
    ]);
    return row && toEvent(row);
  }

  async readPersonalData(commitments: readonly string[]): Promise<PersonalSecret[]> {
    const rows = await this.read<{
      event_id: string;
      path: string;
      commitment: string;
      value: string;
      salt: string;
    }>('SELECT * FROM personal_data WHERE commitment = ANY($1::text[])', [
      [...new Set(commitments)],
    ]);
    return rows.map((r) => ({
      eventId: r.event_id,
      path: r.path,
      commitment: r.commitment,
      value: r.value,
      salt: r.salt,
    }));
  }

  async erasePersonalData(ref: PersonalRef): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'DELETE FROM personal_data WHERE event_id = $1 AND path = $2 AND commitment = $3',
      [ref.eventId, ref.path, ref.commitment],
    );
    return (rowCount ?? 0) > 0;
  }

  /**
   * The stored ledger tree, copied into memory at this moment: what the CLI's verification, proofs
   * and checkpoints read (they read nodes synchronously). Its size is the log's head when copied.
   */
  async treeSnapshot(): Promise<MerkleTree> {
    const db = new DatabaseSync(':memory:');
    const tree = new MerkleTree(db);
    const insert = db.prepare('INSERT INTO merkle_hashes (id, hash) VALUES (?, ?)');
    await this.withClient(async (client) => {
      // One snapshot for every page, so the copy is one consistent tree.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      db.exec('BEGIN');
      for (let after = -1; ;) {
        const { rows } = await client.query<{ id: string; hash: Buffer }>(
          'SELECT id, hash FROM merkle_hashes WHERE id > $1 ORDER BY id LIMIT $2',
          [after, PAGE * 4],
        );
        for (const r of rows) insert.run(Number(r.id), r.hash);
        if (rows.length < PAGE * 4) break;
        after = Number(rows[rows.length - 1].id);
      }
      db.exec('COMMIT');
      await client.query('COMMIT');
    });
    tree.reload();
    return tree;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already queued are written before the pool closes.
    while (this.writing || this.queue.length) {
      if (!this.writing) void this.drain();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    this.closed = true;
    clearTimeout(this.listenerRetry);
    this.appended.notify();
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }
}

interface HeadRow {
  stream_id: string;
  revision: string | null;
  hash: string | null;
  seen: boolean;
  head: string;
}

/** One value as an SQL literal: text escaped by the driver, bytes as a bytea literal, arrays as ARRAY[]. */
function literal(value: string | Buffer | readonly (string | Buffer)[]): string {
  if (Array.isArray(value))
    return `ARRAY[${value.map((v: string | Buffer) => literal(v)).join(',')}]`;
  if (Buffer.isBuffer(value)) return `${pg.escapeLiteral(`\\x${value.toString('hex')}`)}::bytea`;
  return pg.escapeLiteral(value as string);
}

/** `sql` with its $n placeholders replaced by the literals of `params` (casts stay as written). */
export function inline(
  sql: string,
  params: readonly (string | Buffer | readonly (string | Buffer)[])[],
): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => literal(params[Number(n) - 1]));
}
