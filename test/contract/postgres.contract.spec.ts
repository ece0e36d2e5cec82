import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type {
  AppendRequest,
  Position,
  RecordedEvent,
} from '../../src/event-store/event-store.port.js';
import { verifyLedger } from '../../src/event-store/merkle/verify-ledger.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { verifyStream } from '../../src/event-store/verify.js';
import { pgTestTarget, type PgTestTarget } from '../support/pg-test-database.js';
import { tempDir } from '../support/temp-dir.js';
import { within } from '../support/within.js';
import { eventStoreContract } from './event-store.contract.js';

let target: PgTestTarget;
let contractUrl: string;

beforeAll(async () => {
  target = await pgTestTarget('pg-contract');
  contractUrl = await target.database('contract');
}, 120_000);
afterAll(() => target?.close());

// A private, fresh database: store-wide facts (the head, unfiltered reads) are asserted too.
eventStoreContract('postgres', () => PostgresEventStore.connect(contractUrl), {
  uniquePrefix: false,
});

const actor = { id: 'u-pg', name: '测试员', role: 'ADMIN', organisation: '省督察办' };
const run = BigInt('0x' + randomBytes(5).toString('hex')).toString(36);
let streams = 0;
const stream = (): string => `p${run}x${++streams}-1`;
const request = (
  streamId: string,
  expectedRevision: AppendRequest['expectedRevision'] = 'any',
  commandId: string = randomUUID(),
): AppendRequest => ({
  streamId,
  expectedRevision,
  events: [{ type: 'TaskListed', data: { n: streamId } }],
  context: { actor, commandId, recordedAt: new Date().toISOString() },
});

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgresEventStore: the global position has no gap a reader could skip', () => {
  it('a naive sequence does lose an event that commits late (the failure this design prevents)', async () => {
    // bigserial hands out numbers at insert, not at commit: the second transaction commits first and a
    // reader that moves its checkpoint past it never sees the first. This is what the store must not do.
    const url = await target.database('naive');
    const [a, b, reader] = [url, url, url].map((u) => new pg.Client({ connectionString: u }));
    await Promise.all([a, b, reader].map((c) => c.connect()));
    try {
      const table = `naive_${run}`;
      await a.query(`CREATE TABLE ${table} (position bigserial PRIMARY KEY, v text)`);
      await a.query('BEGIN');
      await a.query(`INSERT INTO ${table} (v) VALUES ('first')`); // takes position 1, not committed
      await b.query(`INSERT INTO ${table} (v) VALUES ('second')`); // position 2, committed
      const seen = (await reader.query(`SELECT position FROM ${table} WHERE position > 0`)).rows;
      expect(seen.map((r) => Number(r.position))).toEqual([2]);
      await a.query('COMMIT');
      const after = (await reader.query(`SELECT position FROM ${table} WHERE position > 2`)).rows;
      expect(after).toEqual([]); // position 1 is now committed, behind the reader's checkpoint
    } finally {
      await Promise.all([a, b, reader].map((c) => c.end()));
    }
  });

  it('holds a later writer until the earlier commits: the reader sees nothing, then both in order', async () => {
    const url = await target.database('held');
    const held = gate();
    const reached = gate();
    const slow = await PostgresEventStore.connect(url, {
      beforeCommit: async () => {
        reached.open();
        await held.opened;
      },
    });
    const fast = await PostgresEventStore.connect(url);
    const reader = await PostgresEventStore.connect(url);
    try {
      const start = await reader.headPosition();
      const first = slow.append(request(stream()));
      await reached.opened; // the slow transaction holds its positions, uncommitted
      let secondDone = false;
      const second = fast.append(request(stream())).then((r) => ((secondDone = true), r));
      await sleep(300);
      expect(secondDone).toBe(false);
      expect(await reader.readAll({ after: start })).toEqual([]);
      held.open();
      const [r1, r2] = await Promise.all([first, second]);
      expect(r2.position).toBe(r1.position + 1n);
      const read = await reader.readAll({ after: start });
      expect(read.map((e) => e.position)).toEqual([r1.position, r2.position]);
    } finally {
      await Promise.all([slow.close(), fast.close(), reader.close()]);
    }
  });

  it('many concurrent transactions from several connections: a subscriber gets every event once, in order', async () => {
    const url = await target.database('watermark');
    // Four "replicas", each holding its transactions open for a random while before committing.
    const writers = await Promise.all(
      Array.from({ length: 4 }, () =>
        PostgresEventStore.connect(url, {
          beforeCommit: async () => void (await sleep(Math.floor(Math.random() * 8))),
        }),
      ),
    );
    const reader = await PostgresEventStore.connect(url);
    const start = await reader.headPosition();
    const subscription = reader.subscribeToAll({ after: start });
    const received: RecordedEvent[] = [];
    const total = 240;
    const consumed = (async () => {
      for await (const event of subscription) {
        received.push(event);
        if (received.length === total) break;
      }
    })();
    // A poller with its own checkpoint, as a projection keeps one: every page must start right after it.
    const pageStarts: { after: Position; first: Position }[] = [];
    // It reads until it has seen every event (the subscriber finishing first says nothing about it).
    let polling = true;
    const poller = (async () => {
      let after = start;
      while (polling && after < start + BigInt(total)) {
        const page = await reader.readAll({ after, maxCount: 50 });
        if (page.length) {
          pageStarts.push({ after, first: page[0].position });
          after = page[page.length - 1].position;
        }
      }
      return after;
    })();
    try {
      const streamIds = Array.from({ length: 12 }, () => stream());
      const acked = await Promise.all(
        Array.from({ length: total }, (_, i) =>
          writers[i % writers.length].append(request(streamIds[i % streamIds.length])),
        ),
      );
      await within(consumed, 30_000, () => `the subscriber (${received.length} of ${total})`);
      expect(await within(poller, 30_000, 'the poller to reach the head')).toBe(
        start + BigInt(total),
      );
      const positions = received.map((e) => e.position);
      expect(positions).toEqual(Array.from({ length: total }, (_, i) => start + BigInt(i) + 1n));
      expect(new Set(received.map((e) => e.eventId)).size).toBe(total);
      expect(new Set(acked.map((r) => r.position))).toEqual(new Set(positions));
      expect(pageStarts.every((p) => p.first === p.after + 1n)).toBe(true);
      // The streams' chains and the ledger tree the four wrote together hold.
      for (const s of streamIds) expect((await verifyStream(reader, s)).ok).toBe(true);
      const ledger = await verifyLedger(reader, await reader.treeSnapshot());
      expect(ledger).toMatchObject({ events: Number(start) + total, chainFailures: [] });
      expect(ledger.logProblem).toBeUndefined();
    } finally {
      polling = false;
      await subscription.close();
      await Promise.all([...writers, reader].map((w) => w.close()));
    }
  });
});

