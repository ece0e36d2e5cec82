import { UnauthenticatedError } from '../common/errors.js';
import type { Actor } from '../common/actor.js';
import type { AuthService } from './auth.service.js';
import { rememberActor } from './request-actor.js';
import type { RequestContext } from './request-context.js';

/** What the context function receives: an HTTP request, or a graphql-ws connection context. */
type ContextArgument =
  | { req: { headers: Record<string, unknown> } }
  | { connectionParams?: unknown; extra: { actor?: Actor } };

/**
 * The GraphQL context for HTTP and WebSocket alike. HTTP: the actor of the Authorization header.
 * WebSocket: the actor authenticated at connection_init (see ws-options). A bad token is reported by
 * the first resolver that needs the actor, with its code: an error thrown here would reach clients
 * as Apollo's generic context failure.
 */
export function graphqlContext(auth: AuthService) {
  return async (arg: ContextArgument): Promise<RequestContext> => {
    if ('extra' in arg && !('req' in arg)) return { actor: arg.extra.actor };
    try {
      const { req } = arg as { req: { headers: Record<string, unknown> } };
      const actor = await auth.authenticate(req.headers.authorization);
      rememberActor(req, actor);
      return { actor };
    } catch (error) {
      if (error instanceof UnauthenticatedError) return { authError: error };
      throw error;
    }
  };
}
