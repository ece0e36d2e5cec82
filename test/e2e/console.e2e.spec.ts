import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Actor } from '../../src/common/actor.js';
import type { Decider } from '../../src/common/decider.js';
import { launchChromium, screenshot, seriousViolations } from '../support/browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * The web console in a real browser (Debian's Chromium through playwright-core), against the whole
 * app with the demo loaded: sign in, the board as of a day, a task's history, a disclosure's bytes.
 * Each page is screenshot under test-output/screenshots and checked with axe-core.
 */
jest.setTimeout(90_000);

const BOARD = `query ($asOf: DateTime) { board(inspectionId: "DEMO-JX3", groupBy: STATUS, asOf: $asOf) {
  totals { total done inProgress overdue behindSchedule reopened } } }`;
/** A toy stream for the IDE's subscription test: one event per command, written on the app's path. */
type Note = { [key: string]: string | null; text: string | null };
const notes: Decider<Note, { text: string }, { type: 'NoteWritten'; data: { text: string } }> = {
  streamPrefix: 'note-',
  initialState: () => ({ text: null }),
  decide: (command) => [{ type: 'NoteWritten', data: { text: command.text } }],
  evolve: (_s, e) => ({ text: e.data.text }),
};
const writer: Actor = { id: 'w-ide', name: '写入者', roles: ['ADMIN'], organisation: '省督察办' };

type Totals = Record<
  'total' | 'done' | 'inProgress' | 'overdue' | 'behindSchedule' | 'reopened',
  number
>;

