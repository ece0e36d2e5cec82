import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { ProjectionRunner } from '../../projections/runner.js';
import type { Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { PROJECTION_RUNNER } from '../read-side/read-side.module.js';
import { VerificationModule } from '../verification/api/verification.module.js';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin.js';
import { HealthController } from './health.controller.js';
import { Lifecycle } from './lifecycle.js';
import { Metrics } from './metrics.js';
import { MetricsController, MetricsServer } from './metrics.endpoint.js';
import { ProjectionLag } from './projection-lag.js';

/**
 * Running the API beside other services (docs/operations.md): the probes, the metrics and where
 * they are served, the request gate that drains at shutdown.
 */
@Module({})
export class OpsModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: OpsModule,
      // Terminus's own failure log is off: a rebuild would log every probe; /readyz says why.
      imports: [TerminusModule.forRoot({ logger: false }), VerificationModule],
      controllers: [HealthController, ...(config.ops.metrics === 'api' ? [MetricsController] : [])],
      providers: [
        Lifecycle,
        {
          provide: ProjectionLag,
          inject: [EVENT_STORE, PROJECTION_RUNNER],
          useFactory: (store: EventStore, runner: ProjectionRunner) =>
            new ProjectionLag(store, runner),
        },
        Metrics,
        MetricsServer,
        GraphqlMetricsPlugin,
      ],
      exports: [Lifecycle, Metrics, MetricsServer],
    };
  }
}
