import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { join } from 'node:path';
import { AccountabilityModule } from './accountability/accountability.module.js';
import { ComplaintsModule } from './complaints/complaints.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CollectionModule } from './collection/collection.module.js';
import { AuthService } from './auth/auth.service.js';
import { graphqlContext } from './auth/graphql-context.js';
import { CLOCK, type Clock } from './common/clock.js';
import { CommandsModule } from './commands/commands.module.js';
import { ConsoleModule } from './console/console.module.js';
import { formatError } from './edge/graphql-errors.js';
import { SCHEMA_DIR } from './common/paths.js';
import { scalarResolvers } from './edge/scalars.js';
import { CONFIG, type Config } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { EdgeModule } from './edge/edge.module.js';
import { EventStoreModule } from './event-store/event-store.module.js';
import { LedgerModule } from './ledger/ledger.module.js';
import { InspectionsModule } from './inspections/inspections.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { UnitsModule } from './units/units.module.js';
import { NationalModule } from './national/national.module.js';
import { DemoModule } from './demo/demo.module.js';
import { DisclosureModule } from './disclosure/disclosure.module.js';
import { ExchangeModule } from './exchange/exchange.module.js';
import { NodeModule } from './node/node.module.js';
import { OpsModule } from './ops/ops.module.js';
import { ReadSideModule } from './read-side/read-side.module.js';
import { AccessLog } from './security/access-log.js';
import { introspectionCache } from './security/introspection-cache.js';
import { RateLimiter } from './security/rate-limiter.js';
import { SecurityModule } from './security/security.module.js';
import { securityPlugin, type SecurityDeps } from './security/security.plugin.js';
import { GraphqlWsServer } from './subscriptions/ws-options.js';
import { VerificationModule } from './verification/api/verification.module.js';

/** Domain modules, each a folder under src/. */
const domainModules = [
  LedgerModule,
  AccountabilityModule,
  ComplaintsModule,
  TasksModule,
  InspectionsModule,
  DemoModule,
  ExchangeModule,
  DisclosureModule,
  NodeModule,
  VerificationModule,
  CollectionModule,
  UnitsModule,
  NationalModule,
  ConsoleModule,
];

export interface AppOptions {
  readonly clock?: Clock;
}

/** The one place that wires modules together. */
@Module({})
export class AppModule {
  /** What every process needs to send commands: settings, store, access log, the command path. */
  private static core(config: Config, clock?: Clock) {
    return [
      ConfigModule.forRoot(config, clock),
      EventStoreModule,
      AuthModule,
      SecurityModule,
      CommandsModule,
    ];
  }

  /**
   * The command line's context (import and other writing commands): the same command path as the
   * API, with its guards, clock and access log, and no HTTP server or read side.
   */
  static forCommandLine(config: Config): DynamicModule {
    return { module: AppModule, imports: AppModule.core(config) };
  }

  static forRoot(config: Config, options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      providers: [GraphqlWsServer],
      imports: [
        ...AppModule.core(config, options.clock),
        ReadSideModule,
        EdgeModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuthService, AccessLog, RateLimiter, CONFIG, CLOCK],
          useFactory: (
            auth: AuthService,
            accessLog: AccessLog,
            rateLimiter: RateLimiter,
            appConfig: Config,
            clock: Clock,
          ) => {
            const security: SecurityDeps = {
              limits: appConfig.limits,
              accessLog,
              rateLimiter,
              clock,
            };
            return {
              typePaths: [join(SCHEMA_DIR, '*.graphql')],
              resolvers: scalarResolvers,
              // GraphiQL and the Playground load from a CDN, unreachable for many users: off.
              playground: false,
              graphiql: false,
              includeStacktraceInErrorResponses: false,
              formatError,
              // Hardened surface (docs/security.md): both are Apollo's defaults, stated so they stay on/off.
              csrfPrevention: true,
              allowBatchedHttpRequests: false,
              // Apollo turns introspection off when NODE_ENV=production; the security plugin allows it
              // for authenticated callers only, in every environment.
              introspection: true,
              parseOptions: { maxTokens: appConfig.limits.maxTokens },
              plugins: [securityPlugin(security), introspectionCache()],
              context: graphqlContext(auth),
              // Subscriptions: graphql-ws behind the WebSocket edge's limits, see GraphqlWsServer.
            };
          },
        }),
        ...domainModules,
        OpsModule.forRoot(config),
      ],
    };
  }
}
