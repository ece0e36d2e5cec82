import { sendMalformedRequests } from '../support/fuzz-requests.js';
import { IMPORT_ATTACKS, expectRefused, uploadToImport } from '../support/hostile-files.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { ledgerCount, registerInspection } from '../support/task-api.js';

const MiB = 1024 * 1024;
/** Issue 19: the server's peak while the fuzz and file-attack tests run. */
const PEAK_LIMIT = 512 * MiB;

/**
 * The file attacks of import-attacks.e2e and a burst of fuzz.e2e's malformed requests, replayed
 * over HTTP against the real server in a process of its own, whose peak resident memory (VmHWM in
 * /proc/<pid>/status) is what the issue bounds: in those specs the server shares Jest's process.
 */
describe('server memory under the file and fuzz attacks (issue 19)', () => {
  let server: ServerProcess;
  let office: string;
  let auditor: string;
  let entries: number;
  let head: string;
  const attacks = new Map(IMPORT_ATTACKS.map((a) => [a.name, a]));
  /** Peak of each phase, each measured from a reset of the high-water mark just before it. */
  const peaks = new Map<string, number>();
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

  const headPosition = async () =>
    (await server.gql<{ health: { headPosition: string } }>('{ health { headPosition } }')).data!
      .health.headPosition;

  /** The server still answers its health query, and nothing of an attack was written. */
  async function expectAliveAndUnchanged() {
    expect((await server.gql('{ health { status } }')).data).toEqual({ health: { status: 'ok' } });
    expect(await ledgerCount(server, auditor)).toBe(entries);
    expect(await headPosition()).toBe(head);
  }

  beforeAll(async () => {
    server = await startServerProcess();
    office = await server.token('INSPECTION_OFFICE', '省督察办');
    auditor = await server.token('AUDITOR', '省审计厅');
    await registerInspection(server, office, 'JX-3');
    entries = await ledgerCount(server, auditor);
    expect(entries).toBe(1);
    head = await headPosition();
    peaks.set('start and registration', server.peakBytes());
  }, 60_000);

  afterAll(async () => {
    if (peaks.size > 0)
      console.log(
        `server peak resident memory (VmHWM), pid ${server.pid}:\n` +
          [...peaks].map(([phase, bytes]) => `  ${phase}: ${mib(bytes)}`).join('\n') +
          `\n  overall: ${mib(Math.max(...peaks.values()))} (limit ${mib(PEAK_LIMIT)})`,
      );
    await server?.stop();
  });

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(server.url).hostname).toBe('127.0.0.1');
  });

  it.each(IMPORT_ATTACKS.map((a) => [a.name, a.limit] as const))(
    '%s: a clear BAD_USER_INPUT naming %s, the server under the peak limit and unchanged',
    async (name) => {
      const attack = attacks.get(name)!;
      const file = await attack.file();
      server.resetPeak();
      const started = Date.now();
      const res = await uploadToImport(server.url, office, file, attack.type);
      const ms = Date.now() - started;
      expectRefused(attack, res);
      await expectAliveAndUnchanged();
      const peak = server.peakBytes();
      peaks.set(`${name} (${(file.length / 1024).toFixed(0)} KB, ${ms} ms)`, peak);
      expect(peak).toBeLessThan(PEAK_LIMIT);
    },
    30_000,
  );

  it('1,000 malformed GraphQL requests, 8 at a time: no failure, under the peak limit, nothing written', async () => {
    const tokens = [
      auditor,
      await server.token('IMPLEMENTING_ENTITY', '某县'),
      await server.token('INTEGRATION', '数据中心'),
    ];
    server.resetPeak();
    const started = Date.now();
    const run = await sendMalformedRequests(server.url, tokens, {
      seed: 20240821,
      total: 1000,
      concurrency: 8,
      timeMs: 45_000,
    });
    const ms = Date.now() - started;
    expect(run.failures.slice(0, 20)).toEqual([]);
    expect(run.sent).toBe(1000);
    await expectAliveAndUnchanged();
    const peak = server.peakBytes();
    peaks.set(`fuzz (${run.sent} requests, ${ms} ms)`, peak);
    expect(peak).toBeLessThan(PEAK_LIMIT);
  }, 60_000);

  it('the stored records still verify after all of it', async () => {
    const ledger = await server.gql<{
      ledger: { edges: { node: { streamId: string } }[] };
    }>('{ ledger { edges { node { streamId } } } }', {}, auditor);
    const [streamId] = ledger.data!.ledger.edges.map((e) => e.node.streamId);
    const verified = await server.gql<{ verifyStream: { ok: boolean; events: number } }>(
      'query ($s: String!) { verifyStream(streamId: $s) { ok events } }',
      { s: streamId },
      auditor,
    );
    expect(verified.data!.verifyStream).toEqual({ ok: true, events: 1 });
    expect(Math.max(...peaks.values())).toBeLessThan(PEAK_LIMIT);
  });
});
