import { Inject, Injectable } from '@nestjs/common';
import { CONFIG, type Config } from '../config/config.js';
import { RateLimitedError } from './security.errors.js';

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle longer than this are full again and can be forgotten. */
const FORGET_AFTER_MS = 10 * 60_000;
/** Keys kept at most (many addresses cannot grow the map without bound): the least recent goes. */
const MAX_KEYS = 100_000;

/**
 * Token buckets by key, in memory: a burst of `burst` requests, refilled at `perMinute`. Real
 * elapsed time (not the app clock): it limits load, not records.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;
  private readonly perMs: number;
  private readonly limitedListeners = new Set<() => void>();

  constructor(
    private readonly burst: number,
    perMinute: number,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token for `key` or throws RATE_LIMITED saying when to retry. */
  take(key: string): void {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
    bucket.at = now;
    // Re-inserted so the map's order is least recently used first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_KEYS)
      this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens < 1) {
      for (const listener of this.limitedListeners) listener();
      throw new RateLimitedError(Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)));
    }
    bucket.tokens -= 1;
  }

  /** Calls `listener` on every request this limiter refuses (metrics count them); returns the stop function. */
  onLimited(listener: () => void): () => void {
    this.limitedListeners.add(listener);
    return () => this.limitedListeners.delete(listener);
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

/** Per actor (per address for anonymous callers), once the token is known: `RATE_LIMIT_*`. */
@Injectable()
export class RateLimiter extends TokenBuckets {
  constructor(@Inject(CONFIG) config: Pick<Config, 'limits'>) {
    super(config.limits.rateLimitBurst, config.limits.rateLimitPerMinute);
  }
}

/** Per network address, before anything else is read: `ADDRESS_RATE_LIMIT_*`. */
@Injectable()
export class AddressRateLimiter extends TokenBuckets {
  constructor(@Inject(CONFIG) config: Pick<Config, 'limits'>) {
    super(config.limits.addressRateLimitBurst, config.limits.addressRateLimitPerMinute);
  }
}
