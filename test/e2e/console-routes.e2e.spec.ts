import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * What the console adds to the HTTP surface, seen by plain HTTP clients: pages for browsers, the
 * API unchanged for everyone else, demo tokens only where the brief allows them, and the board's
 * click-through listing exactly the tasks each number counts.
 */
const ENDS = ['TOTAL', 'DONE', 'IN_PROGRESS', 'OVERDUE', 'BEHIND_SCHEDULE', 'REOPENED'] as const;
const FIELD: Record<(typeof ENDS)[number], string> = {
  TOTAL: 'total',
  DONE: 'done',
  IN_PROGRESS: 'inProgress',
  OVERDUE: 'overdue',
  BEHIND_SCHEDULE: 'behindSchedule',
  REOPENED: 'reopened',
};

describe('the console routes (embedded, demo loaded)', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, now: '2025-12-01T00:00:00.000Z' });
    base = t.url.replace(/\/graphql$/, '');
  });
  afterAll(() => t.close());

  it('serves the console at / and the IDE at /graphql to a browser, with no outside origin', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await page.text();
    const scripts = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts.filter((s) => !s.startsWith('data:'))) {
      expect(src).toMatch(/^\/assets\//);
      const asset = await fetch(`${base}${src}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toContain('immutable');
    }
    const ide = await fetch(`${base}/graphql`, { headers: { accept: 'text/html,*/*;q=0.8' } });
    expect(ide.status).toBe(200);
    expect(await ide.text()).toContain('GraphQL IDE');
  });

  it('leaves the API as it was: POST answers, a GET without JSON headers is still refused (CSRF)', async () => {
    const auditor = await t.token('AUDITOR', '审计厅');
    expect((await t.gql('{ me { name } }', {}, auditor)).data).toEqual({
      me: { name: '审计厅 AUDITOR' },
    });
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ health { status } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ health { status } }"}',
    });
    expect(form.status).toBe(400);
    expect((await fetch(`${base}/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/nothing-here`)).status).toBe(404);
  });

  it('mints a read-only demo token only as JSON', async () => {
    const config = (await (await fetch(`${base}/console/config`)).json()) as {
      demoTokens: boolean;
    };
    expect(config.demoTokens).toBe(true);
    const form = await fetch(`${base}/console/demo-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    expect(form.status).toBe(400);
    const res = await fetch(`${base}/console/demo-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { token } = (await res.json()) as { token: string };
    const me = await t.gql<{ me: { roles: string[] } }>('{ me { roles } }', {}, token);
    expect(me.data!.me.roles).toEqual(['INTEGRATION']);
    // Read-only: a write with it is refused.
    const write = await t.gql(
      `mutation { superviseTask(input: { taskId: "DEMO-03", kind: WARNING_LETTER, note: "x" }) { task { version } } }`,
      {},
      token,
    );
    expect(write.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    ['now', undefined],
    ['as of a day', '2025-06-30T23:59:59.999+08:00'],
  ])(
    'lists, for every group and number of the board %s, as many tasks as it counts',
    async (_, asOf) => {
      const auditor = await t.token('AUDITOR', '审计厅');
      for (const groupBy of ['STATUS', 'REGION']) {
        const board = await t.gql<{
          board: { groups: ({ key: string } & Record<string, number>)[] };
        }>(
          `query ($groupBy: BoardGroupBy!, $asOf: DateTime) { board(inspectionId: "DEMO-JX3", groupBy: $groupBy, asOf: $asOf) {
          groups { key total done inProgress overdue behindSchedule reopened } } }`,
          { groupBy, asOf },
          auditor,
        );
        expect(board.errors).toBeUndefined();
        for (const group of board.data!.board.groups) {
          for (const measure of ENDS) {
            const res = await t.gql<{
              board: {
                tasks: {
                  totalCount: number;
                  edges: { node: { status: string; asOf: string | null } }[];
                };
              };
            }>(
              `query ($groupBy: BoardGroupBy!, $asOf: DateTime, $key: String, $measure: BoardMeasure) {
              board(inspectionId: "DEMO-JX3", groupBy: $groupBy, asOf: $asOf) {
                tasks(groupKey: $key, measure: $measure, first: 100) { totalCount edges { node { status asOf } } } } }`,
              { groupBy, asOf, key: group.key, measure },
              auditor,
            );
            expect(res.errors).toBeUndefined();
            const tasks = res.data!.board.tasks;
            expect([measure, group.key, tasks.totalCount]).toEqual([
              measure,
              group.key,
              group[FIELD[measure]],
            ]);
            expect(tasks.edges).toHaveLength(group[FIELD[measure]]);
            if (groupBy === 'STATUS')
              for (const e of tasks.edges) expect(e.node.status).toBe(group.key);
            if (asOf) for (const e of tasks.edges) expect(e.node.asOf).not.toBeNull();
          }
        }
      }
    },
  );

  // Last: it ends the demo-only state of this app.
  it('stops offering demo tokens once a real inspection is kept', async () => {
    const office = await t.token('INSPECTION_OFFICE', '省督察办');
    const res = await t.gql(
      `mutation { registerInspection(input: { inspectionId: "JX-REAL", title: "真实督察", round: 3,
        regionCode: "360000", regionName: "江西省", team: "中央第一督察组", onSiteStart: "2024-04-01",
        onSiteEnd: "2024-05-01", feedbackDate: "2024-07-01" }) { inspection { inspectionId } } }`,
      {},
      office,
    );
    expect(res.errors).toBeUndefined();
    expect(await (await fetch(`${base}/console/config`)).json()).toEqual({ demoTokens: false });
    const mint = await fetch(`${base}/console/demo-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mint.status).toBe(404);
  });
});

describe('demo tokens elsewhere', () => {
  it('are not offered without the demo', async () => {
    const t = await startTestApp({ demo: false });
    try {
      const base = t.url.replace(/\/graphql$/, '');
      expect(await (await fetch(`${base}/console/config`)).json()).toEqual({ demoTokens: false });
      const res = await fetch(`${base}/console/demo-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toMatch(/eyJ/);
    } finally {
      await t.close();
    }
  });
});
