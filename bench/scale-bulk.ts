/**
 * The bulk path of bench:scale's generator: the same appends as through `SqliteEventStore.append`
 * (validated, personal data committed, sealed onto the stream's head with the store's own
 * `validateAppend`, `commitPersonalData` and `sealEvents`, so hashes and chains are the real ones),
 * inserted in transactions of `eventsPerCommit` events with no savepoint or head read per append,
 * and the ledger tree's leaves added in the same transactions (the store's own `MerkleTree`).
 *
 * `writeScaleBulk` decides and seals in worker threads (bench/scale-bulk-worker.ts), an inspection
 * per worker in turn; the main thread only inserts, in the order `writeScale` appends, so the log is
 * the same event for event. Only for a new, private file: nothing else may append while it writes.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  RecordedEvent,
} from '../src/event-store/event-store.port.js';
import {
  acceptsRevision,
  conflict,
  sealEvents,
  validateAppend,
} from '../src/event-store/envelope.js';
import { GENESIS_HASH, metadataJson } from '../src/event-store/hashing.js';
import { MerkleTree } from '../src/event-store/merkle/merkle-tree.js';
import { treeEventLeafHash } from '../src/event-store/merkle/tree-hashes.js';
import { commitPersonalData } from '../src/event-store/personal-data.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import type { StreamHead } from '../src/event-store/stream-heads.js';
import { writeInspections } from './ledger-data.js';
import { inspectionsOf, plannedEvents, type ScalePlan } from './scale-data.js';

/** Sealed events ready to insert, in log order: what a worker hands the main thread. */
export interface SealedChunk {
  /** Per event: stream id, revision, event id, type, data JSON, metadata JSON. */
  readonly rows: (string | number)[];
  /** Per personal value: event id, path, commitment, value, salt. */
  readonly personal: string[];
  /** The events' ledger-tree leaf hashes, 32 bytes each. */
  readonly leaves: Uint8Array;
  readonly events: number;
}

const ROW = 6;
const LEAF = 32;

/**
 * Seals appends as the store's append does, for streams only it writes: heads live in memory.
 * Validation and personal-data commitments are the store's; the defensive copy `prepareAppend`
 * makes for a write deferred to a group commit is not needed here (the row is made at once).
 */
export class Sealer {
  private readonly heads = new Map<string, StreamHead>();
  private rows: (string | number)[] = [];
  private personal: string[] = [];
  private leaves: Buffer[] = [];

  get pending(): number {
    return this.leaves.length;
  }

  seal(input: AppendRequest): Omit<RecordedEvent, 'position'>[] {
    const committed = commitPersonalData(input);
    const request = committed.request;
    const dataJson = validateAppend(request);
    const head = this.heads.get(request.streamId) ?? { revision: -1n, hash: GENESIS_HASH };
    if (!acceptsRevision(request.expectedRevision, head.revision))
      throw conflict(request, head.revision);
    const events = sealEvents(request, head.revision + 1n, head.hash, dataJson);
    events.forEach((event, i) => {
      this.rows.push(
        event.streamId,
        Number(event.revision),
        event.eventId,
        event.type,
        dataJson[i],
        metadataJson(event.metadata),
      );
      for (const p of committed.sealed[i] ?? [])
        this.personal.push(event.eventId, p.path, p.commitment, p.value, p.salt);
      this.leaves.push(treeEventLeafHash(event.metadata.hash));
    });
    const last = events[events.length - 1];
    this.heads.set(request.streamId, { revision: last.revision, hash: last.metadata.hash });
    return events;
  }

  /** Streams finished: their heads need not stay in memory. */
  forget(streamIds: Iterable<string>): void {
    for (const id of streamIds) this.heads.delete(id);
  }

  /** What was sealed since the last take. */
  take(): SealedChunk {
    const chunk = {
      rows: this.rows,
      personal: this.personal,
      // A buffer of its own, never a slice of Node's pool: a worker transfers it.
      leaves: new Uint8Array(this.leaves.length * LEAF),
      events: this.leaves.length,
    };
    this.leaves.forEach((leaf, i) => chunk.leaves.set(leaf, i * LEAF));
    this.rows = [];
    this.personal = [];
    this.leaves = [];
    return chunk;
  }
}

export class BulkEventWriter implements Pick<EventStore, 'append'> {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly insertPersonal: StatementSync;
  private readonly tree: MerkleTree;
  private readonly sealer = new Sealer();
  private inTransaction = 0;
  /** Events inserted so far: the next one's position less one. */
  written = 0;