describe('the web console, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  let auditor: string;
  let disclosure: { id: string; sha256: string; size: number };

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp({ demo: true, now: '2025-12-01T00:00:00.000Z' }),
      launchChromium(),
    ]);
    base = t.url.replace(/\/graphql$/, '');
    auditor = await t.token('AUDITOR', '江西省审计厅', { name: '审计员' });
    const officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅', { name: '公开专员' });
    const published = await t.gql<{
      publishDisclosure: { disclosure: { id: string; sha256: string; size: number } };
    }>(
      `mutation ($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { disclosure { id sha256 size } } }`,
      {
        input: {
          kind: 'RECTIFICATION_STATUS',
          channel: 'GOVERNMENT_WEBSITE',
          title: '江西省第三轮督察整改落实情况（演示）',
          format: 'CSV',
          inspectionId: 'DEMO-JX3',
          commandId: 'console-e2e-disclosure',
        },
      },
      officer,
    );
    expect(published.errors).toBeUndefined();
    disclosure = published.data!.publishDisclosure.disclosure;
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const accessible = async (name: string) => {
    await screenshot(page, name);
    expect(await seriousViolations(page)).toEqual([]);
  };

  /**
   * Clicks the IDE's Execute until `shown` appears. GraphiQL first loads the schema by
   * introspection, which a busy machine makes slow, and a click before its editor is ready runs
   * nothing: click again, as a user would.
   */
  const executeUntil = async (shown: Locator) => {
    const until = Date.now() + 45_000;
    for (;;) {
      // A run that started late has turned Execute into Stop: it is not clicked again.
      if (await shown.isVisible()) return;
      await page
        .getByRole('button', { name: /Execute query/i })
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      try {
        await shown.waitFor({ timeout: 5_000 });
        return;
      } catch (error) {
        if (Date.now() > until) throw error;
      }
    }
  };

  it('signs in with a pasted token, kept for the session only', async () => {
    await page.goto(`${base}/`);
    await page.getByLabel('令牌 Token').fill(auditor);
    await accessible('01-sign-in');
    await page.getByRole('button', { name: '登录 Sign in' }).click();
    await expect(page.getByTestId('me').textContent()).resolves.toContain('审计员');
    expect(await page.evaluate(() => sessionStorage.getItem('taizhang.token'))).toBe(auditor);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
  });

  it('shows the board, and the counts of the day picked', async () => {
    const day = '2025-06-30';
    const [now, then] = await Promise.all([
      t.gql<{ board: { totals: Totals } }>(BOARD, {}, auditor),
      t.gql<{ board: { totals: Totals } }>(BOARD, { asOf: `${day}T23:59:59.999+08:00` }, auditor),
    ]);
    const nowTotals = now.data!.board.totals;
    const thenTotals = then.data!.board.totals;
    // The demo's story moves on after that day: the two boards differ, so the page must change.
    expect(thenTotals).not.toEqual(nowTotals);

    await page.goto(`${base}/#/board?inspection=DEMO-JX3&groupBy=STATUS`);
    await expect(page.getByTestId('total-done').locator('strong').textContent()).resolves.toBe(
      String(nowTotals.done),
    );
    await page.getByLabel(/截至日期 As of/).fill(day);
    for (const [measure, count] of Object.entries(thenTotals)) {
      await page
        .getByTestId(`total-${measure}`)
        .locator('strong', { hasText: new RegExp(`^${count}$`) })
        .waitFor();
    }
    await expect(page.getByTestId('board-at').textContent()).resolves.toContain(day);
    await accessible('02-board-as-of');

    // The click through: the list behind a number has as many tasks as the number says.
    await page.getByTestId('total-inProgress').click();
    await page
      .getByTestId('task-list')
      .locator('caption', { hasText: `共 ${thenTotals.inProgress} 项任务` })
      .waitFor();
    await expect(page.getByTestId('task-list').locator('tbody tr').count()).resolves.toBe(
      thenTotals.inProgress,
    );
    await accessible('03-tasks-behind-a-number');
  });

  it("maps the province's cities, and a city clicked lists its tasks", async () => {
    const byRegion = await t.gql<{ board: { groups: { key: string; total: number }[] } }>(
      `{ board(inspectionId: "DEMO-JX3", groupBy: REGION) { groups { key total } } }`,
      {},
      auditor,
    );
    // The demo's tasks by city (a county's in its city; the province's own have no city).
    const cities = new Map<string, number>();
    for (const g of byRegion.data!.board.groups)
      if (/^36\d{4}$/.test(g.key) && !g.key.endsWith('0000'))
        cities.set(`${g.key.slice(0, 4)}00`, (cities.get(`${g.key.slice(0, 4)}00`) ?? 0) + g.total);
    expect(cities.size).toBeGreaterThan(1);

    await page.goto(`${base}/#/board?inspection=DEMO-JX3&groupBy=REGION`);
    const map = page.locator('[data-testid=province-map][data-points]');
    await map.waitFor({ timeout: 30_000 });
    const points = JSON.parse((await map.getAttribute('data-points'))!) as Record<
      string,
      [number, number]
    >;
    // Every city with tasks is on the map, and no other.
    expect(Object.keys(points).sort()).toEqual([...cities.keys()].sort());
    await page.getByTestId('map-cities').locator('li', { hasText: '赣州市' }).waitFor();
    await accessible('02b-board-map');

    const [city, total] = [...cities].sort((a, b) => b[1] - a[1])[0];
    await map.click({ position: { x: points[city][0], y: points[city][1] } });
    await page.waitForURL(new RegExp(`#/tasks\\?.*regionCode=${city}`));
    await page
      .getByTestId('task-list')
      .locator('caption', { hasText: `共 ${total} 项任务` })
      .waitFor();
  });

  it("opens a task's history and shows a field's change, its chain and its proof", async () => {
    await page.goto(`${base}/#/tasks?inspectionId=DEMO-JX3`);
    await page.getByRole('link', { name: '【演示】稀土矿山生态修复进展缓慢' }).click();
    await page.waitForURL(/#\/record\/task-DEMO-03/);
    const progress = page.getByTestId('timeline').locator('li', { hasText: 'ProgressReported' });
    const status = progress.locator('table.changes tr', {
      has: page.locator('th', { hasText: /^status$/ }),
    });
    // The timeline loads after the page: wait for the row before reading it.
    await status.first().waitFor();
    await expect(status.locator('td').allTextContents()).resolves.toEqual([
      'ASSIGNED',
      'IN_PROGRESS',
    ]);
    await page.getByTestId('chain-status').locator('text=/✓/').waitFor();
    await page.getByTestId('proof').first().locator('text=/✓ 本浏览器已验证/').waitFor();

    // The state at a chosen day, beside the state now. Its answer is held back a moment: until it
    // comes, the day's column says it is loading, not that the record did not exist yet.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('then:')) await held;
      await route.continue();
    });
    await page.getByLabel(/对比日期/).fill('2024-11-21');
    await page
      .getByTestId('record-state')
      .locator('th', { hasText: '截至 As of 2024-11-21' })
      .waitFor();
    const statusRow = page.getByTestId('record-state').locator('tr', { hasText: '状态 Status' });
    await expect(statusRow.locator('td').allTextContents()).resolves.toEqual([
      '整改中 IN_PROGRESS',
      '加载中… Loading…',
    ]);
    await expect(page.getByTestId('record-state').getAttribute('aria-busy')).resolves.toBe('true');
    release();
    await page.locator('[data-testid=record-state][aria-busy=false]').waitFor();
    await page.unroute('**/graphql');
    await expect(statusRow.locator('td').allTextContents()).resolves.toEqual([
      '整改中 IN_PROGRESS',
      '列入清单 LISTED',
    ]);
    await accessible('04-task-record');
  });

  it("downloads a disclosure's published bytes, whose SHA-256 is the record's", async () => {
    await page.goto(`${base}/#/disclosures`);
    await page.getByRole('link', { name: '江西省第三轮督察整改落实情况（演示）' }).click();
    await page.waitForURL(new RegExp(`#/record/${disclosure.id}`));
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: /下载所发布的文件/ }).click(),
    ]);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.length).toBe(disclosure.size);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(disclosure.sha256);
    await expect(page.getByTestId('download-sha256').textContent()).resolves.toBe(
      disclosure.sha256,
    );
    await expect(page.getByTestId('download-check').textContent()).resolves.toContain('✓');
    await page.getByRole('button', { name: /重新生成并核对/ }).click();
    await page.getByTestId('verify-check').locator('text=/✓/').waitFor();
    await accessible('05-disclosure-record');
    await page.goto(`${base}/#/disclosures`);
    await page.getByTestId('disclosure-list').waitFor();
    await accessible('06-disclosures');
  });

  it('shows the accountability summary and the ledger', async () => {
    await page.goto(`${base}/#/accountability?inspection=DEMO-JX3`);
    await page.getByRole('heading', { name: /汇总 Summary/ }).waitFor();
    await page.getByTestId('case-list').waitFor();
    await accessible('07-accountability');
    await page.goto(`${base}/#/ledger?streamPrefix=task-DEMO-03`);
    await page.locator('caption', { hasText: '共 3 个事件' }).waitFor();
    await accessible('08-ledger');
  });

  it('opens the GraphQL IDE with the session token and the README examples as tabs', async () => {
    await page.goto(`${base}/graphql`);
    await page.getByTestId('ide-token').waitFor();
    // One tab per example query in the README, named after its first field.
    await page.getByText('README_history').first().waitFor();
    await executeUntil(page.locator('.graphiql-response', { hasText: '审计员' }));
    await screenshot(page, '09-graphql-ide');
  });

  /**
   * Waits for `shown` in a subscription's responses. On a loaded machine the socket can end before
   * it is live (the server closes one whose connection_init comes late): the run then stops, its
   * error on screen, and is started again. The feed starts from the beginning, so an event already
   * written still comes, in its catch-up. A timeout names what the response pane showed.
   */
  const subscribedUntil = async (shown: Locator) => {
    const until = Date.now() + 45_000;
    const running = page.getByRole('button', { name: /Stop query/i });
    for (;;) {
      try {
        await shown.waitFor({ timeout: 5_000 });
        return;
      } catch (error) {
        if (Date.now() > until) {
          const pane = await page
            .locator('.graphiql-response')
            .innerText()
            .catch(() => '(none)');
          throw new Error(`${(error as Error).message}\nresponse pane: ${pane.slice(0, 2000)}`, {
            cause: error,
          });
        }
      }
      if (!(await running.isVisible())) await executeUntil(running);
    }
  };

  it('runs a subscription in the IDE over graphql-ws with the session token', async () => {
    await page.goto(`${base}/`);
    await page.evaluate((token) => sessionStorage.setItem('taizhang.token', token), auditor);
    await page.goto(`${base}/graphql`);
    await page.getByTestId('ide-token').waitFor();
    // A new tab, the subscription typed into its editor (insertText: no auto-closed brackets).
    await page.getByRole('button', { name: /New tab/i }).click();
    const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(
      'subscription Feed { ledgerEntries(filter: { streamPrefix: "note-ide-" }) { position streamId type } }',
    );
    await executeUntil(page.getByRole('button', { name: /Stop query/i }));
    const seen = (stream: string) =>
      page.locator('.graphiql-response', { hasText: `"streamId": "${stream}"` }).filter({
        hasText: '"type": "NoteWritten"',
      });
    // The first event may come in the catch-up or live; the second is written once the first is on
    // screen, so the subscription is live by then and it can only arrive over the open socket.
    await t.command(notes, 'ide-1', { text: '第一条 first' }, writer);
    await subscribedUntil(seen('note-ide-1'));
    await t.command(notes, 'ide-2', { text: '第二条 second' }, writer);
    await seen('note-ide-2').waitFor({ timeout: 15_000 });
    await screenshot(page, '10-graphql-ide-subscription');
  });

  it('offers a read-only demo token in the embedded case', async () => {
    const visitor = await browser.newPage();
    await visitor.goto(`${base}/`);
    await visitor.getByRole('button', { name: /只读演示令牌/ }).click();
    await expect(visitor.getByTestId('me').textContent()).resolves.toContain('INTEGRATION');
    await visitor.close();
  });
});
