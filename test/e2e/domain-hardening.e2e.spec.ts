import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { SignJWT } from 'jose';
import { loadOrCreateSigningKey, mintToken } from '../../src/auth/tokens.js';
import { openEventStore } from '../../src/event-store/open-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { loadConfig } from '../../src/config/config.js';
import {
  assignInput,
  ledgerCount,
  mutate,
  registerInspection,
  tokens,
} from '../support/task-api.js';
import { startTestApp, type GqlResponse, type TestApp } from '../support/test-app.js';

/**
 * Issue 19, items 9, 10 and 11, as the attack run tried them: each now gets a clear error or a
 * logged refusal, writes nothing, and leaves the server answering and the chains verifying.
 */
const REPORT = `mutation($input: ReportProgressInput!) { reportProgress(input: $input) {
  entry { position streamId version eventId type recordedAt commandId correlationId reason data hashedData
    hash prevHash actor { id name role organisation } } } }`;
const SIGN_OFF = `mutation($input: SignOffInput!) { signOff(input: $input) { task { status } } }`;
const ASSIGN = `mutation($input: AssignTaskInput!) { assignTask(input: $input) { task { status } } }`;
const ACCESS_LOG = `{ accessLog(first: 50) { edges { node { operation target code reason address } } } }`;

type Entry = {
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  recordedAt: string;
  commandId: string;
  correlationId: string;
  reason: string | null;
  data: Record<string, unknown>;
  hashedData: Record<string, unknown>;
  hash: string;
  prevHash: string;
  actor: { id: string; name: string; role: string; organisation: string };
};

/**
 * What an outside verifier does with a served entry: rebuild the hashed object of
 * docs/security.md (RFC 8785 text of { data, eventId, metadata, revision, streamId, type }) with an
 * independent JCS library and hash it. A command's causation is its command id; schema version 1.
 */
