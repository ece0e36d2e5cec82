import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL for the tests: the distribution's binaries (`apt-get install postgresql`, which
 * `.ci/run` does when they are missing), a cluster made with initdb in a temp directory, run as an
 * unprivileged user when the tests run as root (CI), on a free loopback port with its unix socket in
 * its own directory. Every server is listed in the run's registry (pg-global-setup.cjs), so the
 * global teardown stops it even when the worker that started it died.
 */
export interface PgServer {
  /** The application's connection: role `taizhang`, owner of database `taizhang`, no superuser. */
  readonly url: string;
  /** The superuser's connection to the same database. */
  readonly adminUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** pg_ctl stop in the given mode ('fast': roll back open transactions, checkpoint, exit). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Makes a fresh database owned by `taizhang` and returns its application URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its directory. */
  remove(): void;
}

const ROLE = 'taizhang';

/** A port free on 127.0.0.1 now (self-contained: the benchmark starts servers with this file too). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The directory of initdb/pg_ctl: PG_BIN, then PATH, then the newest /usr/lib/postgresql/<v>/bin. */
export function pgBinDir(): string {
  const candidates = [process.env.PG_BIN];
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) candidates.push(join(which.stdout.trim(), '..'));
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(root, v, 'bin')));
  }
  const found = candidates.find((dir) => dir && existsSync(join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'PostgreSQL binaries not found (initdb): install them (apt-get install -y postgresql, as .ci/run does) or set PG_BIN or DATABASE_URL',
    );
  }
  return found;
}

const isRoot = (): boolean => process.getuid?.() === 0;
const NOBODY = 65534;

function asOwner(bin: string, args: string[]): [string, string[]] {
  return isRoot() ? ['runuser', ['-u', 'nobody', '--', bin, ...args]] : [bin, args];
}
const ENV = { ...process.env, LC_ALL: 'C', LANG: 'C' };
const failed = (bin: string, args: string[], error: unknown): Error => {
  const e = error as { stderr?: Buffer | string; stdout?: Buffer | string };
  return new Error(
    `${bin} ${args.join(' ')} failed: ${e.stderr?.toString() ?? ''}${e.stdout?.toString() ?? ''}`,
    { cause: error },
  );
};

/** Runs a PostgreSQL binary as the cluster's owner (nobody when we are root: initdb refuses root). */
function runAsOwner(bin: string, args: string[]): void {
  const [cmd, argv] = asOwner(bin, args);
  try {
    execFileSync(cmd, argv, { env: ENV, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    throw failed(bin, args, error);
  }
}

/** The same without blocking the test's event loop (its load keeps running meanwhile). */
function runAsOwnerAsync(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = asOwner(bin, args);
  return new Promise((resolve, reject) =>
    execFile(cmd, argv, { env: ENV, timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(failed(bin, args, { stdout, stderr })) : resolve(),
    ),
  );
}

export async function startPgServer(label = 'pg'): Promise<PgServer> {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), `taizhang-${label}-`));
  const dataDir = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  if (isRoot()) {
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o700);
  }
  runAsOwner(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c max_connections=200',
    '-c shared_buffers=32MB',
  ].join(' ');
  const pgCtl = join(bin, 'pg_ctl');
  const startArgs = ['-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60', 'start'];
  const stopArgs = (mode: string) => ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop'];
  const running = () => existsSync(join(dataDir, 'postmaster.pid'));
  register(dataDir, bin);
  runAsOwner(pgCtl, startArgs);
  const base = `postgres://%s@127.0.0.1:${port}/%s`;
  const urlFor = (user: string, db: string): string =>
    base.replace('%s', user).replace('%s', encodeURIComponent(db));
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: urlFor('postgres', 'postgres') });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE ROLE ${ROLE} LOGIN`);
  const createDatabase = async (name: string): Promise<string> => {
    await admin(`CREATE DATABASE ${name} OWNER ${ROLE}`);
    return urlFor(ROLE, name);
  };
  const url = await createDatabase('taizhang');
  return {
    url,
    adminUrl: urlFor('postgres', 'taizhang'),
    port,
    dataDir,
    stop: async (mode = 'fast') => {
      if (running()) await runAsOwnerAsync(pgCtl, stopArgs(mode));
    },
    start: () => runAsOwnerAsync(pgCtl, startArgs),
    createDatabase,
    remove() {
      try {
        if (running()) runAsOwner(pgCtl, stopArgs('immediate'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Notes the cluster in the run's registry, for the global teardown to stop if nobody else does. */
function register(dataDir: string, bin: string): void {
  const registry = process.env.TAIZHANG_PG_REGISTRY;
  if (!registry || !existsSync(registry)) return;
  const entry = join(
    registry,
    `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );
  writeFileSync(entry, JSON.stringify({ dataDir, bin }));
}
