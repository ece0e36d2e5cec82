import { UnauthenticatedError } from '../common/errors.js';
import type { Actor } from '../common/actor.js';

/** The GraphQL context: the verified actor, if the request carried a valid token. */
export interface RequestContext {
  readonly actor?: Actor;
  /** Why the token was refused, if it was: raised by whatever needs the actor. */
  readonly authError?: UnauthenticatedError;
}

export function requireActor(context: RequestContext): Actor {
  if (context.authError) throw context.authError;
  if (!context.actor) {
    throw new UnauthenticatedError(
      '需要登录：请在 Authorization 头中提供 Bearer 令牌',
      'Authentication required: send Authorization: Bearer <token>',
    );
  }
  return context.actor;
}
