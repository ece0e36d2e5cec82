import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  subscribe,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { Server } from 'node:http';
import type { Actor } from '../common/actor.js';
import { AuthService } from '../auth/auth.service.js';
import { graphqlContext } from '../auth/graphql-context.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { UnauthenticatedError } from '../common/errors.js';
import { formatError } from '../edge/graphql-errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { AccessLog } from '../security/access-log.js';
import { addressOf, withClientAddress } from '../security/client-address.js';
import { DENIAL_CODES, taizhangErrorIn } from '../security/denials.js';
import { assertWithinLimits, measureOperation } from '../security/query-limits.js';
import { AddressRateLimiter, RateLimiter } from '../security/rate-limiter.js';
import { CapacityExceededError } from '../security/security.errors.js';
import { rateKey, type SecurityDeps } from '../security/security.plugin.js';
import { tooManyConnections, WsEdge, type WsExtra } from '../security/ws-edge.js';

type Params = Record<string, unknown> | undefined;
/** What the connection keeps between messages: the socket and upgrade request, and the actor. */
type Extra = WsExtra & { actor?: Actor };
type WsContext = Context<Params, Extra>;

/** `{ authorization: "Bearer <jwt>" }` or `{ token: "<jwt>" }` in the connection_init payload. */
function tokenFrom(params: Params): string | undefined {
  const auth = params?.authorization ?? params?.Authorization;
  if (typeof auth === 'string') return auth.replace(/^Bearer\s+/i, '');
  return typeof params?.token === 'string' ? params.token : undefined;
}

/** Close code for "token expired" (graphql-ws uses 4401 for Unauthorized). */
export const TOKEN_EXPIRED_CLOSE = 4401;
/** Close code for "too many connections for this actor" (graphql-ws's "too many" code). */
export const TOO_MANY_CONNECTIONS_CLOSE = 4429;

/** The operation's address travels with its execution, so refusals inside it are logged with it. */
const withAddressOf =
  <T>(run: (args: ExecutionArgs) => T) =>
  (args: ExecutionArgs): T =>
    withClientAddress((args.contextValue as { address: string }).address, () => run(args));

/**
 * graphql-ws options: authenticate at connection_init with the token from the connection parameters
 * (refused: 4403), cap connections per actor (4429), close the socket when the token expires (4401),
 * cap operations per connection, apply the same rate limit and query limits as HTTP, and format
 * errors the way formatError does for HTTP. Refusals go to the access log with the client address.
 */
