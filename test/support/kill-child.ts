import { spawn } from 'node:child_process';

export interface KillOptions {
  /** Each line the child prints on stdout, in order, including any it prints after the kill was sent. */
  readonly onLine: (line: string) => void;
  /** Asked after each chunk of output: true sends the SIGKILL (once). */
  readonly killWhen: () => boolean;
  /** A stuck child is killed after this long, and the run fails rather than hangs. */
  readonly timeoutMs: number;
  /** What the child is, for the error when it exits before the kill. */
  readonly what: string;
}

/**
 * Runs a Node script and SIGKILLs it at a moment chosen by its progress (what it prints), not by a
 * timer. Resolves once it died of that kill; rejects, with its stderr, when it exited on its own.
 */
export function runUntilKilled(args: readonly string[], options: KillOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let buffer = '';
    let stderr = '';
    let killed = false;
    const guard = setTimeout(() => proc.kill('SIGKILL'), options.timeoutMs);
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) options.onLine(line);
      if (!killed && options.killWhen()) {
        killed = true;
        proc.kill('SIGKILL');
      }
    });
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && killed) resolve();
      else
        reject(
          new Error(
            `${options.what} exited before the kill (code ${code}, signal ${signal}): ${stderr}`,
          ),
        );
    });
  });
}
