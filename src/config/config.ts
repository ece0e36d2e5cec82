import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { durationSeconds } from '../common/duration.js';

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
  /**
   * The longest lifetime a token may have (AUTH_TOKEN_MAX_TTL, default 12h, at most 30d): minting
   * refuses a longer --ttl, verification refuses a token whose exp lies further out.
   */
  readonly maxTokenTtlSeconds: number;
}

export const DEFAULT_TOKEN_MAX_TTL = '12h';
/** The ceiling of AUTH_TOKEN_MAX_TTL itself: no configuration makes a token live longer. */
export const TOKEN_MAX_TTL_CEILING_SECONDS = 30 * 86400;

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
  /** Token bucket per network address, taken before the token is read (every route, every upgrade). */
  readonly addressRateLimitBurst: number;
  readonly addressRateLimitPerMinute: number;
  /** WebSocket: open connections per address (checked at the upgrade) and per actor (at connection_init). */
  readonly wsConnectionsPerAddress: number;
  readonly wsConnectionsPerActor: number;
  /** WebSocket: operations running at once on one connection. */
  readonly wsSubscriptionsPerConnection: number;
  /** WebSocket: bytes waiting to be sent to one client past which it is dropped as a slow consumer. */
  readonly wsSendBufferBytes: number;
  /** WebSocket: seconds a client may leave sent data unread before it is dropped as a slow consumer. */
  readonly wsSendStallSeconds: number;
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

/** Caps on reading an uploaded rectification list; see docs/exchange.md, Limits. */
export interface ImportLimitsConfig {
  /** The uploaded file. */
  readonly maxBytes: number;
  /** Data rows below the heading row. */
  readonly maxRows: number;
  /** Columns that may hold a value (100 is column CV). */
  readonly maxColumns: number;
  /** Characters in one cell. */
  readonly maxCellChars: number;
  /** Characters in all cells together: what a parsed table may occupy. */
  readonly maxTextChars: number;
  /** Entries in an XLSX file's shared-strings table. */
  readonly maxSharedStrings: number;
  /** Bytes an XLSX file's parts inflate to, all together. */
  readonly maxUnzippedBytes: number;
  /** Heap (old generation) of the worker thread that parses a file. */
  readonly workerMemoryMb: number;
  /** Time a parse may take before its worker is stopped. */
  readonly parseTimeoutMs: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimitsConfig = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 20_000,
  maxColumns: 100,
  maxCellChars: 10_000,
  maxTextChars: 32 * 1024 * 1024,
  maxSharedStrings: 200_000,
  maxUnzippedBytes: 64 * 1024 * 1024,
  workerMemoryMb: 192,
  parseTimeoutMs: 30_000,
};

/** The environment variable that sets each import limit (named in the error a file gets). */
export const IMPORT_LIMIT_VARIABLES: Record<keyof ImportLimitsConfig, string> = {
  maxBytes: 'IMPORT_MAX_BYTES',
  maxRows: 'IMPORT_MAX_ROWS',
  maxColumns: 'IMPORT_MAX_COLUMNS',
  maxCellChars: 'IMPORT_MAX_CELL_CHARS',
  maxTextChars: 'IMPORT_MAX_TEXT_CHARS',
  maxSharedStrings: 'IMPORT_MAX_SHARED_STRINGS',
  maxUnzippedBytes: 'IMPORT_MAX_UNZIPPED_BYTES',
  workerMemoryMb: 'IMPORT_WORKER_MEMORY_MB',
  parseTimeoutMs: 'IMPORT_PARSE_TIMEOUT_MS',
};

