import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import type { Projection } from '../projections/projection.js';

/** A benchmark size from the environment: a positive integer, or the default. */
export const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
};

/** A count for a report line: rounded, with thousands separators. */
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Milliseconds for a report line. */
export const ms = (n: number): string => n.toFixed(2);

/** Seconds since `start` (a `process.hrtime.bigint()`). */
export const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** The p-th percentile of ascending `sorted` (nearest rank). */
export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /**
   * The main thread's CPU time per call, averaged over the run: what the call itself costs, without
   * the time the scheduler gave other processes on a shared machine (wall p99 there is mostly that).
   * An average, since the CPU clock ticks too coarsely (about 4 ms here) to time one call.
   */
  readonly cpuMean: number;
}

/** Main-thread CPU time in ms (user + system). */
const threadCpu = (): number => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** p50, p99 and max in ms of `count` calls of `once`, after a tenth as many to warm up. */
export async function latencies(count: number, once: () => Promise<void>): Promise<Latency> {
  for (let i = 0; i < Math.ceil(count / 10); i++) await once();
  const times: number[] = [];
  const cpuStart = threadCpu();
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const cpuMean = (threadCpu() - cpuStart) / count;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times[times.length - 1],
    cpuMean,
  };
}

/** The runner's own cost, the baseline of a rebuild: every event read and handed to a projection that does nothing. */
export const TRIVIAL_PROJECTION: Projection = {
  name: 'trivial',
  version: 1,
  setup: () => undefined,
  drop: () => undefined,
  apply: () => undefined,
};

/**
 * Reads a store's file (and its WAL) through once, so that the trivial runner, timed first, does not
 * pay for a cold page cache that the rebuild timed after it then finds warm: on a VM whose disk
 * reads 80 MB/s, the 10^7 store cold made the trivial runner 42,000 to 74,000 events/s against
 * 135,000 to 229,000 warm, and the ratio between the two meaningless. It only helps where the
 * file fits in the page cache beside what else is cached. Returns the bytes and seconds.
 */
export function warmPageCache(file: string): { bytes: number; seconds: number } {
  const started = process.hrtime.bigint();
  const buffer = Buffer.allocUnsafe(8 << 20);
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) {
    if (!existsSync(f)) continue;
    const fd = openSync(f, 'r');
    try {
      for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0;) bytes += n;
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, seconds: seconds(started) };
}
