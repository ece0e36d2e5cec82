import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Actor, Role } from '../../src/common/actor.js';
import type { Decider, DomainEvent } from '../../src/common/decider.js';
import type { JsonObject } from '../../src/common/json.js';
import { CommandPath } from '../../src/commands/command-path.js';
import type { CommandOptions } from '../../src/commands/domain-command.js';
import { Mutations, type Answer } from '../../src/edge/mutations.js';
import { loadOrCreateSigningKey, mintToken } from '../../src/auth/tokens.js';
import { FixedClock } from '../../src/common/clock.js';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/main.js';

export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface TestApp {
  readonly url: string;
  readonly dataDir: string;
  readonly clock: FixedClock;
  readonly app: INestApplication;
  /** POST a GraphQL operation over HTTP, as a real client would. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResponse<T>>;
  token(
    role: Role | Role[],
    organisation: string,
    extra?: { name?: string; region?: string; ttl?: string; sub?: string },
  ): Promise<string>;
  /**
   * Runs a command of any decider (tests use toy ones) on the app's one command path, with its
   * guards and access log, and answers as a mutation would.
   */
  command<S extends JsonObject, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
    actor: Actor | undefined,
    options?: CommandOptions,
  ): Promise<Answer<S>>;
  close(): Promise<void>;
}

/** Starts the whole app on 127.0.0.1, port 0, with a fresh data directory and a settable clock. */
export async function startTestApp(
  options: {
    demo?: boolean;
    now?: string;
    env?: Record<string, string>;
    /** A directory whose files are copied into the data directory first (a fixture store). */
    seed?: string;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taizhang-e2e-'));
  if (options.seed) cpSync(options.seed, dataDir, { recursive: true });
  const config = {
    // Tests make hundreds of calls as one actor from one address; the rate limits have their own tests.
    ...loadConfig({
      RATE_LIMIT_BURST: '100000',
      ADDRESS_RATE_LIMIT_BURST: '100000',
      ...options.env,
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
    }),
    demo: options.demo ?? false,
  };
  const clock = new FixedClock(new Date(options.now ?? '2024-09-01T00:00:00.000Z'));
  const app = await createApp(config, { clock });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/graphql`;
  const key = loadOrCreateSigningKey(dataDir);
  return {
    url,
    dataDir,
    clock,
    app,
    async gql(query, variables, token) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResponse;
      return { ...body, status: res.status } as never;
    },
    token(role, organisation, extra = {}) {
      const roles = Array.isArray(role) ? role : [role];
      return mintToken(key, {
        subject: extra.sub ?? `${organisation}:${roles[0].toLowerCase()}`,
        name: extra.name ?? `${organisation} ${roles[0]}`,
        roles,
        organisation,
        region: extra.region,
        ttl: extra.ttl,
      });
    },
    async command(decider, id, command, actor, options) {
      const out = await app.get(CommandPath).run(decider, id, command, actor, options);
      return app.get(Mutations).answer(out);
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
