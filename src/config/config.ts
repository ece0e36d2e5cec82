import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** How bearer tokens are verified; see docs/security.md. */
export interface AuthConfig {
  /** PEM public key (Ed25519 -> EdDSA, RSA -> RS256) of the identity provider. */
  readonly publicKeyFile?: string;
  /** A JWKS JSON file (`{"keys": [...]}`) of the identity provider's public keys. */
  readonly jwksFile?: string;
  /** Expected `iss` claim. */
  readonly issuer: string;
  /** Expected `aud` claim, when the identity provider sets one. */
  readonly audience?: string;
}

/** Limits on what one caller may ask of the API; see docs/security.md. */
export interface LimitsConfig {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxCost: number;
  /** Parser token cap: stops huge documents before validation does quadratic work on them. */
  readonly maxTokens: number;
  readonly bodyLimitBytes: number;
  /** Token bucket per actor (or per address, for anonymous callers). */
  readonly rateLimitBurst: number;
  readonly rateLimitPerMinute: number;
}

/** How the ledger's checkpoints are signed and issued; see docs/verification.md. */
export interface CheckpointConfig {
  /** A note signer key (`PRIVATE+KEY+name+hash+key`), given directly or in a file; else one in DATA_DIR. */
  readonly key?: string;
  readonly keyFile?: string;
  /** The log's origin line (and key name) when the key is created here. */
  readonly origin: string;
  /** Seconds between checkpoints issued while the log grows; 0 issues them on demand only. */
  readonly intervalSeconds: number;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'kurrentdb';
  readonly kurrentdbUrl?: string;
  /** Load the demo inspection into an empty store at start. */
  readonly demo: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  /** Days refused attempts stay in the access log; 0 keeps them for good. */
  readonly accessLogRetentionDays: number;
  readonly checkpoints: CheckpointConfig;
  /** How long a mutation waits for the read side to include its write before answering without it. */
  readonly readYourWritesMs: number;
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
    auth: authConfig(env),
    limits: limitsConfig(env),
    accessLogRetentionDays: retentionDays(env),
    checkpoints: checkpointConfig(env),
    readYourWritesMs: positiveInt(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5000),
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    eventStore,
    kurrentdbUrl,
    demo: demo === 'true',
  };
}

function authConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const publicKeyFile = env.AUTH_PUBLIC_KEY_FILE || undefined;
  const jwksFile = env.AUTH_JWKS_FILE || undefined;
  if (publicKeyFile && jwksFile) {
    throw new ConfigError(
      'AUTH_PUBLIC_KEY_FILE 与 AUTH_JWKS_FILE 只能设置一个 / set only one of AUTH_PUBLIC_KEY_FILE and AUTH_JWKS_FILE',
    );
  }
  for (const [name, file] of [
    ['AUTH_PUBLIC_KEY_FILE', publicKeyFile],
    ['AUTH_JWKS_FILE', jwksFile],
  ] as const) {
    if (file && !existsSync(file)) {
      throw new ConfigError(`${name} 文件不存在 / ${name}=${file}: no such file`);
    }
  }
  return {
    publicKeyFile: publicKeyFile && resolve(publicKeyFile),
    jwksFile: jwksFile && resolve(jwksFile),
    issuer: env.AUTH_ISSUER || 'taizhang',
    audience: env.AUTH_AUDIENCE || undefined,
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    throw new ConfigError(`${name} 无效 / invalid ${name}=${raw}: expected a positive integer`);
  }
  return n;
}

function limitsConfig(env: NodeJS.ProcessEnv): LimitsConfig {
  return {
    maxDepth: positiveInt(env, 'MAX_QUERY_DEPTH', 12),
    maxAliases: positiveInt(env, 'MAX_QUERY_ALIASES', 20),
    maxCost: positiveInt(env, 'MAX_QUERY_COST', 5000),
    maxTokens: positiveInt(env, 'MAX_QUERY_TOKENS', 5000),
    bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', 1024 * 1024),
    rateLimitBurst: positiveInt(env, 'RATE_LIMIT_BURST', 300),
    rateLimitPerMinute: positiveInt(env, 'RATE_LIMIT_PER_MINUTE', 1200),
  };
}

function checkpointConfig(env: NodeJS.ProcessEnv): CheckpointConfig {
  const keyFile = env.CHECKPOINT_KEY_FILE || undefined;
  if (keyFile && !existsSync(keyFile)) {
    throw new ConfigError(
      `CHECKPOINT_KEY_FILE 文件不存在 / CHECKPOINT_KEY_FILE=${keyFile}: no such file`,
    );
  }
  const origin = env.CHECKPOINT_ORIGIN || 'taizhang.local/ledger';
  if (/[\s+]/u.test(origin)) {
    throw new ConfigError(
      `CHECKPOINT_ORIGIN 无效 / invalid CHECKPOINT_ORIGIN=${origin}: no spaces or "+", e.g. ledger.example.gov.cn/jx`,
    );
  }
  const interval = env.CHECKPOINT_INTERVAL_SECONDS;
  const intervalSeconds =
    interval === '0' ? 0 : positiveInt(env, 'CHECKPOINT_INTERVAL_SECONDS', 60);
  return {
    key: env.CHECKPOINT_KEY || undefined,
    keyFile: keyFile && resolve(keyFile),
    origin,
    intervalSeconds,
  };
}

/** Network logs must be kept at least six months (Cybersecurity Law of the PRC, art. 21). */
export const MIN_ACCESS_LOG_RETENTION_DAYS = 180;

function retentionDays(env: NodeJS.ProcessEnv): number {
  const raw = env.ACCESS_LOG_RETENTION_DAYS;
  if (raw === undefined || raw === '') return 365;
  const n = Number(raw);
  if (!Number.isInteger(n) || (n !== 0 && n < MIN_ACCESS_LOG_RETENTION_DAYS)) {
    throw new ConfigError(
      `ACCESS_LOG_RETENTION_DAYS 无效，网络日志须留存不少于六个月 / invalid ACCESS_LOG_RETENTION_DAYS=${raw}: ` +
        `expected 0 (keep for good) or at least ${MIN_ACCESS_LOG_RETENTION_DAYS} days`,
    );
  }
  return n;
}

export const CONFIG = Symbol('CONFIG');
