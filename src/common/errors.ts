/**
 * One error hierarchy with stable codes. Messages are Chinese first, English after the slash, so the
 * same text serves an inspection office clerk and an integrator; the GraphQL formatter maps `code` to
 * `extensions.code` in one place.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'INTERNAL';

/** The HTTP status each code answers with on plain HTTP routes (file import and export). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export class TaizhangError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly zh: string,
    readonly en: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${zh} / ${en}`);
    this.name = new.target.name;
  }
}

export class BadInputError extends TaizhangError {
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('BAD_USER_INPUT', zh, en, details);
  }
}

export class NotFoundError extends TaizhangError {
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('NOT_FOUND', zh, en, details);
  }
}

export class ForbiddenError extends TaizhangError {
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('FORBIDDEN', zh, en, details);
  }
}

export class UnauthenticatedError extends TaizhangError {
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('UNAUTHENTICATED', zh, en, details);
  }
}

export class InvalidTransitionError extends TaizhangError {
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('INVALID_TRANSITION', zh, en, details);
  }
}

/** A stale expected revision: somebody else wrote to the stream first. Never a silent overwrite. */
export class ConcurrencyError extends TaizhangError {
  constructor(
    readonly streamId: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      'CONFLICT',
      `版本冲突：${streamId} 期望版本 ${expected}，实际版本 ${actual}；请重新读取后再提交`,
      `Conflict: ${streamId} expected revision ${expected} but it is at ${actual}; re-read and retry`,
      { streamId, expected, actual },
    );
  }
}

export const isTaizhangError = (e: unknown): e is TaizhangError => e instanceof TaizhangError;
