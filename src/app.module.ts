import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import { AuthModule } from './auth/auth.module.js';
import { AuthService } from './auth/auth.service.js';
import type { RequestContext } from './auth/request-context.js';
import type { Clock } from './common/clock.js';
import { PassToGraphqlFilter } from './common/graphql-exception.filter.js';
import { CommandsModule } from './commands/commands.module.js';
import { formatError } from './common/graphql-errors.js';
import { UnauthenticatedError } from './common/errors.js';
import { SCHEMA_DIR } from './common/paths.js';
import { scalarResolvers } from './common/scalars.js';
import type { Config } from './config/config.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { LedgerModule } from './ledger/ledger.module.js';

/** Domain modules, each a folder under src/. */
const domainModules = [LedgerModule];

export interface AppOptions {
  readonly clock?: Clock;
}

/** The one place that wires modules together. */
@Module({})
export class AppModule {
  static forRoot(config: Config, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: APP_FILTER, useClass: PassToGraphqlFilter }],
      imports: [
        EventStoreModule.forRoot(config, options.clock),
        AuthModule,
        CommandsModule,
        CqrsModule.forRoot(),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService],
          useFactory: (auth: AuthService) => ({
            typePaths: [join(SCHEMA_DIR, '*.graphql')],
            resolvers: scalarResolvers,
            // GraphiQL and the Playground load from a CDN, unreachable for many users: off.
            playground: false,
            graphiql: false,
            includeStacktraceInErrorResponses: false,
            formatError,
            context: async ({
              req,
            }: {
              req: { headers: Record<string, unknown> };
            }): Promise<RequestContext> => {
              // A bad token is reported by the first resolver that needs the actor, with its code:
              // an error thrown here would reach clients as Apollo's generic context failure.
              try {
                return { actor: await auth.authenticate(req.headers.authorization) };
              } catch (error) {
                if (error instanceof UnauthenticatedError) return { authError: error };
                throw error;
              }
            },
          }),
        }),
        ...domainModules,
      ],
    };
  }
}
