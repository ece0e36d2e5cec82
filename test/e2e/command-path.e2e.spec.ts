import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../src/common/actor.js';
import { CommandSender } from '../../src/commands/command-sender.js';
import { loadConfig } from '../../src/config/config.js';
import type { DemoStep } from '../../src/demo/demo-plan.js';
import { loadDemo } from '../../src/demo/demo.loader.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { importCommand } from '../../src/exchange/exchange.cli.js';
import { AccessLog } from '../../src/security/access-log.js';
import { registerInspection, tokens } from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Every entry point sends commands the same way and meets the same guards: a command without an
 * actor, with an over-long reason or with a malformed commandId is refused with the same code and
 * leaves one access-log row, whether it came over GraphQL, the HTTP import, the CLI import or the
 * demo loader. (The importers derive command ids from the rows, so a malformed id cannot reach
 * them; an anonymous import is refused at the HTTP edge, and the CLI always acts as the system.)
 */
// ASCII, so the HTTP import can carry it in its query string.
const LONG_REASON = 'r'.repeat(2001);
const BAD_ID = 'not an id!';

/** The fixture list's first problem, with its target as given (to amend it, give another). */
const firstRow = readFileSync(
  join(__dirname, '..', 'fixtures', 'rectification-list.utf8.csv'),
  'utf8',
)
  .split('\n')
  .slice(0, 3)
  .join('\n');
const listFile = (target: string) =>
  firstRow.replace('非法采砂行为得到有效遏制，受损岸线完成修复。', target) + '\n';

type Refusal = { code: string; field?: string };
type Row = { operation: string; code: string; target: string | null };

