import { resolve } from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'kurrentdb';
  readonly kurrentdbUrl?: string;
  /** Load the demo inspection into an empty store at start. */
  readonly demo: boolean;
}

export class ConfigError extends Error {}

/**
 * Reads configuration from the environment. Defaults serve the embedded case; anything invalid stops
 * the start with one line that names the variable and what it accepts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT 无效 / invalid PORT=${env.PORT}: expected an integer 0-65535`);
  }
  const eventStore = env.EVENT_STORE ?? 'sqlite';
  if (eventStore !== 'sqlite' && eventStore !== 'kurrentdb') {
    throw new ConfigError(
      `EVENT_STORE 无效 / invalid EVENT_STORE=${eventStore}: expected sqlite or kurrentdb`,
    );
  }
  const kurrentdbUrl = env.KURRENTDB_URL || undefined;
  if (eventStore === 'kurrentdb' && !kurrentdbUrl) {
    throw new ConfigError(
      'EVENT_STORE=kurrentdb 需要 KURRENTDB_URL / EVENT_STORE=kurrentdb needs KURRENTDB_URL, e.g. kurrentdb://localhost:2113?tls=false',
    );
  }
  if (kurrentdbUrl && !/^(kurrentdb|kdb|esdb|kurrent)(\+discover)?:\/\//.test(kurrentdbUrl)) {
    throw new ConfigError(
      `KURRENTDB_URL 无效 / invalid KURRENTDB_URL: expected kurrentdb://host:port?tls=false`,
    );
  }
  const demo = env.TAIZHANG_DEMO ?? 'true';
  if (demo !== 'true' && demo !== 'false') {
    throw new ConfigError(
      `TAIZHANG_DEMO 无效 / invalid TAIZHANG_DEMO=${demo}: expected true or false`,
    );
  }
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    eventStore,
    kurrentdbUrl,
    demo: demo === 'true',
  };
}

export const CONFIG = Symbol('CONFIG');
