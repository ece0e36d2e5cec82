import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { startPgServer, type PgServer } from '../support/pg-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { assignInput, registerInspection } from '../support/task-api.js';

/**
 * Issue 18: three API processes, each with its own read models, on one PostgreSQL (a server of this
 * file's own, since one test restarts it). Writes go to any replica; the shared log decides.
 */
const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, at most `ms`; fails with `what` otherwise. */
async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

describe('API replicas on one PostgreSQL (issue 18)', () => {
  let pgServer: PgServer;
  let log: PostgresEventStore;
  let replicas: ServerProcess[];
  let office: string[];
  const alive = new Set<number>();

  beforeAll(async () => {
    pgServer = await startPgServer('pg-replicas');
    replicas = await Promise.all(
      [0, 1, 2].map(() =>
        startServerProcess({
          env: { EVENT_STORE: 'postgres', DATABASE_URL: pgServer.url },
          startTimeoutMs: 90_000,
        }),
      ),
    );
    replicas.forEach((_, i) => alive.add(i));
    office = await Promise.all(replicas.map((r) => r.token('INSPECTION_OFFICE', '江西省督察办')));
    log = await PostgresEventStore.connect(pgServer.url);
    await registerInspection(replicas[0], office[0], 'JX-3');
    await everyReplicaSees('inspection JX-3', '{ inspection(id: "JX-3") { inspectionId } }', 0);
  }, 180_000);

  afterAll(async () => {
    for (const [i, r] of (replicas ?? []).entries()) {
      if (alive.has(i) && !isRunning(r.pid)) console.log(`replica ${i} died:\n${r.output()}`);
    }
    await log?.close();
    await Promise.all((replicas ?? []).map((r) => r.stop()));
    pgServer?.remove();
  });

  /** Waits until every live replica's read side answers `query` with data (not null). */
  async function everyReplicaSees(what: string, query: string, from: number): Promise<void> {
    await Promise.all(
      [...alive].map((i) =>
        until(
          async () => {
            const res = await replicas[i].gql<Record<string, unknown>>(query, {}, office[i]);
            return !!res.data && Object.values(res.data).every((v) => v !== null);
          },
          20_000,
          `replica ${i} sees ${what} written on replica ${from}`,
        ),
      ),
    );
  }

  async function listTask(i: number, taskId: string) {
    return replicas[i].gql<{ listTask: { task: { taskId: string; version: number } } }>(
      `mutation($input: ListTaskInput!) { listTask(input: $input) { task { taskId version } readSideBehind } }`,
      {
        input: {
          taskId,
          inspectionId: 'JX-3',
          title: '采砂整治',
          problem: '非法采砂',
          commandId: randomUUID(),
        },
      },
      office[i],
    );
  }

  async function newAssignedTask(taskId: string): Promise<void> {
    expect((await listTask(0, taskId)).errors).toBeUndefined();
    const assigned = await replicas[0].gql(
      `mutation($input: AssignTaskInput!) { assignTask(input: $input) { task { version } } }`,
      { input: assignInput(taskId) },
      office[0],
    );
    expect(assigned.errors).toBeUndefined();
    await everyReplicaSees(`task ${taskId}`, `{ task(id: "${taskId}") { taskId } }`, 0);
  }

  /** Every replica's ledger counts exactly the events in the shared log. */
  async function everyReplicaCaughtUp(): Promise<number> {
    const total = Number(await log.headPosition());
    await Promise.all(
      [...alive].map((i) =>
        until(
          async () => {
            const res = await replicas[i].gql<{ ledger: { totalCount: number } }>(
              '{ ledger { totalCount } }',
              {},
              await replicas[i].token('AUDITOR', '江西省审计厅'),
            );
            return res.data?.ledger.totalCount === total;
          },
          30_000,
          `replica ${i} caught up with ${total} events`,
        ),
      ),
    );
    return total;
  }

  it('reads its own write at once on the replica that wrote; the others catch up from the log', async () => {
    const res = await listTask(1, 'RYW-1');
    expect(res.errors).toBeUndefined();
    expect(res.data!.listTask).toMatchObject({ task: { taskId: 'RYW-1' }, readSideBehind: false });
    const mine = await replicas[1].gql('{ task(id: "RYW-1") { taskId version } }', {}, office[1]);
    expect(mine.data).toEqual({ task: { taskId: 'RYW-1', version: 1 } });
    await everyReplicaSees('task RYW-1', '{ task(id: "RYW-1") { taskId } }', 1);
  });

  it('20 concurrent writers per stream, spread over the three replicas, lose no update', async () => {
    const streams = ['OCC-A', 'OCC-B'];
    for (const s of streams) await newAssignedTask(s);
    let conflicts = 0;
    const supervise = async (s: string, w: number) => {
      const i = w % replicas.length;
      for (let attempt = 0; attempt < 300; attempt++) {
        // The version this replica has read (maybe stale): the command carries it as its expectation.
        const read = await replicas[i].gql<{ task: { version: number } }>(
          `{ task(id: "${s}") { version } }`,
          {},
          office[i],
        );
        const res = await replicas[i].gql(
          `mutation($input: SuperviseTaskInput!) { superviseTask(input: $input) { task { version } } }`,
          {
            input: {
              taskId: s,
              kind: 'WARNING_LETTER',
              note: `writer ${w}`,
              commandId: randomUUID(),
              expectedVersion: read.data!.task.version,
            },
          },
          office[i],
        );
        if (!res.errors) return;
        if (res.errors[0].extensions?.code !== 'CONFLICT')
          throw new Error(JSON.stringify(res.errors));
        conflicts++;
        await sleep(Math.random() * 20);
      }
      throw new Error(`writer ${w} on ${s} never got through`);
    };
    await Promise.all(
      streams.flatMap((s) => Array.from({ length: 20 }, (_, w) => supervise(s, w))),
    );
    for (const s of streams) {
      const events = await log.readStream(`task-${s}`);
      const notes = events.filter((e) => e.type === 'TaskSupervised').map((e) => e.data.note);
      expect(notes).toHaveLength(20);
      expect(new Set(notes)).toEqual(new Set(Array.from({ length: 20 }, (_, w) => `writer ${w}`)));
      expect(events.map((e) => e.revision)).toEqual(events.map((_, k) => BigInt(k)));
    }
    // Stale expectations were refused, never written over.
    expect(conflicts).toBeGreaterThan(0);
    await everyReplicaCaughtUp();
    for (const [i, r] of replicas.entries()) {
      const res = await r.gql<{ task: { version: number } }>(
        '{ task(id: "OCC-A") { version } }',
        {},
        office[i],
      );
      expect(res.data!.task.version).toBe(22);
    }
  }, 180_000);

  /** Writers creating tasks on the live replicas until stopped; what was acknowledged, by whom, when. */
  function loadUntil(stop: { done: boolean }, label: string) {
    const acked: { taskId: string; replica: number; at: number }[] = [];
    let failures = 0;
    let n = 0;
    const workers = Array.from({ length: 6 }, async (_, w) => {
      for (let k = w; !stop.done; k++) {
        const live = [...alive];
        const i = live[k % live.length];
        const taskId = `${label}-${++n}`;
        try {
          const res = await listTask(i, taskId);
          if (!res.errors && res.data?.listTask.task.taskId === taskId)
            acked.push({ taskId, replica: i, at: Date.now() });
          else failures++;
        } catch {
          failures++; // the replica is gone or did not answer: not acknowledged
          await sleep(50);
        }
      }
    });
    return { acked, failures: () => failures, done: Promise.all(workers) };
  }

  async function expectAllInLog(acked: readonly { taskId: string }[]): Promise<void> {
    const missing: string[] = [];
    for (const { taskId } of acked) {
      const events = await log.readStream(`task-${taskId}`);
      if (events.length !== 1) missing.push(taskId);
    }
    expect(missing).toEqual([]);
  }

  it('PostgreSQL restarted (fast shutdown) under load: every acknowledged write is there, the replicas reconnect by themselves', async () => {
    const stop = { done: false };
    const load = loadUntil(stop, 'PGR');
    await sleep(1500);
    await pgServer.stop('fast');
    const downAt = Date.now();
    await sleep(1000);
    await pgServer.start();
    const upAt = Date.now();
    await sleep(3000);
    stop.done = true;
    await load.done;
    expect(load.acked.length).toBeGreaterThan(0);
    expect(load.acked.some((a) => a.at < downAt)).toBe(true);
    await expectAllInLog(load.acked);
    // Every replica, never restarted, takes writes again once the server is back.
    for (const i of alive) {
      const res = await listTask(i, `PGR-after-${i}`);
      expect(res.errors).toBeUndefined();
    }
    expect(load.acked.filter((a) => a.at > upAt).length).toBeGreaterThan(0);
    await everyReplicaCaughtUp();
    expect((await verifyAll(log)).failures).toEqual([]);
  }, 180_000);

  it('SIGKILL of one replica under load: no acknowledged write is lost and the others keep serving', async () => {
    const stop = { done: false };
    const load = loadUntil(stop, 'KILL');
    await sleep(1500);
    const victim = 2;
    alive.delete(victim);
    process.kill(replicas[victim].pid, 'SIGKILL');
    const killedAt = Date.now();
    await sleep(2500);
    stop.done = true;
    await load.done;
    const before = load.acked.filter((a) => a.replica === victim);
    expect(before.length).toBeGreaterThan(0);
    await expectAllInLog(load.acked);
    const after = load.acked.filter((a) => a.at > killedAt + 200);
    expect(new Set(after.map((a) => a.replica))).toEqual(new Set([0, 1]));
    // What the killed replica acknowledged is served by the survivors too.
    const last = before[before.length - 1].taskId;
    await everyReplicaSees(`task ${last}`, `{ task(id: "${last}") { taskId } }`, victim);
    await everyReplicaCaughtUp();
  }, 180_000);
});
