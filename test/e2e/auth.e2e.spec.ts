import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Actor } from '../../src/common/actor.js';
import type { Decider } from '../../src/common/decider.js';
import { ForbiddenError } from '../../src/common/errors.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { startTestApp, type GqlResponse, type TestApp } from '../support/test-app.js';

interface Note {
  [key: string]: string | null;
  text: string | null;
}
type NoteCommand = { type: 'WriteNote'; text: string };
type NoteEvent = { type: 'NoteWritten'; data: { text: string } };

/** A toy decider standing in for a domain: only ADMIN may write notes. */
const notes: Decider<Note, NoteCommand, NoteEvent> = {
  streamPrefix: 'note-',
  initialState: () => ({ text: null }),
  decide: (command, _state, meta) => {
    if (!meta.actor.roles.includes('ADMIN')) {
      throw new ForbiddenError('只有管理员可以写备注', 'Only ADMIN may write notes', {
        role: 'ADMIN',
      });
    }
    return [{ type: 'NoteWritten', data: { text: command.text } }];
  },
  evolve: (_state, event) => ({ text: event.data.text }),
};

const ACCESS_LOG = `query ($filter: AccessLogFilter, $first: Int, $after: String) {
  accessLog(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id at actorId actorName roles organisation operation target code reason } }
  } }`;

type LogPage = {
  accessLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string };
    edges: { node: Record<string, unknown> }[];
  };
};

