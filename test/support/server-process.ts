import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { loadOrCreateSigningKey } from '../../src/auth/tokens.js';
import { RAISED_RATE_LIMITS, gqlClient, type GqlClient } from './gql-client.js';
import { peakBytes, resetPeak } from './peak-memory.js';
import { tempDir } from './temp-dir.js';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** The real server, `node dist/src/cli.js serve --no-demo`, in a process of its own. */
export interface ServerProcess extends GqlClient {
  readonly pid: number;
  readonly dataDir: string;
  /** Peak resident memory (VmHWM) of the server process since it started or `resetPeak`. */
  peakBytes(): number;
  /** Starts a new high-water mark (Linux: /proc/<pid>/clear_refs, 5). */
  resetPeak(): void;
  /** What the server printed, for a failure message. */
  output(): string;
  /** Stops the server (SIGTERM, SIGKILL after 5 s) and removes its data directory. */
  stop(): Promise<void>;
  /** Settles when the process has exited, with its exit code or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port free on 127.0.0.1 now: the system picks it for a listener on port 0, closed at once. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts the built server on 127.0.0.1 with a fresh data directory and waits, at most
 * `startTimeoutMs`, until its health query answers. The process is stopped if it does not.
 */
export async function startServerProcess(
  options: { env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  if (!existsSync(CLI))
    throw new Error(
      'dist/src/cli.js is missing: run `npm run build` (npm test does it in pretest)',
    );
  const dir = tempDir('server');
  const port = await freeLoopbackPort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...RAISED_RATE_LIMITS,
    EVENT_STORE: 'sqlite',
    KURRENTDB_URL: undefined,
    DATABASE_URL: undefined,
    // The store may be chosen (a replica on PostgreSQL); where it listens and keeps its files may not.
    ...options.env,
    DATA_DIR: dir.path,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not what an operator runs with
  const child = spawn(process.execPath, [CLI, 'serve', '--no-demo'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  const keep = (chunk: Buffer) => {
    printed = (printed + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit');
  const exitedAs = exited.then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const hard = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(hard);
    }
    dir.remove();
  };
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    await untilHealthy(child, url, options.startTimeoutMs ?? 30_000, () => printed);
    const pid = child.pid!;
    return {
      // The server has made its signing key on start; the tests sign with it as an operator would.
      ...gqlClient(url, loadOrCreateSigningKey(dir.path)),
      pid,
      dataDir: dir.path,
      peakBytes: () => peakBytes(pid),
      resetPeak: () => resetPeak(pid),
      output: () => printed,
      stop,
      exited: exitedAs,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function untilHealthy(
  child: ChildProcess,
  url: string,
  timeoutMs: number,
  printed: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${printed()}`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ health { status } }' }),
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await res.json()) as { data?: { health?: { status?: string } } };
      if (body.data?.health?.status === 'ok') return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer its health query in ${timeoutMs} ms:\n${printed()}`);
}