describe('PostgresEventStore: several replicas on one log', () => {
  it('writers on different connections meet optimistic concurrency: no update is lost', async () => {
    const url = await target.database('occ');
    const replicas = await Promise.all([1, 2, 3].map(() => PostgresEventStore.connect(url)));
    try {
      const s = stream();
      let conflicts = 0;
      // 20 writers, each reads the stream on its replica and appends at the revision it read.
      await Promise.all(
        Array.from({ length: 20 }, async (_, w) => {
          const store = replicas[w % replicas.length];
          for (;;) {
            const [last] = await store.readStream(s, { direction: 'backwards', maxCount: 1 });
            const expected = last ? last.revision : 'no_stream';
            try {
              await store.append({
                ...request(s, expected),
                events: [{ type: 'TaskListed', data: { writer: w } }],
              });
              return;
            } catch (error) {
              if ((error as { code?: string }).code !== 'CONFLICT') throw error;
              conflicts++;
            }
          }
        }),
      );
      const events = await replicas[0].readStream(s);
      expect(events).toHaveLength(20);
      expect(new Set(events.map((e) => e.data.writer)).size).toBe(20);
      expect(conflicts).toBeGreaterThan(0);
      expect(await verifyStream(replicas[1], s)).toMatchObject({ ok: true, events: 20 });
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
    }
  });

  it('a command retried on another replica is answered from the log, not written twice', async () => {
    const url = await target.database('retry');
    const [a, b] = await Promise.all([1, 2].map(() => PostgresEventStore.connect(url)));
    try {
      const s = stream();
      const commandId = randomUUID();
      const first = await a.append(request(s, 'no_stream', commandId));
      const again = await b.append(request(s, 'no_stream', commandId));
      expect(again).toMatchObject({ duplicate: true, position: first.position });
      expect(again.events[0].metadata.hash).toBe(first.events[0].metadata.hash);
      await expect(b.append(request(stream(), 'any', commandId))).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
      });
      expect(await b.readStream(s)).toHaveLength(1);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('PostgresEventStore: values travel as escaped literals', () => {
  it('stores quotes, backslashes, placeholders and control characters exactly, and they verify', async () => {
    const url = await target.database('literals');
    const store = await PostgresEventStore.connect(url);
    try {
      const s = stream();
      const nasty = "it's \\ \\x00 $1 $15 E'x'); DROP TABLE events; -- \u0000 \u0007 💥 中文";
      const written = await store.append({
        streamId: s,
        expectedRevision: 'no_stream',
        events: [{ type: 'TaskListed', data: { nasty, [nasty]: [nasty] } }],
        context: {
          actor: { ...actor, name: nasty },
          commandId: nasty,
          reason: nasty,
          recordedAt: new Date().toISOString(),
        },
      });
      const [read] = await store.readStream(s);
      expect(read.data).toEqual({ nasty, [nasty]: [nasty] });
      expect(read.metadata).toEqual(written.events[0].metadata);
      expect(await verifyStream(store, s)).toMatchObject({ ok: true, events: 1 });
      expect(await store.headPosition()).toBe(written.position);
    } finally {
      await store.close();
    }
  });
});

describe('PostgresEventStore: the log is immutable in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of events and tree nodes to the application role and the superuser', async () => {
    const url = await target.database('immutable');
    const store = await PostgresEventStore.connect(url);
    await store.append(request(stream()));
    await store.close();
    const asApp = new pg.Client({ connectionString: url });
    await asApp.connect();
    try {
      for (const sql of [
        "UPDATE events SET data = '{}'",
        'DELETE FROM events',
        'TRUNCATE events',
        'UPDATE merkle_hashes SET hash = hash',
        'DELETE FROM merkle_hashes',
      ]) {
        await expect(asApp.query(sql)).rejects.toMatchObject({ code: '42501' });
      }
      // The owner may grant itself the privilege back; the trigger still refuses.
      await asApp.query('GRANT UPDATE, DELETE ON events TO CURRENT_USER');
      await expect(asApp.query("UPDATE events SET data = '{}'")).rejects.toThrow(/append-only/);
      await expect(asApp.query('DELETE FROM events')).rejects.toThrow(/append-only/);
      // Inserting stays allowed (that is how events are written), and personal data can be erased.
      await expect(asApp.query('DELETE FROM personal_data')).resolves.toBeDefined();
    } finally {
      await asApp.end();
    }
    if (!target.server) return; // a given DATABASE_URL: no superuser to try
    const superuser = new pg.Client({
      connectionString: url.replace('//taizhang@', '//postgres@'),
    });
    await superuser.connect();
    try {
      await expect(superuser.query("UPDATE events SET data = '{}'")).rejects.toThrow(/append-only/);
      await expect(superuser.query('TRUNCATE merkle_hashes')).rejects.toThrow(/append-only/);
    } finally {
      await superuser.end();
    }
  });
});

describe('taizhang verify on PostgreSQL', () => {
  const exec = promisify(execFile);
  const cli = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');
  const dir = tempDir('pg-verify');
  afterAll(() => dir.remove());

  it('verifies the chains and the stored tree, and writes a proof bundle that checks offline', async () => {
    const url = await target.database('verify');
    const store = await PostgresEventStore.connect(url);
    const s = stream();
    for (let i = 0; i < 5; i++) await store.append(request(s));
    const second = (await store.readStream(s))[1];
    await store.close();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EVENT_STORE: 'postgres',
      DATABASE_URL: url,
      DATA_DIR: dir.path,
    };
    delete env.NODE_OPTIONS;
    const verified = await exec(process.execPath, [cli, 'verify'], { env });
    expect(verified.stdout).toMatch(/校验通过 \/ verified: 1 streams, 5 events/);
    const out = join(dir.path, 'bundle.json');
    await exec(process.execPath, [cli, 'proof', second.eventId, '--out', out], { env });
    const checked = await exec(process.execPath, [cli, 'verify-bundle', out], { env });
    expect(checked.stdout).toMatch(new RegExp(`${s} revision 1 \\(position ${second.position}\\)`));
  }, 180_000);
});
