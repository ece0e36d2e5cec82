import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { RateLimitedError } from './security.errors.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle longer than this are full again and can be forgotten. */
const FORGET_AFTER_MS = 10 * 60_000;

/**
 * Token bucket per caller, in memory: a burst of `rateLimitBurst` requests, refilled at
 * `rateLimitPerMinute`. Real elapsed time (not the app clock): it limits load, not records.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;
  private readonly burst: number;
  private readonly perMs: number;

  constructor(@Inject(CONFIG) config: Pick<Config, 'limits'>) {
    this.burst = config.limits.rateLimitBurst;
    this.perMs = config.limits.rateLimitPerMinute / 60_000;
  }

  /** Takes one token for `key` or throws RATE_LIMITED saying when to retry. */
  take(key: string): void {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)));
    }
    bucket.tokens -= 1;
  }

  /** Milliseconds, monotonic; tests override it. */
  protected now(): number {
    return performance.now();
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < FORGET_AFTER_MS) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.at > FORGET_AFTER_MS) this.buckets.delete(key);
    }
  }
}
