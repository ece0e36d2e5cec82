import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPgServer, type PgServer } from './pg-server.js';

/**
 * The PostgreSQL a spec file runs against: the server of DATABASE_URL when given (its role needs
 * CREATEDB), else a server started for the file. `database()` makes a fresh, private database there.
 */
export interface PgTestTarget {
  readonly url: string;
  /** The server the file started; undefined with DATABASE_URL. */
  readonly server?: PgServer;
  database(label: string): Promise<string>;
  close(): void;
}

export async function pgTestTarget(label: string): Promise<PgTestTarget> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const database = async (name: string): Promise<string> => {
      const db = `${name}_${randomBytes(4).toString('hex')}`;
      const client = new pg.Client({ connectionString: given });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${db}`);
      } finally {
        await client.end();
      }
      const url = new URL(given);
      url.pathname = `/${db}`;
      return url.toString();
    };
    return { url: given, database, close: () => undefined };
  }
  const server = await startPgServer(label);
  return {
    url: server.url,
    server,
    database: (name) => server.createDatabase(`${name}_${randomBytes(4).toString('hex')}`),
    close: () => server.remove(),
  };
}
