import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Actor } from '../auth/actor.js';
import type { Decider, DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import { DomainCommand, type CommandOptions, type ExecutedCommand } from './domain-command.js';

export type { CommandOptions, ExecutedCommand } from './domain-command.js';

/**
 * What resolvers, controllers and the demo call to run a command: it goes over @nestjs/cqrs's command
 * bus to the one DomainCommandHandler, whose promise (result or error) comes straight back.
 */
@Injectable()
export class CommandRunner {
  constructor(private readonly bus: CommandBus) {}

  execute<S extends JsonObject, C, E extends DomainEvent>(
    decider: Decider<S, C, E>,
    id: string,
    command: C,
    actor: Actor,
    options: CommandOptions = {},
  ): Promise<ExecutedCommand<S>> {
    return this.bus.execute(new DomainCommand(decider, id, command, actor, options));
  }
}
