import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';

/**
 * Hands resolver errors to GraphQL untouched: `formatError` maps them in one place. Without this,
 * Nest logs every expected refusal (UNAUTHENTICATED, CONFLICT...) as an unhandled exception.
 */
@Catch()
export class PassToGraphqlFilter implements GqlExceptionFilter {
  catch(error: unknown): unknown {
    return error;
  }
}
