import { startTestApp, type TestApp } from '../support/test-app.js';

describe('system queries over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers health without a token', async () => {
    const res = await t.gql<{ health: { status: string; eventStore: string } }>(
      '{ health { status eventStore } }',
    );
    expect(res.data?.health).toEqual({ status: 'ok', eventStore: 'sqlite' });
  });

  it('me is the actor of the token, and null without one', async () => {
    const token = await t.token('AUDITOR', '省审计厅', { name: '审计员甲' });
    const res = await t.gql<{ me: { name: string; roles: string[]; organisation: string } }>(
      '{ me { name roles organisation } }',
      {},
      token,
    );
    expect(res.data?.me).toEqual({
      name: '审计员甲',
      roles: ['AUDITOR'],
      organisation: '省审计厅',
    });
    expect((await t.gql('{ me { name } }')).data).toEqual({ me: null });
  });

  it('rejects a bad token with UNAUTHENTICATED and reading history needs a token', async () => {
    const bad = await t.gql('{ me { name } }', {}, 'not-a-jwt');
    expect(bad.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const anon = await t.gql('{ history(streamId: "task-1") { totalCount } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('first over 100 is BAD_USER_INPUT', async () => {
    const token = await t.token('AUDITOR', '省审计厅');
    const res = await t.gql('{ ledger(first: 101) { totalCount } }', {}, token);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