describe('identity and the access log', () => {
  let t: TestApp;
  let auditor: string;
  beforeAll(async () => {
    t = await startTestApp({ now: '2024-09-02T08:00:00.000Z' });
    auditor = await t.token('AUDITOR', '省审计厅', { sub: 'auditor-1' });
  });
  afterAll(() => t.close());

  const head = async () =>
    (await t.gql<{ health: { headPosition: string } }>('{ health { headPosition } }')).data!.health
      .headPosition;

  it('every event carries the actor from the token; commands without an actor write nothing', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    const admin: Actor = {
      id: 'admin-1',
      name: '管理员',
      roles: ['ADMIN'],
      organisation: '省督察办',
    };
    const { entry } = await t.command(notes, 'n1', { type: 'WriteNote', text: 'hello' }, admin, {
      reason: 'why not',
    });
    expect(entry.actor).toEqual({
      id: 'admin-1',
      name: '管理员',
      role: 'ADMIN',
      organisation: '省督察办',
    });
    const [event] = await store.readStream('note-n1');
    expect(event.metadata.actor).toEqual(entry.actor);
    expect(event.metadata.reason).toBe('why not');
    const before = await head();
    await expect(
      t.command(notes, 'n2', { type: 'WriteNote', text: 'x' }, undefined as unknown as Actor),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      t.command(
        notes,
        'n2',
        { type: 'WriteNote', text: 'x' },
        { id: '', name: '', roles: [], organisation: '' },
      ),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await head()).toBe(before);
  });

  it('a FORBIDDEN command writes nothing to the store and is kept in the access log', async () => {
    const entity: Actor = {
      id: 'ent-1',
      name: '某县政府',
      roles: ['IMPLEMENTING_ENTITY'],
      organisation: '某县',
    };
    const before = await head();
    await expect(
      t.command(notes, 'n3', { type: 'WriteNote', text: 'sneaky' }, entity),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await head()).toBe(before);
    const log = await t.gql<LogPage>(ACCESS_LOG, { filter: { actorId: 'ent-1' } }, auditor);
    expect(log.data?.accessLog.edges.map((e) => e.node)).toEqual([
      {
        id: expect.any(String),
        at: '2024-09-02T08:00:00.000Z',
        actorId: 'ent-1',
        actorName: '某县政府',
        roles: ['IMPLEMENTING_ENTITY'],
        organisation: '某县',
        operation: 'command WriteNote',
        target: 'note-n3',
        code: 'FORBIDDEN',
        reason: '只有管理员可以写备注 / Only ADMIN may write notes',
      },
    ]);
  });

  it('refused reads are logged with who, what, target and why; anonymous ones too', async () => {
    t.clock.set('2024-09-02T09:00:00.000Z');
    await t.gql('query Peek { history(streamId: "task-T-1") { totalCount } }');
    await t.gql(
      '{ history(streamId: $s) { totalCount } }'.replace('$s', '"case-9"'),
      {},
      'bad.token.here',
    );
    const integration = await t.token('INTEGRATION', '省大数据中心', {
      sub: 'int-1',
      name: '数据中心',
    });
    const refused = await t.gql(ACCESS_LOG, {}, integration);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const log = await t.gql<LogPage>(
      ACCESS_LOG,
      { filter: { from: '2024-09-02T09:00:00.000Z' } },
      auditor,
    );
    const rows = log.data!.accessLog.edges.map((e) => e.node);
    expect(rows.map((r) => [r.operation, r.target, r.code, r.actorId])).toEqual([
      ['query accessLog', null, 'FORBIDDEN', 'int-1'],
      ['query history', 'case-9', 'UNAUTHENTICATED', null],
      ['query history', 'task-T-1', 'UNAUTHENTICATED', null],
    ]);
    expect(rows[1].reason).toMatch(/Invalid token/);
  });

  it('the access log is a Relay connection, filterable, for auditors and admins only', async () => {
    for (let i = 0; i < 3; i++) await t.gql('{ ledger { totalCount } }');
    const admin = await t.token('ADMIN', '省督察办');
    const first = await t.gql<LogPage>(
      ACCESS_LOG,
      { first: 2, filter: { code: 'UNAUTHENTICATED' } },
      admin,
    );
    const page1 = first.data!.accessLog;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await t.gql<LogPage>(
      ACCESS_LOG,
      { first: 2, after: page1.pageInfo.endCursor, filter: { code: 'UNAUTHENTICATED' } },
      admin,
    );
    const ids = [...page1.edges, ...second.data!.accessLog.edges].map((e) => Number(e.node.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    for (const role of [
      'INSPECTION_OFFICE',
      'IMPLEMENTING_ENTITY',
      'ACCEPTANCE_UNIT',
      'CITY_GOVERNMENT',
      'DISCIPLINE_AUTHORITY',
      'DISCLOSURE_OFFICER',
      'INTEGRATION',
    ] as const) {
      const res: GqlResponse = await t.gql(
        ACCESS_LOG,
        {},
        await t.token(role, 'x', { region: '360100' }),
      );
      expect([role, res.errors?.[0].extensions?.code]).toEqual([role, 'FORBIDDEN']);
    }
  });

  it('every authenticated role may read the ledger and history; anonymous callers may not', async () => {
    for (const role of [
      'INSPECTION_OFFICE',
      'IMPLEMENTING_ENTITY',
      'ACCEPTANCE_UNIT',
      'CITY_GOVERNMENT',
      'DISCIPLINE_AUTHORITY',
      'AUDITOR',
      'DISCLOSURE_OFFICER',
      'INTEGRATION',
      'ADMIN',
    ] as const) {
      const token = await t.token(role, 'x', { region: '360100' });
      const res = await t.gql(
        '{ ledger { totalCount } history(streamId: "note-n1") { totalCount } }',
        {},
        token,
      );
      expect([role, res.errors]).toEqual([role, undefined]);
    }
    expect((await t.gql('{ ledger { totalCount } }')).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('production keys: EdDSA public key from configuration', () => {
  let t: TestApp;
  let dir: string;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'taizhang-idp-'));
    writeFileSync(join(dir, 'idp.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    t = await startTestApp({
      env: {
        AUTH_PUBLIC_KEY_FILE: join(dir, 'idp.pem'),
        AUTH_ISSUER: 'https://idp.example.gov.cn',
      },
    });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts tokens of the identity provider and refuses the embedded kind', async () => {
    const token = await new SignJWT({
      name: '督察办',
      roles: ['INSPECTION_OFFICE'],
      org: '省督察办',
    })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('io-1')
      .setIssuer('https://idp.example.gov.cn')
      .setExpirationTime('1h')
      .sign(privateKey);
    const me = await t.gql('{ me { id roles organisation } }', {}, token);
    expect(me.data).toEqual({
      me: { id: 'io-1', roles: ['INSPECTION_OFFICE'], organisation: '省督察办' },
    });
    const embedded = await t.token('ADMIN', 'x');
    expect((await t.gql('{ me { id } }', {}, embedded)).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
