import { Injectable, Optional } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '../common/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { rememberActor } from '../auth/request-actor.js';
import { isTaizhangError, UnauthenticatedError } from '../common/errors.js';
import { AccessLog } from '../security/access-log.js';
import { RateLimiter } from '../security/rate-limiter.js';
import { rateKey } from '../security/security.plugin.js';
import { sendError } from './error-response.js';

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
    private readonly rateLimiter: RateLimiter,
    @Optional() private readonly accessLog?: AccessLog,
  ) {}

  /** The caller, authenticated and within the same per-actor rate limit as GraphQL requests. */
  async actor(req: FileRequest): Promise<Actor> {
    const actor = await this.auth.authenticate(req.headers.authorization);
    rememberActor(req, actor);
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
    if (
      isTaizhangError(error) &&
      (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN')
    ) {
      const operation = `http ${req.method} ${(req.url ?? '').split('?')[0]}`.slice(0, 200);
      this.accessLog?.refused({ actor, operation }, error);
    }
    if (res.headersSent) {
      if (!isTaizhangError(error)) console.error('[exchange]', error);
      res.destroy(error instanceof Error ? error : undefined);
      return;
    }
    sendError(res, error);
  }
}
