import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { isTaizhangError, type ErrorCode } from '../common/errors.js';

/** Apollo's own codes for requests that never reached a resolver; all are the caller's to fix. */
const CALLER_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

const OUR_CODES = new Set<string>([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_TRANSITION',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
] satisfies ErrorCode[]);

/**
 * The one place errors become GraphQL errors: domain errors keep their code and bilingual message,
 * the caller's mistakes become BAD_USER_INPUT, and anything else is INTERNAL with no stack or path.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (isTaizhangError(original)) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: {
        code: original.code,
        messageZh: original.zh,
        messageEn: original.en,
        ...original.details,
      },
    };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (OUR_CODES.has(code)) {
    const { http: _http, stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { message: formatted.message, path: formatted.path, extensions };
  }
  if (CALLER_CODES.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', reason: code },
    };
  }
  console.error('[graphql] internal error', original);
  return {
    message: '服务器内部错误，已记录 / Internal server error; it has been logged',
    path: formatted.path,
    extensions: { code: 'INTERNAL' },
  };
}
