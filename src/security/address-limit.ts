import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../common/clock.js';
import type { AccessLog } from './access-log.js';
import { sendError } from '../edge/error-response.js';
import { addressOf, withClientAddress } from './client-address.js';
import type { TokenBuckets } from './rate-limiter.js';
import { RateLimitedError } from './security.errors.js';

export interface AddressLimitDeps {
  readonly limiter: TokenBuckets;
  readonly accessLog: AccessLog;
  readonly clock: Clock;
}

const ADDRESS_LIMIT_REASON = '同一地址请求过于频繁 / Too many requests from this address';

/**
 * Takes one token from the caller's address bucket, before anything of the request is read (body,
 * token, query). Refused: RATE_LIMITED written to the access log (identical refusals collapse into one
 * row), and the error returned for the caller to answer with; otherwise undefined.
 */
export function refuseOverAddressLimit(
  deps: AddressLimitDeps,
  req: IncomingMessage,
  operation: string,
): RateLimitedError | undefined {
  const address = addressOf(req);
  try {
    deps.limiter.take(`addr:${address}`);
    return undefined;
  } catch (error) {
    if (!(error instanceof RateLimitedError)) throw error;
    deps.accessLog.refused(
      // Not the message: its retry time changes every second, and identical refusals should collapse.
      { address, operation, reason: ADDRESS_LIMIT_REASON },
      error,
    );
    return error;
  }
}

/**
 * Express middleware, first in the chain: the per-address limit for every HTTP route (GraphQL,
 * files, the SDL), so a garbage token, a body that does not parse and a query that does not validate
 * all count. 429 with Retry-After past it.
 */
export function addressLimit(deps: AddressLimitDeps) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = (req.url ?? '').split('?')[0];
    const refused = refuseOverAddressLimit(deps, req, `http ${req.method} ${path}`.slice(0, 200));
    if (!refused) return next();
    sendError(res, refused);
  };
}

/**
 * Express middleware after the body parser: the rest of the request runs knowing its caller's
 * address, so every refusal it writes to the access log carries it (see client-address.ts).
 */
export function clientAddressScope(req: IncomingMessage, _res: ServerResponse, next: () => void) {
  withClientAddress(addressOf(req), next);
}
