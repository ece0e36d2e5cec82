import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG } from '../config/config.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';
import { openEventStore } from './open-event-store.js';

/** The event store the configuration names, for the whole app; closed last at shutdown. */
@Global()
@Module({
  providers: [{ provide: EVENT_STORE, inject: [CONFIG], useFactory: openEventStore }],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
