import type { Actor } from '../common/actor.js';

const actors = new WeakMap<object, Actor>();

/**
 * The verified actor of an HTTP request, kept beside the request (not on it) for whoever reports on
 * the request once it is answered: the request log names the actor's subject, never the token.
 */
export function rememberActor(req: object, actor: Actor | undefined): void {
  if (actor) actors.set(req, actor);
}

export function requestActor(req: object): Actor | undefined {
  return actors.get(req);
}