describe('one command path for every entry point', () => {
  let t: TestApp;
  let office: string;
  const rows = (code: string): Row[] =>
    t.app
      .get(AccessLog)
      .page({ code }, 100)
      .entries.reverse()
      .map((e) => ({ operation: e.operation, code: e.code, target: e.target }));
  const head = () => t.app.get<EventStore>(EVENT_STORE).headPosition();

  beforeAll(async () => {
    t = await startTestApp();
    office = (await tokens(t)).office;
    await registerInspection(t, office, 'JX-3');
  });
  afterAll(() => t.close());

  const LIST = `mutation($input: ListTaskInput!) { listTask(input: $input) { task { id } } }`;
  const listInput = (extra: Record<string, unknown>) => ({
    inspectionId: 'JX-3',
    taskId: 'G-1',
    title: '鄱阳湖非法采砂整治',
    problem: '非法采砂屡禁不止',
    ...extra,
  });
  const graphql = async (token: string | undefined, extra: Record<string, unknown>) => {
    const res = await t.gql(LIST, { input: listInput(extra) }, token);
    const e = res.errors?.[0]?.extensions;
    return { code: e?.code, field: e?.field } as Refusal;
  };

  it('GraphQL: no actor, a long reason and a bad commandId are refused and logged', async () => {
    const before = await head();
    expect(await graphql(undefined, {})).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await graphql(office, { reason: LONG_REASON })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect(await graphql(office, { commandId: BAD_ID })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'commandId',
    });
    expect(await head()).toBe(before);
    expect(rows('BAD_USER_INPUT')).toEqual([
      { operation: 'command ListTask', code: 'BAD_USER_INPUT', target: 'task-G-1' },
      { operation: 'command ListTask', code: 'BAD_USER_INPUT', target: 'task-G-1' },
    ]);
    expect(rows('UNAUTHENTICATED')).toEqual([
      { operation: 'mutation listTask', code: 'UNAUTHENTICATED', target: 'G-1' },
    ]);
  });

  it('HTTP import: an amendment with an over-long reason is refused by the same guard', async () => {
    const base = t.url.replace(/\/graphql$/, '');
    const post = (file: string, query: string, token?: string) =>
      fetch(`${base}/api/import?inspectionId=JX-3${query}`, {
        method: 'POST',
        headers: {
          'content-type': 'text/csv',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: file,
      });
    expect((await post(listFile('遏制非法采砂'), '', office)).status).toBe(200);
    const anonymous = await post(listFile('遏制非法采砂'), '');
    expect(anonymous.status).toBe(401);
    const before = await head();
    const res = await post(
      listFile('全面遏制非法采砂'),
      `&amend=${encodeURIComponent(LONG_REASON)}`,
      office,
    );
    const report = (await res.json()) as { results: { outcome: string; en?: string }[] };
    expect(report.results).toEqual([
      expect.objectContaining({ outcome: 'FAILED', en: expect.stringMatching(/reason is longer/) }),
    ]);
    expect(await head()).toBe(before);
    expect(rows('BAD_USER_INPUT')).toContainEqual({
      operation: 'command AmendTask',
      code: 'BAD_USER_INPUT',
      target: 'task-JX-3-001',
    });
    expect(rows('UNAUTHENTICATED').map((r) => r.operation)).toContain('http POST /api/import');
  });

  it('demo: steps without an actor, with a long reason or a bad id are refused and logged', async () => {
    const sender = t.app.get(CommandSender);
    const step = (extra: Partial<DemoStep>): DemoStep =>
      ({
        kind: 'inspection',
        id: 'DEMO-X',
        commandId: 'demo:x',
        at: '2024-09-01T00:00:00.000Z',
        actor: {
          id: 'office',
          name: '督察办',
          roles: ['INSPECTION_OFFICE'],
          organisation: '督察办',
        },
        command: { type: 'RegisterInspection', inspectionId: 'DEMO-X' },
        ...extra,
      }) as DemoStep;
    const before = await head();
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => ({ code: 'NONE' }),
        (e: { code: string; details?: { field?: string } }) =>
          ({ code: e.code, field: e.details?.field }) as Refusal,
      );
    expect(
      await refusal(loadDemo(sender, [step({ actor: undefined as unknown as Actor })])),
    ).toEqual({
      code: 'UNAUTHENTICATED',
      field: undefined,
    });
    expect(await refusal(loadDemo(sender, [step({ reason: LONG_REASON })]))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'reason',
    });
    expect(await refusal(loadDemo(sender, [step({ commandId: BAD_ID })]))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'commandId',
    });
    expect(await head()).toBe(before);
    const demoRows = [...rows('UNAUTHENTICATED'), ...rows('BAD_USER_INPUT')].filter(
      (r) => r.target === 'inspection-DEMO-X',
    );
    expect(demoRows).toEqual([
      {
        operation: 'command RegisterInspection',
        code: 'UNAUTHENTICATED',
        target: 'inspection-DEMO-X',
      },
      {
        operation: 'command RegisterInspection',
        code: 'BAD_USER_INPUT',
        target: 'inspection-DEMO-X',
      },
      {
        operation: 'command RegisterInspection',
        code: 'BAD_USER_INPUT',
        target: 'inspection-DEMO-X',
      },
    ]);
  });

  it('CLI import: the same guard and the same access log', async () => {
    // The CLI opens the data directory itself, beside the running app (it writes nothing here).
    const dir = t.dataDir;
    const file = join(mkdtempSync(join(tmpdir(), 'taizhang-cli-')), 'list.csv');
    writeFileSync(file, listFile('彻底遏制非法采砂'));
    const config = { ...loadConfig({ DATA_DIR: dir }), demo: false };
    const errors: string[] = [];
    const logs = jest
      .spyOn(console, 'log')
      .mockImplementation((...a) => void errors.push(a.join(' ')));
    const code = await importCommand(config, [
      file,
      '--inspection',
      'JX-3',
      '--amend',
      LONG_REASON,
    ]);
    logs.mockRestore();
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(/reason is longer than 2000 characters/);
    rmSync(file, { force: true });
    const cli = t.app
      .get(AccessLog)
      .page({ code: 'BAD_USER_INPUT', actorId: 'system' }, 100)
      .entries.map((e) => [e.operation, e.target]);
    expect(cli).toEqual([['command AmendTask', 'task-JX-3-001']]);
  });
});
