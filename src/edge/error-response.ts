import { HttpException } from '@nestjs/common';
import { HTTP_STATUS, isTaizhangError } from '../common/errors.js';
import { RateLimitedError } from '../security/security.errors.js';

/** An error as every plain-HTTP route answers it: status, headers and the GraphQL-shaped JSON body. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const INTERNAL = '服务器内部错误，已记录 / Internal server error; it has been logged';

/** What Express's body parser and similar middleware throw for the caller's mistakes. */
const PARSER_MESSAGES: Record<number, string> = {
  400: '请求体不是有效的 JSON / Request body is not valid JSON',
  413: '请求体过大 / Request body too large',
  415: '不支持的内容类型 / Unsupported content type or encoding',
};

const json = (message: string, extensions: Record<string, unknown>) =>
  JSON.stringify({ errors: [{ message, extensions }] });

/**
 * The one renderer of errors outside GraphQL (file routes, the SDL route, the body parser, the
 * address limit): our errors keep their code, details and status; the caller's mistakes are
 * BAD_USER_INPUT (or NOT_FOUND); anything else is INTERNAL, logged, and never shows a stack.
 */
export function errorResponse(error: unknown): ErrorResponse {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (isTaizhangError(error)) {
    if (error instanceof RateLimitedError) headers['retry-after'] = String(error.retryAfterSeconds);
    return {
      status: HTTP_STATUS[error.code],
      headers,
      body: json(error.message, { code: error.code, ...error.details }),
    };
  }
  if (error instanceof HttpException && error.getStatus() < 500) {
    const status = error.getStatus();
    const code = status === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT';
    return { status, headers, body: json(error.message, { code }) };
  }
  const parser = (error ?? {}) as { status?: number; statusCode?: number; type?: string };
  const status = parser.status ?? parser.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message = PARSER_MESSAGES[status] ?? '请求无效 / Bad request';
    return {
      status,
      headers,
      body: json(message, { code: 'BAD_USER_INPUT', reason: parser.type ?? String(status) }),
    };
  }
  console.error('[http] internal error', error);
  return { status: 500, headers, body: json(INTERNAL, { code: 'INTERNAL' }) };
}

/** Writes `errorResponse(error)` to a Node response that has not started. */
export function sendError(
  res: {
    statusCode: number;
    setHeader(name: string, value: string): unknown;
    end(body: string): unknown;
  },
  error: unknown,
): void {
  const answer = errorResponse(error);
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}
