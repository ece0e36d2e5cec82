import { Inject, Injectable, Optional } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../common/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { CLOCK, type Clock } from '../common/clock.js';
import {
  HTTP_STATUS,
  isTaizhangError,
  UnauthenticatedError,
  type ErrorCode,
} from '../common/errors.js';
import { AccessLog } from '../security/access-log.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { RateLimitedError } from '../security/security.errors.js';
import { rateKey } from '../security/security.plugin.js';

/** What the file routes use of Express's request and response. */
export interface FileRequest extends IncomingMessage {
  readonly query: Record<string, unknown>;
  readonly params: Record<string, string>;
  readonly body?: unknown;
}
export type FileResponse = ServerResponse;

/**
 * The file routes' edge: the same bearer tokens and rate limit as GraphQL, errors as the same JSON
 * shape with the same codes (and the matching HTTP status), refusals written to the access log.
 */
@Injectable()
export class HttpEdge {
  constructor(
    private readonly auth: AuthService,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rateLimiter: RateLimiter,
    @Optional() private readonly accessLog?: AccessLog,
  ) {}

  /** The caller, authenticated and within the same per-actor rate limit as GraphQL requests. */
  async actor(req: FileRequest): Promise<Actor> {
    const actor = await this.auth.authenticate(req.headers.authorization);
    this.rateLimiter.take(rateKey({ actor, req }));
    if (!actor) {
      throw new UnauthenticatedError(
        '需要登录：请在 Authorization 头中提供 Bearer 令牌',
        'Authentication required: send Authorization: Bearer <token>',
      );
    }
    return actor;
  }

  /** Answers with the error; if the body had started, cuts the response so no client takes it as whole. */
  fail(req: FileRequest, res: FileResponse, error: unknown, actor?: Actor): void {
    if (!isTaizhangError(error)) console.error('[exchange]', error);
    const code: ErrorCode = isTaizhangError(error) ? error.code : 'INTERNAL';
    if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
      this.accessLog?.record(
        {
          at: this.clock.now().toISOString(),
          actor,
          operation: `http ${req.method} ${(req.url ?? '').split('?')[0]}`.slice(0, 200),
          target: null,
          code,
          reason: (error as Error).message,
        },
        error as object,
      );
    }
    if (res.headersSent) {
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    const message = isTaizhangError(error)
      ? error.message
      : '服务器内部错误，已记录 / Internal server error; it has been logged';
    const extensions = isTaizhangError(error) ? { code, ...error.details } : { code };
    res.statusCode = HTTP_STATUS[code];
    if (error instanceof RateLimitedError)
      res.setHeader('retry-after', String(error.retryAfterSeconds));
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify({ errors: [{ message, extensions }] }));
  }
}
