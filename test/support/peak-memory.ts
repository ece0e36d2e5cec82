import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident memory (VmHWM) of a process, this one ('self') or another, since it started or
 * since `resetPeak`: Linux lets the high-water mark be reset (/proc/<pid>/clear_refs, 5).
 */
export const peakBytes = (pid: number | 'self' = 'self') =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

export const resetPeak = (pid: number | 'self' = 'self') =>
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