  private constructor(
    private readonly file: string,
    private readonly eventsPerCommit: number,
  ) {
    this.db = new DatabaseSync(file);
    // A page cache large enough for the event-id index's random inserts at 10^7 events (whose
    // pages a commit rewrites nearly all), and no journal: a file killed half-written is thrown
    // away (bench:scale keeps a store only once it is whole), so each commit writes its pages once,
    // not to the WAL and again at the checkpoint. The store's open at close() puts WAL back.
    this.db.exec(
      'PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -3145728; PRAGMA temp_store = MEMORY',
    );
    const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number };
    if (n !== 0) throw new Error(`${file} already holds events: the bulk writer needs a new store`);
    this.insert = this.db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, tree) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertPersonal = this.db.prepare(
      'INSERT INTO personal_data (event_id, path, commitment, value, salt) VALUES (?, ?, ?, ?, ?)',
    );
    this.tree = new MerkleTree(this.db);
  }

  /** Opens (creating its schema through the store itself) a new store file for bulk writing. */
  static async open(file: string, eventsPerCommit = 250_000): Promise<BulkEventWriter> {
    await new SqliteEventStore(file, { synchronous: 'OFF' }).close();
    return new BulkEventWriter(file, eventsPerCommit);
  }

  append(input: AppendRequest): Promise<AppendResult> {
    try {
      const sealed = this.sealer.seal(input);
      this.insertChunk(this.sealer.take());
      const first = this.written - sealed.length + 1;
      const events = sealed.map((e, i) => ({ ...e, position: BigInt(first + i) }));
      return Promise.resolve({
        streamId: input.streamId,
        revision: events[events.length - 1].revision,
        position: events[events.length - 1].position,
        events,
        duplicate: false,
      });
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /** Inserts sealed events (the next in the log) and their tree leaves in the open transaction. */
  insertChunk(chunk: SealedChunk): void {
    if (this.inTransaction === 0) this.db.exec('BEGIN');
    const { rows, personal, leaves } = chunk;
    const bytes = Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength);
    for (let i = 0, at = 0; i < rows.length; i += ROW, at += LEAF) {
      // The event's row carries the tree hashes its leaf adds, as the store's appends write them.
      this.tree.add(bytes.subarray(at, at + LEAF), (tree) => {
        const { lastInsertRowid } = this.insert.run(
          rows[i],
          rows[i + 1],
          rows[i + 2],
          rows[i + 3],
          rows[i + 4],
          rows[i + 5],
          tree,
        );
        if (Number(lastInsertRowid) !== ++this.written)
          throw new Error(`event ${this.written} got position ${lastInsertRowid}`);
      });
    }
    for (let i = 0; i < personal.length; i += 5)
      this.insertPersonal.run(
        personal[i],
        personal[i + 1],
        personal[i + 2],
        personal[i + 3],
        personal[i + 4],
      );
    this.inTransaction += chunk.events;
    if (this.inTransaction >= this.eventsPerCommit) this.commit();
  }

  /** Streams finished: their heads need not stay in memory. */
  forget(streamIds: Iterable<string>): void {
    this.sealer.forget(streamIds);
  }

  private commit(): void {
    if (this.inTransaction === 0) return;
    this.db.exec('COMMIT');
    this.inTransaction = 0;
  }

  /** Commits what is written; opening it as a store checks the tree covers every event. */
  async close(): Promise<void> {
    this.commit();
    this.db.close();
    await new SqliteEventStore(this.file, { synchronous: 'OFF' }).close();
  }
}

/** What bench/scale-bulk-worker.ts is started with. */
export interface WorkerJob {
  readonly plan: ScalePlan;
  readonly index: number;
  readonly workers: number;
  readonly chunkEvents: number;
  /** Int32 per worker: its chunks sent and not yet inserted. */
  readonly ahead: SharedArrayBuffer;
  readonly maxAhead: number;
}

export type WorkerMessage = SealedChunk & { readonly inspection: number; readonly last: boolean };

/** The worker runs compiled JavaScript: beside this file in dist/, or dist/ when tests load sources. */
const WORKER_FILE = __filename.endsWith('.js')
  ? join(__dirname, 'scale-bulk-worker.js')
  : join(__dirname, '..', 'dist', 'bench', 'scale-bulk-worker.js');

/**
 * Writes the plan as `writeScale` does, byte for byte the same log, with `workers` threads deciding
 * and sealing (inspection n in worker n mod workers) while this thread inserts in log order.
 * Reports the events written after each inspection.
 */
export async function writeScaleBulk(
  file: string,
  plan: ScalePlan,
  options: {
    workers?: number;
    eventsPerCommit?: number;
    chunkEvents?: number;
    onInspection?: (events: number) => void;
  } = {},
): Promise<number> {
  const workers = options.workers ?? 2;
  const chunkEvents = options.chunkEvents ?? 5_000;
  // Chunks a worker may have sent that are not inserted yet: a whole inspection and a bit, so the
  // other workers seal their next inspections while this thread inserts one (memory: about one
  // inspection's events per worker).
  const maxAhead = Math.ceil(plannedEvents(plan) / inspectionsOf(plan) / chunkEvents) + 2;
  const writer = await BulkEventWriter.open(file, options.eventsPerCommit);
  const inspections = inspectionsOf(plan);
  await writeInspections(writer, inspections);
  const ahead = new Int32Array(new SharedArrayBuffer(4 * workers));
  const queues: WorkerMessage[][] = Array.from({ length: workers }, () => []);
  let wake: (() => void) | undefined;
  let failed: Error | undefined;
  const threads = Array.from({ length: workers }, (_, index) => {
    const job: WorkerJob = {
      plan,
      index,
      workers,
      chunkEvents,
      ahead: ahead.buffer as SharedArrayBuffer,
      maxAhead,
    };
    const worker = new Worker(WORKER_FILE, { workerData: job });
    worker.on('message', (m: WorkerMessage) => {
      queues[index].push(m);
      wake?.();
    });
    worker.on('error', (error) => {
      failed ??= error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failed ??= new Error(`scale worker ${index} exited with ${code}`);
      wake?.();
    });
    return worker;
  });
  const next = async (w: number): Promise<WorkerMessage> => {
    for (;;) {
      if (failed) throw failed;
      const m = queues[w].shift();
      if (m) return m;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };
  try {
    for (let n = 0; n < inspections; n++) {
      const w = n % workers;
      for (let last = false; !last;) {
        const m = await next(w);
        if (m.inspection !== n)
          throw new Error(`worker ${w} sent inspection ${m.inspection}, not ${n}`);
        writer.insertChunk(m);
        Atomics.sub(ahead, w, 1);
        Atomics.notify(ahead, w);
        last = m.last;
      }
      options.onInspection?.(writer.written);
    }
  } finally {
    await Promise.all(threads.map((t) => t.terminate()));
  }
  await writer.close();
  return writer.written;
}
