interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
}

interface Res {
  headersSent: boolean;
  status(code: number): Res;
  json(body: unknown): void;
}

const MESSAGES: Record<number, string> = {
  400: '请求体不是有效的 JSON / Request body is not valid JSON',
  413: '请求体过大 / Request body too large',
  415: '不支持的内容类型 / Unsupported content type or encoding',
};

/**
 * Express error handler for failures before GraphQL sees the request (the body parser): a JSON
 * GraphQL-style error with a code, the parser's status for the caller's mistakes, never a stack.
 */
export function httpErrorsAsJson(
  error: unknown,
  _req: unknown,
  res: Res,
  next: (e?: unknown) => void,
): void {
  if (res.headersSent) return next(error);
  const e = (error ?? {}) as HttpError;
  const status = e.status ?? e.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    res.status(status).json({
      errors: [
        {
          message: MESSAGES[status] ?? '请求无效 / Bad request',
          extensions: {
            code: 'BAD_USER_INPUT',
            reason: e.type ?? String(status),
          },
        },
      ],
    });
    return;
  }
  console.error('[http] internal error', error);
  res.status(500).json({
    errors: [
      {
        message: '服务器内部错误，已记录 / Internal server error; it has been logged',
        extensions: { code: 'INTERNAL' },
      },
    ],
  });
}
