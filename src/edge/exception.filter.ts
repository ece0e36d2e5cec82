import { Catch, type ArgumentsHost } from '@nestjs/common';
import type { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { ServerResponse } from 'node:http';
import { sendError } from './error-response.js';

/**
 * One filter for every error a handler throws. In GraphQL it hands the error on untouched, so
 * `formatError` maps it in one place (and Nest does not log expected refusals as crashes). On plain
 * HTTP routes (file import and export, the SDL file) it answers through the one HTTP error renderer.
 */
@Catch()
export class PassToGraphqlFilter implements GqlExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return error;
    const reply = host.switchToHttp().getResponse<ServerResponse>();
    if (!reply.headersSent) sendError(reply, error);
    return undefined;
  }
}
