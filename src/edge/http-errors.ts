import type { ServerResponse } from 'node:http';
import { sendError } from './error-response.js';

/**
 * Express error handler for failures before GraphQL or a route sees the request (the body parser):
 * answered by the one HTTP error renderer, the parser's status for the caller's mistakes.
 */
export function httpErrorsAsJson(
  error: unknown,
  _req: unknown,
  res: ServerResponse,
  next: (e?: unknown) => void,
): void {
  if (res.headersSent) return next(error);
  sendError(res, error);
}
