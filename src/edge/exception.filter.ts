import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import type { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import { HTTP_STATUS, isTaizhangError } from '../common/errors.js';

interface Reply {
  headersSent: boolean;
  status(code: number): Reply;
  json(body: unknown): void;
}

/**
 * One filter for every error a handler throws. In GraphQL it hands the error on untouched, so
 * `formatError` maps it in one place (and Nest does not log expected refusals as crashes). On plain
 * HTTP routes (file import and export, the SDL file) it answers with the same JSON error shape and a
 * fitting status, never a stack.
 */
@Catch()
export class PassToGraphqlFilter implements GqlExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    const reply = host.switchToHttp().getResponse<Reply>();
    if (reply.headersSent) return undefined;
    if (isTaizhangError(error)) {
      reply.status(HTTP_STATUS[error.code]).json({
        errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }],
      });
    } else if (error instanceof HttpException && error.getStatus() < 500) {
      reply.status(error.getStatus()).json({
        errors: [
          {
            message: error.message,
            extensions: { code: error.getStatus() === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT' },
          },
        ],
      });
    } else {
      console.error('[http] internal error', error);
      reply.status(500).json({
        errors: [
          {
            message: '服务器内部错误，已记录 / Internal server error; it has been logged',
            extensions: { code: 'INTERNAL' },
          },
        ],
      });
    }
    return undefined;
  }
}
