import {
  createParamDecorator,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import type { Actor } from '../common/actor.js';

const PUBLIC = Symbol('taizhang:public');

/** A root field anyone may call without a token (health, `me`, the sanction catalogue). */
export const Public = (): MethodDecorator => SetMetadata(PUBLIC, true);

/**
 * The one authentication check of the GraphQL API: every root query, mutation and subscription
 * needs a verified actor unless it is marked `@Public()`. A refused token answers with why it was
 * refused (expired, wrong issuer...). File routes authenticate at the HTTP edge the same way.
 */
@Injectable()
export class ActorGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true;
    if (this.reflector.get<boolean>(PUBLIC, context.getHandler())) return true;
    requireActor(GqlExecutionContext.create(context).getContext<RequestContext>());
    return true;
  }
}

/** The verified actor of the request (the guard has made sure there is one). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor =>
  requireActor(GqlExecutionContext.create(context).getContext<RequestContext>()),
);