export function graphqlWsOptions(
  auth: AuthService,
  deps: SecurityDeps,
  schema: GraphQLSchema,
): ServerOptions<Params, Extra> {
  const perActor = new Map<string, number>();
  const context = graphqlContext(auth);
  const log = (ctx: WsContext, operation: string, error: unknown) => {
    const refusal = taizhangErrorIn(error);
    if (!refusal || !(DENIAL_CODES.has(refusal.code) || refusal.code === 'RATE_LIMITED')) return;
    deps.accessLog.refused(
      { actor: ctx.extra.actor, address: addressOf(ctx.extra.request), operation },
      refusal,
    );
  };
  const refusedConnection = (ctx: WsContext, error: unknown): false => {
    log(ctx, 'subscription connect', error);
    return false;
  };
  const countConnection = (ctx: WsContext, actor: Actor): boolean => {
    const open = perActor.get(actor.id) ?? 0;
    if (open >= deps.limits.wsConnectionsPerActor) return false;
    perActor.set(actor.id, open + 1);
    ctx.extra.socket.once('close', () => {
      const left = (perActor.get(actor.id) ?? 1) - 1;
      if (left > 0) perActor.set(actor.id, left);
      else perActor.delete(actor.id);
    });
    return true;
  };
  return {
    schema,
    context: async (ctx: WsContext) => ({
      ...(await context(ctx)),
      address: addressOf(ctx.extra.request),
    }),
    execute: withAddressOf(execute),
    subscribe: withAddressOf(subscribe),
    onConnect: async (ctx: WsContext) => {
      const token = tokenFrom(ctx.connectionParams);
      if (!token) {
        return refusedConnection(
          ctx,
          new UnauthenticatedError('需要令牌', 'connection_init carried no token'),
        );
      }
      let actor: Actor;
      try {
        actor = await auth.verify(token);
      } catch (error) {
        return refusedConnection(ctx, error);
      }
      ctx.extra.actor = actor;
      if (!countConnection(ctx, actor)) {
        const error = tooManyConnections('actor', deps.limits.wsConnectionsPerActor);
        refusedConnection(ctx, error);
        ctx.extra.socket.close(TOO_MANY_CONNECTIONS_CLOSE, 'Too many connections for this actor');
        return false;
      }
      if (actor.expiresAt !== undefined) {
        const timer = setTimeout(
          () => ctx.extra.socket.close(TOKEN_EXPIRED_CLOSE, 'Token expired'),
          Math.max(0, actor.expiresAt * 1000 - Date.now()),
        );
        ctx.extra.socket.once('close', () => clearTimeout(timer));
      }
      return true;
    },
    onSubscribe: (ctx: WsContext, _id, payload) => {
      let document: DocumentNode;
      try {
        deps.rateLimiter.take(rateKey({ actor: ctx.extra.actor, req: ctx.extra.request }));
        // graphql-ws has already entered this operation in `subscriptions`.
        const running = Object.keys(ctx.subscriptions).length;
        const max = deps.limits.wsSubscriptionsPerConnection;
        if (running > max) {
          throw new CapacityExceededError(
            `同一连接上同时进行的订阅过多（上限 ${max}）`,
            `Too many operations at once on this connection (at most ${max})`,
            'subscriptionsPerConnection',
            max,
          );
        }
        document = parse(payload.query, { maxTokens: deps.limits.maxTokens });
        const operation = getOperationAST(document, payload.operationName);
        if (operation)
          assertWithinLimits(
            measureOperation(document, operation, payload.variables ?? undefined),
            deps.limits,
          );
      } catch (error) {
        const refusal = taizhangErrorIn(error);
        log(ctx, 'subscription subscribe', error);
        return [
          new GraphQLError((error as Error).message, {
            extensions: refusal
              ? { code: refusal.code, ...refusal.details }
              : { code: 'BAD_USER_INPUT' },
          }),
        ];
      }
      return undefined;
    },
    onError: (ctx: WsContext, _id, _payload, errors) => {
      for (const e of errors) log(ctx, 'subscription ledgerEntries', e);
      return errors.map((e) => formatError(e.toJSON(), e));
    },
    onNext: (_ctx, _id, _payload, _args, result) =>
      result.errors
        ? { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) }
        : undefined,
  };
}

/**
 * The GraphQL WebSocket endpoint (`/graphql`, graphql-ws protocol), started once the schema is built,
 * behind the transport limits of the WebSocket edge (src/security/ws-edge.ts).
 */
@Injectable()
export class GraphqlWsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private edge?: WsEdge;
  /** Connections past connection_init: their running operations are what `openOperations` counts. */
  private readonly connected = new Set<WsContext>();

  constructor(
    private readonly auth: AuthService,
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    private readonly accessLog: AccessLog,
    private readonly rateLimiter: RateLimiter,
    private readonly addressLimiter: AddressRateLimiter,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    const { schema } = this.moduleRef.get(GraphQLSchemaHost, { strict: false });
    const { limits } = this.config;
    const { accessLog, clock } = this;
    const options = graphqlWsOptions(
      this.auth,
      { limits, accessLog, clock, rateLimiter: this.rateLimiter },
      schema,
    );
    const onConnect = options.onConnect!;
    options.onConnect = async (ctx: WsContext) => {
      const accepted = await onConnect(ctx);
      if (accepted !== false) {
        this.connected.add(ctx);
        ctx.extra.socket.once('close', () => this.connected.delete(ctx));
      }
      return accepted;
    };
    this.edge = new WsEdge(
      this.adapterHost.httpAdapter.getHttpServer() as Server,
      '/graphql',
      options,
      limits,
      { limiter: this.addressLimiter, accessLog, clock },
    );
  }

  /** WebSocket connections open now (authenticated or not yet). */
  openConnections(): number {
    return this.edge?.openConnections ?? 0;
  }

  /** Subscriptions (and other operations) running on WebSocket connections now. */
  openOperations(): number {
    let n = 0;
    for (const ctx of this.connected) n += Object.keys(ctx.subscriptions).length;
    return n;
  }

  /** Closes every connection with a reason (1001, going away) and takes no new ones: a shutdown. */
  async closeAll(reason: string): Promise<void> {
    await this.edge?.closeClients(GOING_AWAY_CLOSE, reason);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.edge?.close();
  }
}

/** RFC 6455 1001: the server is going away (shutting down). */
export const GOING_AWAY_CLOSE = 1001;
