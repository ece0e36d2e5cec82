import { join } from 'node:path';
import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { apartInWorker } from '../../projections/apart.js';
import { allProjections } from '../../projections/index.js';
import { ReactorRunner } from '../../projections/reactors.js';
import { ReadModels } from '../../projections/read-models.js';
import {
  CATCH_UP_BATCH,
  DEFER_INDEXES_BEHIND,
  ProjectionRunner,
} from '../../projections/runner.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');

/**
 * The read side of this replica: the projection runner over its own `readmodels.db`, the typed
 * queries the API reads through, and the reactors that follow it. Projections are caught up before
 * the app answers; reactors start once the app has bootstrapped (see `createApp`), so what the app
 * does at start (the demo's story) is on record before any workflow reacts to it.
 */
@Global()
@Module({
  providers: [
    {
      provide: PROJECTION_RUNNER,
      inject: [EVENT_STORE, CONFIG],
      useFactory: async (store: EventStore, config: Config) => {
        const runner = new ProjectionRunner(
          store,
          allProjections(),
          join(config.dataDir, 'readmodels.db'),
          // Live batches stay small; the catch-up before listening (a read model whose version
          // changed) writes each task's state once a transaction of CATCH_UP_BATCH events.
          {
            onError: (e) => console.error('[projections]', e),
            catchUpBatch: CATCH_UP_BATCH,
            // A ledger far behind (its version changed) catches up in a worker thread.
            apart: apartInWorker(config),
          },
        );
        // Before the app listens: a read model far behind (its version changed) makes its indexes
        // once at the end, as a rebuild does.
        await runner.resume(DEFER_INDEXES_BEHIND);
        runner.start();
        return runner;
      },
    },
    {
      provide: ReadModels,
      inject: [PROJECTION_RUNNER],
      useFactory: (runner: ProjectionRunner) => new ReadModels(runner),
    },
    {
      provide: ReactorRunner,
      inject: [EVENT_STORE, PROJECTION_RUNNER],
      useFactory: (store: EventStore, runner: ProjectionRunner) =>
        new ReactorRunner(store, runner, runner.db, (name, e) =>
          console.error(`[reactor ${name}]`, e instanceof Error ? e.message : e),
        ),
    },
  ],
  exports: [PROJECTION_RUNNER, ReadModels, ReactorRunner],
})
export class ReadSideModule implements OnApplicationShutdown {
  constructor(
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    private readonly reactors: ReactorRunner,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.reactors.stop();
    await this.runner.stop();
    this.runner.close();
  }
}
