import type { DatabaseSync } from 'node:sqlite';
import type { Position } from '../src/event-store/event-store.port.js';
import { caseQueries, type CaseQueries } from './accountability/index.js';
import { collectionQueries, type CollectionQueries } from './collection/index.js';
import { complaintQueries, type ComplaintQueries } from './complaints/index.js';
import { disclosureQueries, type DisclosureQueries } from './disclosure/index.js';
import { inspectionQueries, type InspectionQueries } from './inspections/index.js';
import { ledgerQueries, type LedgerQueries } from './ledger/index.js';
import { nationalQueries, type NationalQueries } from './national/index.js';
import type { ProjectionRunner } from './runner.js';
import { taskQueries, type TaskQueries } from './tasks/index.js';

/**
 * What the API reads: each domain's queries, bound to the read-model file, and read-your-writes.
 * Wraps the runner so callers cannot start, stop or rebuild projections.
 */
export class ReadModels {
  readonly ledger: LedgerQueries;
  readonly tasks: TaskQueries;
  readonly inspections: InspectionQueries;
  readonly cases: CaseQueries;
  readonly disclosures: DisclosureQueries;
  readonly collection: CollectionQueries;
  readonly complaints: ComplaintQueries;
  readonly national: NationalQueries;

  constructor(private readonly runner: ProjectionRunner) {
    const db = runner.db;
    this.ledger = ledgerQueries(db);
    this.tasks = taskQueries(db);
    this.inspections = inspectionQueries(db);
    this.cases = caseQueries(db);
    this.disclosures = disclosureQueries(db);
    this.collection = collectionQueries(db);
    this.complaints = complaintQueries(db);
    this.national = nationalQueries(db);
  }

  /**
   * The file itself, for the exchange's document builders, which read several read models at one
   * snapshot. Resolvers and controllers use the query objects above (lint keeps them to it).
   */
  get database(): DatabaseSync {
    return this.runner.db;
  }

  get position(): Position {
    return this.runner.caughtUpTo;
  }

  /**
   * Resolves once the read models are past `position` (at once if they are), or when `signal`
   * aborts: how a live reader sleeps until there may be something new.
   */
  waitPast(position: Position, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (this.runner.caughtUpTo > position || signal.aborted) return resolve();
      const done = () => {
        off();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const off = this.runner.onApplied((at) => {
        if (at > position) done();
      });
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Waits (bounded) until the read models include everything the store holds now. */
  async reachHead(timeoutMs = 5000): Promise<void> {
    return this.reach(await this.runner.head(), timeoutMs);
  }

  /** Waits until the read models include `position` (bounded), e.g. a mutation's own events. */
  reach(position: Position, timeoutMs = 5000): Promise<void> {
    return this.runner.waitFor(position, timeoutMs);
  }
}
