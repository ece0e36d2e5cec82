import { ConfigError, loadConfig } from '../../src/config/config.js';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store.js';

describe('choosing PostgreSQL (EVENT_STORE=postgres)', () => {
  it('needs DATABASE_URL, and says so with an example', () => {
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(ConfigError);
    expect(() => loadConfig({ EVENT_STORE: 'postgres' })).toThrow(
      /EVENT_STORE=postgres needs DATABASE_URL, e\.g\. postgres:\/\//,
    );
  });

  it('refuses a DATABASE_URL that is not a PostgreSQL URL, and names the stores it knows', () => {
    expect(() =>
      loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: 'mysql://db/taizhang' }),
    ).toThrow(/invalid DATABASE_URL: expected postgres:\/\//);
    expect(() => loadConfig({ EVENT_STORE: 'oracle' })).toThrow(
      /expected sqlite, postgres or kurrentdb/,
    );
  });

  it('leaves a DATABASE_URL alone when another store is chosen', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://db/other-app' })).toMatchObject({
      eventStore: 'sqlite',
      databaseUrl: undefined,
    });
  });

  it('keeps the URL it was given', () => {
    const url = 'postgres://taizhang:secret@db.example:5432/taizhang';
    expect(loadConfig({ EVENT_STORE: 'postgres', DATABASE_URL: url })).toMatchObject({
      eventStore: 'postgres',
      databaseUrl: url,
    });
  });

  it('fails to connect with one clear error naming the server, without its password', async () => {
    const attempt = PostgresEventStore.connect('postgres://taizhang:secret@127.0.0.1:1/taizhang');
    await expect(attempt).rejects.toThrow(
      /cannot reach PostgreSQL at postgres:\/\/\*\*\*@127\.0\.0\.1:1\/taizhang/,
    );
    await expect(attempt).rejects.not.toThrow(/secret/);
  });
});
