import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import type { CommandOutcome } from './command-pipeline.js';
import type { DomainCommand } from './domain-command.js';

/**
 * How every entry point sends a command: GraphQL resolvers, file routes, the CLI, the demo, the
 * importer and the reactors. It goes over @nestjs/cqrs's CommandBus to its family's handler, whose
 * promise (result or error) comes straight back.
 */
@Injectable()
export class CommandSender {
  constructor(private readonly bus: CommandBus) {}

  send<S extends JsonObject, C, E extends DomainEvent>(
    message: DomainCommand<S, C, E>,
  ): Promise<CommandOutcome<S>> {
    return this.bus.execute(message);
  }
}