/** Running it beside other services: probes, metrics, logs, shutdown; see docs/operations.md. */
export interface OpsConfig {
  /** pino level: fatal, error, warn, info, debug, trace or silent. */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** JSON lines (production) or human-readable lines (development, needs the dev dependency pino-pretty). */
  readonly logFormat: 'json' | 'pretty';
  /** Prometheus metrics: off, on the API's port (`api`), or on a listener of their own (`port`). */
  readonly metrics: 'off' | 'api' | 'port';
  readonly metricsPort: number;
  readonly metricsHost: string;
  /** /readyz is unready while any projection is more than this many events behind the log's head. */
  readonly readyMaxLagEvents: number;
  /** SIGTERM: the process exits within this many milliseconds, drained or not. */
  readonly shutdownTimeoutMs: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly eventStore: 'sqlite' | 'kurrentdb' | 'postgres';
  readonly kurrentdbUrl?: string;
  /** PostgreSQL connection URL (EVENT_STORE=postgres): postgres://user:password@host:5432/db. */
  readonly databaseUrl?: string;
  /** Load the demo inspection into an empty store at start. */
  readonly demo: boolean;
  readonly auth: AuthConfig;
  readonly limits: LimitsConfig;
  readonly imports: ImportLimitsConfig;
  /** Days refused attempts stay in the access log; 0 keeps them for good. */
  readonly accessLogRetentionDays: number;
  readonly checkpoints: CheckpointConfig;
  /** How long a mutation waits for the read side to include its write before answering without it. */
  readonly readYourWritesMs: number;
  /** Identical refusals within this many seconds are one access-log row with a count. */
  readonly accessLogCollapseSeconds: number;
  readonly ops: OpsConfig;
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
  if (eventStore !== 'sqlite' && eventStore !== 'kurrentdb' && eventStore !== 'postgres') {
    throw new ConfigError(
      `EVENT_STORE 无效 / invalid EVENT_STORE=${eventStore}: expected sqlite, postgres or kurrentdb`,
    );
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (eventStore === 'postgres' && !databaseUrl) {
    throw new ConfigError(
      'EVENT_STORE=postgres 需要 DATABASE_URL / EVENT_STORE=postgres needs DATABASE_URL, e.g. postgres://taizhang:secret@localhost:5432/taizhang',
    );
  }
  // Checked only when it is used: another program's DATABASE_URL may sit in the environment.
  if (eventStore === 'postgres' && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl!)) {
    throw new ConfigError(
      'DATABASE_URL 无效 / invalid DATABASE_URL: expected postgres://user:password@host:5432/database',
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
    imports: importLimitsConfig(env),
    accessLogRetentionDays: retentionDays(env),
    checkpoints: checkpointConfig(env),
    readYourWritesMs: positiveInt(env, 'READ_YOUR_WRITES_TIMEOUT_MS', 5000),
    accessLogCollapseSeconds: positiveInt(env, 'ACCESS_LOG_COLLAPSE_SECONDS', 60),
    ops: opsConfig(env),
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    eventStore,
    kurrentdbUrl,
    databaseUrl: eventStore === 'postgres' ? databaseUrl : undefined,
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
    maxTokenTtlSeconds: tokenMaxTtl(env.AUTH_TOKEN_MAX_TTL || DEFAULT_TOKEN_MAX_TTL),
  };
}

function tokenMaxTtl(raw: string): number {
  const seconds = durationSeconds(raw);
  if (seconds === undefined || seconds < 1 || seconds > TOKEN_MAX_TTL_CEILING_SECONDS) {
    throw new ConfigError(
      `AUTH_TOKEN_MAX_TTL 无效，令牌有效期上限须在 1 秒至 30 天之间 / invalid AUTH_TOKEN_MAX_TTL=${raw}: ` +
        'expected a duration like 30m, 12h or 7d, from 1s to at most 30d',
    );
  }
  return seconds;
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
    addressRateLimitBurst: positiveInt(env, 'ADDRESS_RATE_LIMIT_BURST', 600),
    addressRateLimitPerMinute: positiveInt(env, 'ADDRESS_RATE_LIMIT_PER_MINUTE', 3000),
    wsConnectionsPerAddress: positiveInt(env, 'WS_CONNECTIONS_PER_ADDRESS', 50),
    wsConnectionsPerActor: positiveInt(env, 'WS_CONNECTIONS_PER_ACTOR', 10),
    wsSubscriptionsPerConnection: positiveInt(env, 'WS_SUBSCRIPTIONS_PER_CONNECTION', 20),
    wsSendBufferBytes: positiveInt(env, 'WS_SEND_BUFFER_BYTES', 4 * 1024 * 1024),
    wsSendStallSeconds: positiveInt(env, 'WS_SEND_STALL_SECONDS', 30),
  };
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} 无效 / invalid ${name}=${raw}: expected ${allowed.join(', ')}`);
  }
  return raw as T;
}

function opsConfig(env: NodeJS.ProcessEnv): OpsConfig {
  const lag = env.READY_MAX_LAG_EVENTS;
  const metricsPort = env.METRICS_PORT === '0' ? 0 : positiveInt(env, 'METRICS_PORT', 9464);
  if (metricsPort > 65535) {
    throw new ConfigError(
      `METRICS_PORT 无效 / invalid METRICS_PORT=${metricsPort}: expected 0-65535`,
    );
  }
  return {
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: oneOf(
      env,
      'LOG_FORMAT',
      ['json', 'pretty'],
      env.NODE_ENV === 'development' ? 'pretty' : 'json',
    ),
    metrics: oneOf(env, 'METRICS', ['off', 'api', 'port'], 'off'),
    metricsPort,
    metricsHost: env.METRICS_HOST || '127.0.0.1',
    readyMaxLagEvents: lag === '0' ? 0 : positiveInt(env, 'READY_MAX_LAG_EVENTS', 1000),
    shutdownTimeoutMs: positiveInt(env, 'SHUTDOWN_TIMEOUT_MS', 25_000),
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

function importLimitsConfig(env: NodeJS.ProcessEnv): ImportLimitsConfig {
  const entries = Object.entries(IMPORT_LIMIT_VARIABLES) as [keyof ImportLimitsConfig, string][];
  return Object.fromEntries(
    entries.map(([key, name]) => [key, positiveInt(env, name, DEFAULT_IMPORT_LIMITS[key])]),
  ) as unknown as ImportLimitsConfig;
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
