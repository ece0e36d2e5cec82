import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { eventStoreContract } from './event-store.contract.js';

const dir = tempDir('sqlite-contract');
afterAll(() => dir.remove());

// A private file per run (durable, as in production), so store-wide facts are asserted too.
eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir.path, 'events.db')), {
  uniquePrefix: false,
});
