import { Command } from '@nestjs/cqrs';
import type { LedgerEntryRow } from '../../projections/ledger.queries.js';
import type { Actor } from '../auth/actor.js';
import type { CommandOutcome } from '../common/command-pipeline.js';
import type { Decider, DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';

/** The fields every mutation input may carry besides its own. */
export interface CommandOptions {
  readonly commandId?: string | null;
  readonly expectedVersion?: number | null;
  readonly reason?: string | null;
  readonly correlationId?: string | null;
}

export interface ExecutedCommand<S> extends CommandOutcome<S> {
  /** The ledger entry of the last event the command wrote (or wrote the first time, on a retry). */
  readonly entry: LedgerEntryRow;
}

/**
 * Any domain's command on its way through the command bus: the decider that answers it, the record
 * it is for, who sends it and the options every mutation takes. One message type and one handler
 * serve every domain, because the pipeline (read, fold, decide, append) is the same for all.
 */
export class DomainCommand<S extends JsonObject, C, E extends DomainEvent> extends Command<
  ExecutedCommand<S>
> {
  constructor(
    readonly decider: Decider<S, C, E>,
    readonly id: string,
    readonly command: C,
    readonly actor: Actor,
    readonly options: CommandOptions = {},
  ) {
    super();
  }
}
