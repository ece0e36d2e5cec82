import { sendMalformedRequests } from '../support/fuzz-requests.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('fuzz: malformed requests over HTTP (127.0.0.1 only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_BURST: '1000000' } });
  });
  afterAll(() => t.close());

  it('3000 generated requests: no 5xx, every error has a code, no internals, no events written', async () => {
    expect(new URL(t.url).hostname).toBe('127.0.0.1');
    const auditor = await t.token('AUDITOR', '省审计厅');
    const tokens = [
      auditor,
      await t.token('IMPLEMENTING_ENTITY', '某县'),
      await t.token('INTEGRATION', '数据中心'),
    ];
    const head = async () =>
      (
        await t.gql<{ health: { headPosition: string } }>(
          '{ health { headPosition } }',
          {},
          auditor,
        )
      ).data!.health.headPosition;
    const before = await head();
    const count = (
      await t.gql<{ ledger: { totalCount: number } }>('{ ledger { totalCount } }', {}, auditor)
    ).data!.ledger.totalCount;

    const TOTAL = 3000;
    const { sent, failures, answeredWithData } = await sendMalformedRequests(t.url, tokens, {
      seed: 20240821,
      total: TOTAL,
      concurrency: 8,
      timeMs: 90_000,
    });

    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(TOTAL);
    expect(answeredWithData).toBeLessThan(TOTAL * 0.1);
    expect(await head()).toBe(before);
    expect(
      (await t.gql<{ ledger: { totalCount: number } }>('{ ledger { totalCount } }', {}, auditor))
        .data!.ledger.totalCount,
    ).toBe(count);
    // The server still answers normally afterwards.
    expect((await t.gql('{ health { status } }')).data).toEqual({ health: { status: 'ok' } });
  }, 120_000);
});
