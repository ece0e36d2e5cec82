import { Injectable } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import {
  announcementDecider,
  type AnnouncementCommand,
  type AnnouncementEvent,
  type AnnouncementState,
} from '../accountability/domain/announcement.decider.js';
import type { CaseCommand } from '../accountability/domain/case.commands.js';
import { caseDecider } from '../accountability/domain/case.decider.js';
import type { CaseEvent } from '../accountability/domain/case.events.js';
import type { CaseState } from '../accountability/domain/case.state.js';
import type { CollectionCommand } from '../collection/domain/round.commands.js';
import { collectionDecider } from '../collection/domain/round.decider.js';
import type { CollectionEvent } from '../collection/domain/round.events.js';
import type { CollectionRoundState } from '../collection/domain/round.state.js';
import type { ComplaintCommand } from '../complaints/domain/complaint.commands.js';
import { complaintDecider } from '../complaints/domain/complaint.decider.js';
import type { ComplaintEvent } from '../complaints/domain/complaint.events.js';
import type { ComplaintState } from '../complaints/domain/complaint.state.js';
import type { DisclosureCommand } from '../disclosure/domain/disclosure.commands.js';
import { disclosureDecider } from '../disclosure/domain/disclosure.decider.js';
import type { DisclosureEvent } from '../disclosure/domain/disclosure.events.js';
import type { DisclosureState } from '../disclosure/domain/disclosure.state.js';
import type { InspectionCommand } from '../inspections/domain/inspection.commands.js';
import { inspectionDecider } from '../inspections/domain/inspection.decider.js';
import type { InspectionEvent } from '../inspections/domain/inspection.events.js';
import type { InspectionState } from '../inspections/domain/inspection.state.js';
import type { TaskCommand } from '../tasks/domain/task.commands.js';
import { taskDecider } from '../tasks/domain/task.decider.js';
import type { TaskEvent } from '../tasks/domain/task.events.js';
import type { TaskState } from '../tasks/domain/task.state.js';
import { CommandPath } from './command-path.js';
import type { CommandOutcome } from './command-pipeline.js';
import { DomainCommand } from './domain-command.js';

/** A command to a rectification task (`task-<id>`). */
export class TaskCommandMessage extends DomainCommand<TaskState, TaskCommand, TaskEvent> {
  readonly decider = taskDecider;
}

/** A command to an inspection round (`inspection-<id>`). */
export class InspectionCommandMessage extends DomainCommand<
  InspectionState,
  InspectionCommand,
  InspectionEvent
> {
  readonly decider = inspectionDecider;
}

/** A command to an accountability case (`case-<id>`). */
export class CaseCommandMessage extends DomainCommand<CaseState, CaseCommand, CaseEvent> {
  readonly decider = caseDecider;
}

/** A command to an inspection's announcement table (`announcement-<inspectionId>`). */
export class AnnouncementCommandMessage extends DomainCommand<
  AnnouncementState,
  AnnouncementCommand,
  AnnouncementEvent
> {
  readonly decider = announcementDecider;
}

/** A command to a disclosure (`disclosure-<id>`). */
export class DisclosureCommandMessage extends DomainCommand<
  DisclosureState,
  DisclosureCommand,
  DisclosureEvent
> {
  readonly decider = disclosureDecider;
}

/** A command to a collection round (`collection-<id>`). */
export class CollectionCommandMessage extends DomainCommand<
  CollectionRoundState,
  CollectionCommand,
  CollectionEvent
> {
  readonly decider = collectionDecider;
}

/** A command to a complaint case handed over by the inspection team (`complaint-<id>`). */
export class ComplaintCommandMessage extends DomainCommand<
  ComplaintState,
  ComplaintCommand,
  ComplaintEvent
> {
  readonly decider = complaintDecider;
}

/** Each family's handler is the one command path with the decider its message names. */
@Injectable()
abstract class FamilyHandler<
  S extends JsonObject,
  C,
  E extends DomainEvent,
> implements ICommandHandler<DomainCommand<S, C, E>> {
  constructor(private readonly path: CommandPath) {}

  execute(message: DomainCommand<S, C, E>): Promise<CommandOutcome<S>> {
    const { decider, id, command, actor, options } = message;
    return this.path.run(decider, id, command, actor, options);
  }
}

@CommandHandler(TaskCommandMessage)
export class TaskCommandHandler extends FamilyHandler<TaskState, TaskCommand, TaskEvent> {}

@CommandHandler(InspectionCommandMessage)
export class InspectionCommandHandler extends FamilyHandler<
  InspectionState,
  InspectionCommand,
  InspectionEvent
> {}

@CommandHandler(CaseCommandMessage)
export class CaseCommandHandler extends FamilyHandler<CaseState, CaseCommand, CaseEvent> {}

@CommandHandler(AnnouncementCommandMessage)
export class AnnouncementCommandHandler extends FamilyHandler<
  AnnouncementState,
  AnnouncementCommand,
  AnnouncementEvent
> {}

@CommandHandler(DisclosureCommandMessage)
export class DisclosureCommandHandler extends FamilyHandler<
  DisclosureState,
  DisclosureCommand,
  DisclosureEvent
> {}

@CommandHandler(CollectionCommandMessage)
export class CollectionCommandHandler extends FamilyHandler<
  CollectionRoundState,
  CollectionCommand,
  CollectionEvent
> {}

@CommandHandler(ComplaintCommandMessage)
export class ComplaintCommandHandler extends FamilyHandler<
  ComplaintState,
  ComplaintCommand,
  ComplaintEvent
> {}

export const COMMAND_HANDLERS = [
  TaskCommandHandler,
  InspectionCommandHandler,
  CaseCommandHandler,
  AnnouncementCommandHandler,
  DisclosureCommandHandler,
  CollectionCommandHandler,
  ComplaintCommandHandler,
];