function outsideHash(e: Entry): string {
  const metadata = {
    actor: e.actor,
    causationId: e.commandId,
    commandId: e.commandId,
    correlationId: e.correlationId,
    prevHash: e.prevHash,
    ...(e.reason === null ? {} : { reason: e.reason }),
    recordedAt: e.recordedAt,
    // Events holding salted commitments of personal data are schema version 2.
    schemaVersion: JSON.stringify(e.hashedData).includes('"commitment"') ? 2 : 1,
  };
  const text = canonicalize({
    data: e.hashedData,
    eventId: e.eventId,
    metadata,
    revision: String(e.version - 1),
    streamId: e.streamId,
    type: e.type,
  })!;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const codes = (res: GqlResponse) => res.errors?.map((e) => e.extensions?.code);

describe('issue 19 items 9-11: clean text, permission first, separation of duties, token hygiene', () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;
  beforeAll(async () => {
    t = await startTestApp();
    tk = await tokens(t);
    await registerInspection(t, tk.office);
    await mutate(t, tk.office, 'listTask', {
      taskId: 'T1',
      inspectionId: 'JX-3',
      number: 1,
      title: '鄱阳湖非法采砂',
      problem: '湖区仍有非法采砂点位。',
    });
    await mutate(t, tk.office, 'assignTask', assignInput('T1'));
  });
  afterAll(() => t.close());

  afterEach(async () => {
    // The server still answers, and every chain still verifies.
    const health = await t.gql<{ health: { status: string } }>('{ health { status } }');
    expect(health.data?.health.status).toBe('ok');
  });

  it('item 9: a lone surrogate in a progress summary is BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const before = await ledgerCount(t, tk.auditor);
    for (const [summary, character] of [
      ['已拆除采砂设备\ud800', 'U+D800'],
      ['进展\u0007', 'U+0007'],
    ]) {
      const res = await t.gql(
        REPORT,
        { input: { taskId: 'T1', scheduleStatus: 'ON_SCHEDULE', summary } },
        tk.lead,
      );
      expect(codes(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.errors![0].message).toMatch(/^summary：.*控制字符与不成对的代理项.*summary: /s);
      expect(res.errors![0].extensions).toMatchObject({ field: 'summary', character });
    }
    // Strings no decider reads are walked too: the reason, a file name in a list.
    const reason = await t.gql(
      REPORT,
      {
        input: { taskId: 'T1', scheduleStatus: 'ON_SCHEDULE', summary: '进展', reason: 'x\udc00' },
      },
      tk.lead,
    );
    expect(reason.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    expect(await ledgerCount(t, tk.auditor)).toBe(before);
  });

  it('item 9: what is stored is served unchanged: an outside verifier recomputes the hash', async () => {
    const summary = '第一行\r\n第二行\t😀 𠮷 "引号" \\ \u2028 end';
    const res = await t.gql<{ reportProgress: { entry: Entry } }>(
      REPORT,
      {
        input: {
          taskId: 'T1',
          scheduleStatus: 'ON_SCHEDULE',
          summary,
          reason: '例行调度\r\n第二行',
        },
      },
      tk.lead,
    );
    expect(res.errors).toBeUndefined();
    const entry = res.data!.reportProgress.entry;
    // CRLF is stored as LF, in the data and in the reason; nothing became U+FFFD.
    expect(entry.data.summary).toBe(summary.replace('\r\n', '\n'));
    expect(entry.reason).toBe('例行调度\n第二行');
    expect(JSON.stringify(entry)).not.toContain('\ufffd');
    expect(outsideHash(entry)).toBe(entry.hash);
    // And read back later from the ledger, not only from the mutation's answer.
    const history = await t.gql<{ ledger: { edges: { node: Entry }[] } }>(
      `{ ledger(filter: { streamPrefix: "task-T1" }, first: 100) { edges { node {
        position streamId version eventId type recordedAt commandId correlationId reason data hashedData
        hash prevHash actor { id name role organisation } } } } }`,
      {},
      tk.auditor,
    );
    const nodes = history.data!.ledger.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    for (const node of nodes) expect(outsideHash(node)).toBe(node.hash);
  });

  it("item 10: an AUDITOR's signOff is FORBIDDEN, not INVALID_TRANSITION, and is in the access log with the address", async () => {
    const before = await ledgerCount(t, tk.auditor);
    for (const taskId of ['T1', 'NO-SUCH-TASK']) {
      const res = await t.gql(
        SIGN_OFF,
        { input: { taskId, level: 'PROVINCIAL', signer: '审计 陈某' } },
        tk.auditor,
      );
      expect(codes(res)).toEqual(['FORBIDDEN']);
      expect(res.errors![0].message).toMatch(/无权执行 signOff.*Not allowed: signOff/s);
    }
    expect(await ledgerCount(t, tk.auditor)).toBe(before);
    const log = await t.gql<{ accessLog: { edges: { node: Record<string, string> }[] } }>(
      ACCESS_LOG,
      {},
      tk.auditor,
    );
    const rows = log.data!.accessLog.edges.map((e) => e.node);
    for (const target of ['task-T1', 'task-NO-SUCH-TASK']) {
      expect(rows).toContainEqual(
        expect.objectContaining({
          operation: 'command SignOff',
          target,
          code: 'FORBIDDEN',
          address: expect.stringMatching(/127\.0\.0\.1/),
        }),
      );
    }
  });

  /** assignTask of T2 with `change` is BAD_USER_INPUT naming `field`, and writes nothing. */
  async function refusedAssignment(
    change: Record<string, unknown>,
    field: string,
    message: RegExp,
  ) {
    const before = await ledgerCount(t, tk.auditor);
    const res = await t.gql(ASSIGN, { input: assignInput('T2', change) }, tk.office);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions).toMatchObject({ field });
    expect(res.errors![0].message).toMatch(message);
    expect(await ledgerCount(t, tk.auditor)).toBe(before);
  }

  it('item 11a: a supporting unit named as acceptance unit is refused, naming the field', async () => {
    await mutate(t, tk.office, 'listTask', {
      taskId: 'T2',
      inspectionId: 'JX-3',
      number: 2,
      title: '城市黑臭水体',
      problem: '黑臭水体反弹。',
    });
    await refusedAssignment(
      { acceptanceUnit: '江西省生态环境厅' },
      'acceptanceUnit',
      /实施单位不得验收自己的整改.*may not accept its own work/s,
    );
  });

  it('item 11c: a region code that is not an administrative division is refused', async () => {
    await refusedAssignment(
      { regionCode: '369999' },
      'regionCode',
      /不在行政区划代码表中.*not an administrative-division code/s,
    );
    // The demo's and the fixtures' codes are on the list: a township code passes by its county.
    const ok = await t.gql(
      ASSIGN,
      { input: assignInput('T2', { regionCode: '360428100' }) },
      tk.office,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('item 11b: a token for 999999 days is not minted, and one signed anyway is refused', async () => {
    const key = loadOrCreateSigningKey(t.dataDir);
    const request = {
      subject: 'a',
      name: '审计',
      roles: ['AUDITOR'] as const,
      organisation: '省审计厅',
    };
    await expect(mintToken(key, { ...request, ttl: '999999d' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'ttl' },
    });
    const forged = await new SignJWT({ name: '审计', roles: ['AUDITOR'], org: '省审计厅' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a')
      .setIssuer('taizhang')
      .setIssuedAt()
      .setExpirationTime('999999d')
      .sign(key);
    const res = await t.gql('{ me { id } }', {}, forged);
    expect(codes(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.errors![0].message).toMatch(/AUTH_TOKEN_MAX_TTL/);
  });

  it('every chain verifies after the attacks (what `taizhang verify` runs)', async () => {
    const { dataDir } = t;
    await t.app.close();
    const store = await openEventStore(loadConfig({ DATA_DIR: dataDir }));
    try {
      const result = await verifyAll(store);
      expect(result.events).toBeGreaterThanOrEqual(6);
      expect(result.failures).toEqual([]);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
    // A fresh server for afterEach's health check and afterAll's close.
    t = await startTestApp();
  });
});
