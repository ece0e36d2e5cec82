import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/**
 * What opening the store needs of the configuration: plain values, so a worker thread is handed
 * them and opens a connection of its own (projections/apart.ts).
 */
export type StoreAddress = Pick<Config, 'eventStore' | 'dataDir' | 'kurrentdbUrl' | 'databaseUrl'>;

/** The one place that picks an adapter from configuration. */
export async function openEventStore(config: StoreAddress): Promise<EventStore> {
  if (config.eventStore === 'kurrentdb') {
    // Loaded only when chosen: the KurrentDB client brings a native addon the embedded case never needs.
    const { KurrentDbEventStore } = await import('./kurrentdb-event-store.js');
    return KurrentDbEventStore.connect(config.kurrentdbUrl!);
  }
  if (config.eventStore === 'postgres') {
    const { PostgresEventStore } = await import('./postgres-event-store.js');
    return PostgresEventStore.connect(config.databaseUrl!);
  }
  return new SqliteEventStore(join(config.dataDir, 'events.db'));
}
