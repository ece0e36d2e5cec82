import { Command } from '@nestjs/cqrs';
import type { Actor } from '../common/actor.js';
import type { Decider, DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import type { CommandOutcome } from './command-pipeline.js';

/** The fields every mutation input may carry besides its own. */
export interface CommandOptions {
  readonly commandId?: string | null;
  readonly expectedVersion?: number | null;
  readonly reason?: string | null;
  readonly correlationId?: string | null;
}

/** Options only code inside the app may set; no request reaches them. */
export interface InternalOptions extends CommandOptions {
  /**
   * The time to record instead of the clock's: only the demo loader sets it, so that its story's
   * dates make `asOf` queries tell the story.
   */
  readonly recordedAt?: string;
}

/**
 * A command on its way over @nestjs/cqrs's CommandBus: the record it is for, the command, who
 * sends it and the options every command takes. Each domain's family (tasks, inspections, cases,
 * disclosures) is a subclass naming its decider, so the bus routes it to that family's handler.
 */
export abstract class DomainCommand<S extends JsonObject, C, E extends DomainEvent> extends Command<
  CommandOutcome<S>
> {
  abstract readonly decider: Decider<S, C, E>;

  constructor(
    readonly id: string,
    readonly command: C,
    /** Undefined when the entry point has no actor: the guards refuse it, and log the refusal. */
    readonly actor: Actor | undefined,
    readonly options: InternalOptions = {},
  ) {
    super();
  }
}
