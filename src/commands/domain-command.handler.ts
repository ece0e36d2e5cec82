import { randomUUID } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ledgerEntryAt } from '../../projections/ledger.queries.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { runCommand } from '../common/command-pipeline.js';
import type { DomainEvent } from '../common/decider.js';
import { BadInputError, ForbiddenError, UnauthenticatedError } from '../common/errors.js';
import type { JsonObject } from '../common/json.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../event-store/read-models.js';
import { AccessLog } from '../security/access-log.js';
import { DomainCommand, type ExecutedCommand } from './domain-command.js';

const UUIDISH = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/**
 * The edge around the pure pipeline, as the command bus's handler of every domain command: stamps
 * time and ids, runs the command, logs a refusal, then waits until the read models include its events
 * so the caller reads its own write.
 */
@CommandHandler(DomainCommand)
export class DomainCommandHandler implements ICommandHandler<
  DomainCommand<JsonObject, unknown, DomainEvent>
> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly readModels: ReadModels,
    @Optional() private readonly accessLog?: AccessLog,
  ) {}

  async execute<S extends JsonObject, C, E extends DomainEvent>({
    decider,
    id,
    command,
    actor,
    options,
  }: DomainCommand<S, C, E>): Promise<ExecutedCommand<S>> {
    const commandId = options.commandId ?? randomUUID();
    if (!UUIDISH.test(commandId)) {
      throw new BadInputError(
        'commandId 格式无效',
        'commandId must be 1-128 letters, digits, . _ : -',
        {
          field: 'commandId',
        },
      );
    }
    if (
      options.expectedVersion != null &&
      !(Number.isInteger(options.expectedVersion) && options.expectedVersion >= 0)
    ) {
      throw new BadInputError(
        'expectedVersion 须为非负整数',
        'expectedVersion must be a non-negative integer',
        {
          field: 'expectedVersion',
        },
      );
    }
    if (options.reason != null && options.reason.length > 2000) {
      throw new BadInputError('原因过长（上限 2000 字）', 'reason is longer than 2000 characters', {
        field: 'reason',
      });
    }
    if (!actor?.id || !actor.roles?.length) {
      // No event without an actor: a resolver that forgot requireActor must not write anonymously.
      throw new UnauthenticatedError('写入需要登录', 'Writing needs an authenticated actor');
    }
    const streamId = decider.streamPrefix + id;
    const at = this.clock.now().toISOString();
    let outcome: Awaited<ReturnType<typeof runCommand<S, C, E>>>;
    try {
      outcome = await runCommand(this.store, decider, {
        streamId,
        command,
        commandId,
        correlationId: options.correlationId ?? undefined,
        expectedVersion: options.expectedVersion ?? undefined,
        meta: { actor, at, reason: options.reason ?? undefined },
      });
    } catch (error) {
      // A refusal writes nothing to the record; it is kept in the access log instead.
      if (error instanceof ForbiddenError) {
        const type = (command as { type?: unknown } | null)?.type;
        this.accessLog?.record(
          {
            at,
            actor,
            operation: `command ${typeof type === 'string' ? type : decider.streamPrefix.replace(/-$/, '')}`,
            target: streamId,
            code: error.code,
            reason: error.message,
          },
          error,
        );
      }
      throw error;
    }
    await this.readModels.reach(outcome.append.position);
    const entry = ledgerEntryAt(this.readModels.db, outcome.append.position);
    if (!entry)
      throw new Error(`ledger entry at ${outcome.append.position} missing after catch-up`);
    return { ...outcome, entry };
  }
}
