import { TaizhangError } from '../common/errors.js';

/**
 * Refusals raised before execution (in Apollo plugin hooks). Apollo wraps anything it did not create
 * in its own GraphQLError, copying `extensions` from the original: that is how the code and the HTTP
 * status reach the client (without it, a refused request would be answered with 500).
 */
abstract class RefusalBeforeExecution extends TaizhangError {
  abstract readonly httpStatus: number;
  get extensions(): Record<string, unknown> {
    return {
      code: this.code,
      messageZh: this.zh,
      messageEn: this.en,
      ...this.details,
      http: { status: this.httpStatus, headers: this.headers() },
    };
  }
  protected headers(): Map<string, string> {
    return new Map();
  }
}

export class QueryTooComplexError extends RefusalBeforeExecution {
  readonly httpStatus = 400;
  constructor(zh: string, en: string, details: Record<string, unknown>) {
    super('QUERY_TOO_COMPLEX', zh, en, details);
  }
}

export class RateLimitedError extends RefusalBeforeExecution {
  readonly httpStatus = 429;
  constructor(readonly retryAfterSeconds: number) {
    super(
      'RATE_LIMITED',
      `请求过于频繁，请 ${retryAfterSeconds} 秒后重试`,
      `Too many requests; retry in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  }
  protected override headers(): Map<string, string> {
    return new Map([['retry-after', String(this.retryAfterSeconds)]]);
  }
}

/**
 * Too much at once rather than too often: connections or subscriptions over a cap. RATE_LIMITED like
 * the rate limit (HTTP 429), naming the limit and its value; no retry time, it depends on the caller.
 */
export class CapacityExceededError extends RefusalBeforeExecution {
  readonly httpStatus = 429;
  constructor(zh: string, en: string, limit: string, max: number) {
    super('RATE_LIMITED', zh, en, { limit, max });
  }
}

export class IntrospectionRefusedError extends RefusalBeforeExecution {
  readonly httpStatus = 401;
  constructor() {
    super(
      'UNAUTHENTICATED',
      '查询模式（introspection）需要登录',
      'Introspection needs a bearer token',
    );
  }
}

export class SubscriptionOverHttpError extends RefusalBeforeExecution {
  readonly httpStatus = 400;
  constructor() {
    super(
      'BAD_USER_INPUT',
      '订阅须通过 WebSocket（graphql-ws 协议）连接 /graphql',
      'Subscriptions go over WebSocket (graphql-ws protocol) at /graphql, not HTTP',
    );
  }
}
