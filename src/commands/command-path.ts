import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Actor } from '../common/actor.js';
import { CLOCK, type Clock } from '../common/clock.js';
import type { Decider, DomainEvent } from '../common/decider.js';
import { isTaizhangError } from '../common/errors.js';
import type { JsonObject } from '../common/json.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { AccessLog } from '../security/access-log.js';
import { guardCommand } from './command-guards.js';
import { runCommand, type CommandOutcome } from './command-pipeline.js';
import type { InternalOptions } from './domain-command.js';

/**
 * The one path every command takes, behind every family's bus handler: the guards, the clock, the
 * pipeline (read, fold, decide, append at the revision read) and the access log of refusals. A
 * guard's or a policy's refusal writes nothing to the record and one row to the access log.
 */
@Injectable()
export class CommandPath {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() private readonly accessLog?: AccessLog,
  ) {}

  async run<S extends JsonObject, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
    actor: Actor | undefined,
    options: InternalOptions = {},
  ): Promise<CommandOutcome<S>> {
    const streamId = decider.streamPrefix + id;
    const at = options.recordedAt ?? this.clock.now().toISOString();
    const refused = (error: unknown) => {
      if (!isTaizhangError(error)) return;
      const type = (command as { type?: unknown } | null)?.type;
      const operation = `command ${typeof type === 'string' ? type : decider.streamPrefix.replace(/-$/, '')}`;
      this.accessLog?.refused(
        { actor: actor?.id ? actor : undefined, operation, target: streamId },
        error,
      );
    };
    try {
      guardCommand(actor, options);
    } catch (error) {
      refused(error);
      throw error;
    }
    try {
      return await runCommand(this.store, decider, {
        streamId,
        command,
        commandId: options.commandId ?? randomUUID(),
        correlationId: options.correlationId ?? undefined,
        expectedVersion: options.expectedVersion ?? undefined,
        meta: { actor, at, reason: options.reason ?? undefined },
      });
    } catch (error) {
      // A policy's refusal is an attempt someone made; a bad field or a wrong state is not logged.
      if (isTaizhangError(error) && error.code === 'FORBIDDEN') refused(error);
      throw error;
    }
  }
}
