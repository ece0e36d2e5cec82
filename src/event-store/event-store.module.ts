import { join } from 'node:path';
import {
  Global,
  Inject,
  Module,
  type OnApplicationShutdown,
  type DynamicModule,
} from '@nestjs/common';
import { allProjections } from '../../projections/index.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { CLOCK, systemClock, type Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { openEventStore } from './open-event-store.js';
import { ReadModels } from './read-models.js';

export const PROJECTION_RUNNER = Symbol('PROJECTION_RUNNER');

/** Store, clock and read models for the whole app: the I/O edge every domain module uses. */
@Global()
@Module({})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  static forRoot(config: Config, clock: Clock = systemClock): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => openEventStore(config) },
        {
          provide: PROJECTION_RUNNER,
          inject: [EVENT_STORE],
          useFactory: async (store: EventStore) => {
            const runner = new ProjectionRunner(
              store,
              allProjections(),
              join(config.dataDir, 'readmodels.db'),
              { onError: (e) => console.error('[projections]', e) },
            );
            await runner.catchUp();
            runner.start();
            return runner;
          },
        },
        {
          provide: ReadModels,
          inject: [PROJECTION_RUNNER],
          useFactory: (runner: ProjectionRunner) => new ReadModels(runner),
        },
      ],
      exports: [CONFIG, CLOCK, EVENT_STORE, ReadModels, PROJECTION_RUNNER],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
    this.runner.close();
    await this.store.close();
  }
}
