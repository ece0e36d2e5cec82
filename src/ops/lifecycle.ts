import { Injectable } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PROBE_PATHS } from './logging.js';

const SHUTTING_DOWN = JSON.stringify({
  errors: [
    {
      message: '服务正在停止，请稍后重试 / The server is shutting down; retry shortly',
      extensions: { code: 'SHUTTING_DOWN' },
    },
  ],
});

/**
 * Whether this process takes requests, and which it is still answering. First in the middleware
 * chain: once draining, a request arriving on a connection left open is answered at once (503,
 * Retry-After, and the connection closed), never cut; requests already in progress finish.
 */
@Injectable()
export class Lifecycle {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private idle: (() => void)[] = [];

  get isDraining(): boolean {
    return this.draining;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  readonly gate = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const probe = PROBE_PATHS.has((req.url ?? '').split('?')[0]);
    if (this.draining && !probe) {
      // The body is read (and dropped) first: closing a connection with unread data sends a reset,
      // which a client may see before the answer.
      const answer = () => {
        if (res.headersSent) return;
        res.writeHead(503, {
          'content-type': 'application/json; charset=utf-8',
          'retry-after': '1',
          connection: 'close',
        });
        res.end(SHUTTING_DOWN);
      };
      req.once('end', answer).once('error', answer).resume();
      return;
    }
    this.inFlight.add(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
    next();
  };

  /** Takes no more requests; those in progress close their connection once answered. */
  startDraining(): void {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
  }

  /** Resolves once no request is in progress. */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

/**
 * Wraps a middleware so the probes skip it: the per-address limit must not starve a load
 * balancer's or the kubelet's health checks, which all come from one address.
 */
export function exceptProbes(
  middleware: (req: IncomingMessage, res: ServerResponse, next: () => void) => void,
) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) return next();
    middleware(req, res, next);
  };
}
