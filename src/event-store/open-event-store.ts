import { join } from 'node:path';
import type { Config } from '../config/config.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite-event-store.js';

/** The one place that picks an adapter from configuration. */
export async function openEventStore(config: Config): Promise<EventStore> {
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
