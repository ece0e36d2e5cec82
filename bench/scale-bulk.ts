/**
 * The bulk path of bench:scale's generator: the same appends as through `SqliteEventStore.append`
 * (validated, personal data committed, sealed onto the stream's head with the store's own
 * `prepareAppend` and `sealEvents`, so hashes and chains are the real ones), inserted in
 * transactions of `eventsPerCommit` events with no savepoint, head read or tree node per append.
 * The ledger tree is made at `close()` by opening the store, which backfills the leaves a store
 * written without them lacks (the path an old store takes). Only for a new, private file: nothing
 * else may append while it writes.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type {
  AppendRequest,
  AppendResult,
  EventStore,
  RecordedEvent,
} from '../src/event-store/event-store.port.js';
import { acceptsRevision, conflict, sealEvents } from '../src/event-store/envelope.js';
import { GENESIS_HASH, metadataJson } from '../src/event-store/hashing.js';
import { prepareAppend } from '../src/event-store/prepared-append.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import type { StreamHead } from '../src/event-store/stream-heads.js';

export class BulkEventWriter implements Pick<EventStore, 'append'> {
  private readonly db: DatabaseSync;
  private readonly insert: StatementSync;
  private readonly insertPersonal: StatementSync;
  private readonly head: StatementSync;
  /** Heads of the streams written by this writer: it is the file's only writer. */
  private readonly heads = new Map<string, StreamHead>();
  private inTransaction = 0;

  private constructor(
    private readonly file: string,
    private readonly eventsPerCommit: number,
  ) {
    this.db = new DatabaseSync(file);
    // A page cache large enough for the event-id index's random inserts at 10^7 events.
    this.db.exec(
      'PRAGMA synchronous = OFF; PRAGMA cache_size = -1048576; PRAGMA temp_store = MEMORY',
    );
    this.insert = this.db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertPersonal = this.db.prepare(
      'INSERT INTO personal_data (event_id, path, commitment, value, salt) VALUES (?, ?, ?, ?, ?)',
    );
    this.head = this.db.prepare(
      "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
    );
  }

  /** Opens (creating its schema through the store itself) a store file for bulk writing. */
  static async open(file: string, eventsPerCommit = 50_000): Promise<BulkEventWriter> {
    await new SqliteEventStore(file, { synchronous: 'OFF', merkleTree: false }).close();
    return new BulkEventWriter(file, eventsPerCommit);
  }

  append(input: AppendRequest): Promise<AppendResult> {
    try {
      return Promise.resolve(this.write(input));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  private write(input: AppendRequest): AppendResult {
    const { request, dataJson, sealed: personal } = prepareAppend(input);
    if (this.inTransaction === 0) this.db.exec('BEGIN');
    const row = this.heads.has(request.streamId)
      ? undefined
      : (this.head.get(request.streamId) as { revision: number; hash: string } | undefined);
    const head =
      this.heads.get(request.streamId) ??
      (row
        ? { revision: BigInt(row.revision), hash: row.hash }
        : { revision: -1n, hash: GENESIS_HASH });
    if (!acceptsRevision(request.expectedRevision, head.revision))
      throw conflict(request, head.revision);
    const events: RecordedEvent[] = [];
    for (const [i, event] of sealEvents(
      request,
      head.revision + 1n,
      head.hash,
      dataJson,
    ).entries()) {
      const { lastInsertRowid } = this.insert.run(
        event.streamId,
        event.revision,
        event.eventId,
        event.type,
        dataJson[i],
        metadataJson(event.metadata),
      );
      for (const p of personal[i] ?? [])
        this.insertPersonal.run(event.eventId, p.path, p.commitment, p.value, p.salt);
      events.push({ ...event, position: BigInt(lastInsertRowid) });
    }
    const last = events[events.length - 1];
    this.heads.set(request.streamId, { revision: last.revision, hash: last.metadata.hash });
    this.inTransaction += events.length;
    if (this.inTransaction >= this.eventsPerCommit) this.commit();
    return {
      streamId: request.streamId,
      revision: last.revision,
      position: last.position,
      events,
      duplicate: false,
    };
  }

  /** Streams finished: their heads need not stay in memory. */
  forget(streamIds: Iterable<string>): void {
    for (const id of streamIds) this.heads.delete(id);
  }

  private commit(): void {
    if (this.inTransaction === 0) return;
    this.db.exec('COMMIT');
    this.inTransaction = 0;
  }

  /** Commits what is written and builds the ledger tree over it (the store's own backfill). */
  async close(): Promise<void> {
    this.commit();
    this.db.close();
    await new SqliteEventStore(this.file, { synchronous: 'OFF' }).close();
  }
}
