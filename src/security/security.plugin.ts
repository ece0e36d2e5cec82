// Apollo runs as ESM inside Nest's driver: take its types from the ESM build, as the driver does.
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server' with {
  'resolution-mode': 'import',
};
import type { RequestContext } from '../auth/request-context.js';
import type { Clock } from '../common/clock.js';
import type { LimitsConfig } from '../config/config.js';
import type { AccessLog } from './access-log.js';
import { DENIAL_CODES, operationLabel, taizhangErrorIn, targetOf } from './denials.js';
import { assertWithinLimits, measureOperation } from './query-limits.js';
import type { RateLimiter } from './rate-limiter.js';
import { IntrospectionRefusedError, SubscriptionOverHttpError } from './security.errors.js';

export interface SecurityDeps {
  readonly limits: LimitsConfig;
  readonly rateLimiter: RateLimiter;
  readonly accessLog: AccessLog;
  readonly clock: Clock;
}

type Ctx = RequestContext & { req?: { ip?: string; socket?: { remoteAddress?: string } } };

/** Who a rate limit counts against: the actor, or the network address of an anonymous caller. */
export const rateKey = (ctx: Ctx): string =>
  ctx.actor
    ? `actor:${ctx.actor.id}`
    : `addr:${ctx.req?.ip ?? ctx.req?.socket?.remoteAddress ?? '?'}`;

const SUGGESTION = /\s*Did you mean[\s\S]*$/;

/**
 * The request-level rules of the hardened surface, in one Apollo plugin: rate limit, introspection
 * for authenticated callers only, depth/alias/cost limits, no field suggestions for anonymous
 * callers, and every UNAUTHENTICATED or FORBIDDEN answer written to the access log.
 */
export function securityPlugin(deps: SecurityDeps): ApolloServerPlugin<Ctx> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc: GraphQLRequestContext<Ctx>) {
          const ctx = rc.contextValue;
          deps.rateLimiter.take(rateKey(ctx));
          if (!rc.operation || !rc.document) return;
          if (rc.operation.operation === 'subscription') throw new SubscriptionOverHttpError();
          const measure = measureOperation(rc.document, rc.operation, rc.request.variables);
          if (measure.introspects && (!ctx.actor || ctx.authError))
            throw new IntrospectionRefusedError();
          assertWithinLimits(measure, deps.limits);
        },
        async didEncounterErrors(rc: GraphQLRequestContext<Ctx>) {
          for (const error of rc.errors ?? []) {
            const denial = taizhangErrorIn(error);
            if (!denial || !DENIAL_CODES.has(denial.code) || deps.accessLog.wasLogged(denial))
              continue;
            const rootField = error.path?.[0];
            deps.accessLog.refused(
              {
                actor: rc.contextValue.authError ? undefined : rc.contextValue.actor,
                operation: operationLabel(rc.operation, rootField, rc.operationName),
                target: targetOf(rc.operation, rootField, rc.request.variables),
              },
              denial,
            );
          }
        },
        async willSendResponse(rc: GraphQLRequestContext<Ctx>) {
          const ctx = rc.contextValue;
          const body = rc.response.body;
          if ((ctx.actor && !ctx.authError) || body?.kind !== 'single') return;
          const result = body.singleResult;
          if (result.errors) {
            result.errors = result.errors.map((e) =>
              SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
            );
          }
        },
      };
    },
  };
}
