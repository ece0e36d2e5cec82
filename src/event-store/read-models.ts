import type { DatabaseSync } from 'node:sqlite';
import type { ProjectionRunner } from '../../projections/runner.js';
import type { Position } from './event-store.port.js';

/**
 * What resolvers need of the read side: the read-model database and read-your-writes. Wraps the
 * runner so resolvers cannot start, stop or rebuild projections.
 */
export class ReadModels {
  constructor(private readonly runner: ProjectionRunner) {}

  get db(): DatabaseSync {
    return this.runner.db;
  }

  get position(): Position {
    return this.runner.caughtUpTo;
  }

  /** Waits until the read models include `position` (bounded), e.g. a mutation's own events. */
  reach(position: Position, timeoutMs = 5000): Promise<void> {
    return this.runner.waitFor(position, timeoutMs);
  }
}
