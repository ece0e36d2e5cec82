import { getOperationAST, GraphQLError, parse, type DocumentNode } from 'graphql';
import type { GraphQLWsSubscriptionsConfig } from '@nestjs/graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Actor } from '../common/actor.js';
import type { AuthService } from '../auth/auth.service.js';
import type { Clock } from '../common/clock.js';
import { formatError } from '../edge/graphql-errors.js';
import type { AccessLog } from '../security/access-log.js';
import { DENIAL_CODES, taizhangErrorIn } from '../security/denials.js';
import { assertWithinLimits, measureOperation } from '../security/query-limits.js';
import { rateKey, type SecurityDeps } from '../security/security.plugin.js';

/** What the WebSocket connection keeps between messages. */
export interface WsExtra {
  actor?: Actor;
  request?: { socket?: { remoteAddress?: string } };
  socket?: {
    close(code: number, reason: string): void;
    once(event: 'close', fn: () => void): void;
  };
}

type WsContext = Context<Record<string, unknown> | undefined, WsExtra>;
type Hooks = Pick<
  ServerOptions<Record<string, unknown> | undefined, WsExtra>,
  'onConnect' | 'onSubscribe' | 'onError' | 'onNext'
>;

/** `{ authorization: "Bearer <jwt>" }` or `{ token: "<jwt>" }` in the connection_init payload. */
function tokenFrom(params: Record<string, unknown> | undefined): string | undefined {
  const auth = params?.authorization ?? params?.Authorization;
  if (typeof auth === 'string') return auth.replace(/^Bearer\s+/i, '');
  return typeof params?.token === 'string' ? params.token : undefined;
}

/** Close code for "token expired" (graphql-ws uses 4401 for Unauthorized). */
export const TOKEN_EXPIRED_CLOSE = 4401;

/**
 * graphql-ws hooks: authenticate at connection_init with the token from the connection parameters
 * (refused: 4403), close the socket when the token expires (4401), apply the same rate limit and
 * query limits as HTTP, and format errors the way formatError does for HTTP.
 */
export function graphqlWsOptions(
  auth: AuthService,
  deps: SecurityDeps,
): GraphQLWsSubscriptionsConfig {
  const logDenial = (
    clock: Clock,
    log: AccessLog,
    actor: Actor | undefined,
    operation: string,
    error: unknown,
  ) => {
    const denial = taizhangErrorIn(error);
    if (!denial || !DENIAL_CODES.has(denial.code)) return;
    log.record(
      {
        at: clock.now().toISOString(),
        actor,
        operation,
        target: null,
        code: denial.code,
        reason: denial.message,
      },
      denial,
    );
  };
  const hooks: Hooks = {
    onConnect: async (ctx: WsContext) => {
      const token = tokenFrom(ctx.connectionParams);
      if (!token) {
        deps.accessLog.record({
          at: deps.clock.now().toISOString(),
          operation: 'subscription connect',
          target: null,
          code: 'UNAUTHENTICATED',
          reason: '需要令牌 / connection_init carried no token',
        });
        return false;
      }
      try {
        const actor = await auth.verify(token);
        ctx.extra.actor = actor;
        if (actor.expiresAt !== undefined) {
          const timer = setTimeout(
            () => ctx.extra.socket?.close(TOKEN_EXPIRED_CLOSE, 'Token expired'),
            Math.max(0, actor.expiresAt * 1000 - Date.now()),
          );
          ctx.extra.socket?.once('close', () => clearTimeout(timer));
        }
        return true;
      } catch (error) {
        logDenial(deps.clock, deps.accessLog, undefined, 'subscription connect', error);
        return false;
      }
    },
    onSubscribe: (ctx: WsContext, _id, payload) => {
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: deps.limits.maxTokens });
      } catch (error) {
        return [
          new GraphQLError((error as Error).message, { extensions: { code: 'BAD_USER_INPUT' } }),
        ];
      }
      const operation = getOperationAST(document, payload.operationName);
      try {
        deps.rateLimiter.take(rateKey({ actor: ctx.extra.actor, req: ctx.extra.request }));
        if (operation)
          assertWithinLimits(
            measureOperation(document, operation, payload.variables ?? undefined),
            deps.limits,
          );
      } catch (error) {
        const denial = taizhangErrorIn(error);
        return [
          new GraphQLError((error as Error).message, {
            extensions: denial ? { code: denial.code, ...denial.details } : {},
          }),
        ];
      }
      return undefined;
    },
    onError: (ctx: WsContext, _id, _payload, errors) => {
      for (const e of errors)
        logDenial(deps.clock, deps.accessLog, ctx.extra.actor, 'subscription ledgerEntries', e);
      return errors.map((e) => formatError(e.toJSON(), e));
    },
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors
        ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
        : undefined,
  };
  // Nest's type lists only some graphql-ws hooks; it passes all of them to graphql-ws's useServer.
  return hooks as unknown as GraphQLWsSubscriptionsConfig;
}
