import { Inject } from '@nestjs/common';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { NotFoundError } from '../../common/errors.js';
import { recordId } from '../../common/validation.js';
import { TaskCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { commandFields, Mutations } from '../../edge/mutations.js';
import type {
  AdjustDeadlineInput,
  ApplyDeadlineChangeInput,
  ReconcileTaskInput,
  DecideDeadlineChangeInput,
  FileDeadlineChangeInput,
  AmendTaskInput,
  AssignTaskInput,
  AttachEvidenceInput,
  ListTaskInput,
  RecordAcceptanceInput,
  RecordObjectionInput,
  RecordSpotCheckInput,
  ReopenTaskInput,
  ReportProgressInput,
  RequestAcceptanceInput,
  SignOffInput,
  StartPublicNoticeInput,
  SuperviseTaskInput,
  WaiveSpotCheckInput,
} from '../../generated/graphql.js';
import {
  AMENDABLE_FIELDS,
  type AmendableField,
  type TaskCommand,
} from '../domain/task.commands.js';
import { toTaskView } from './task.view.js';

/** Every task mutation's input: its generated SDL type (src/generated/graphql.ts) has these. */
type Input = CommandOptions & { taskId: string };

const fields = <T extends Input>(input: T) => commandFields(input, 'taskId');

/** One mutation per task command. Each runs through the CommandRunner and reads its own write. */
@Resolver()
export class TaskMutationsResolver {
  constructor(
    private readonly mutations: Mutations,
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs a command; a retried commandId answers with the task as that command first left it. */
  async run(actor: Actor, input: Input, command: TaskCommand) {
    const taskId = recordId('taskId', input.taskId);
    const answer = await this.mutations.run(new TaskCommandMessage(taskId, command, actor, input));
    return {
      task: toTaskView(answer.state, answer.version, this.clock.now().toISOString()),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  @Mutation('listTask')
  listTask(@CurrentActor() actor: Actor, @Args('input') input: ListTaskInput) {
    const inspectionId = recordId('inspectionId', input.inspectionId);
    if (!this.readModels.inspections.byId(inspectionId)) {
      throw new NotFoundError(`督察轮次 ${inspectionId} 不存在`, `No inspection ${inspectionId}`, {
        field: 'inspectionId',
      });
    }
    return this.run(actor, input, { type: 'ListTask', ...fields(input), taskId: input.taskId });
  }

  @Mutation('assignTask')
  assignTask(@CurrentActor() actor: Actor, @Args('input') input: AssignTaskInput) {
    return this.run(actor, input, { type: 'AssignTask', ...fields(input) });
  }

  @Mutation('amendTask')
  amendTask(@CurrentActor() actor: Actor, @Args('input') input: AmendTaskInput) {
    const given = fields(input);
    const changes: Partial<Record<AmendableField, unknown>> = {};
    for (const f of AMENDABLE_FIELDS) if (given[f] != null) changes[f] = given[f];
    return this.run(actor, input, { type: 'AmendTask', changes });
  }

  @Mutation('reportProgress')
  reportProgress(@CurrentActor() actor: Actor, @Args('input') input: ReportProgressInput) {
    return this.run(actor, input, { type: 'ReportProgress', ...fields(input) });
  }

  @Mutation('attachEvidence')
  attachEvidence(@CurrentActor() actor: Actor, @Args('input') input: AttachEvidenceInput) {
    return this.run(actor, input, { type: 'AttachEvidence', ...fields(input) });
  }

  @Mutation('superviseTask')
  superviseTask(@CurrentActor() actor: Actor, @Args('input') input: SuperviseTaskInput) {
    return this.run(actor, input, { type: 'SuperviseTask', ...fields(input) });
  }

  @Mutation('adjustDeadline')
  adjustDeadline(@CurrentActor() actor: Actor, @Args('input') input: AdjustDeadlineInput) {
    return this.run(actor, input, { type: 'AdjustDeadline', ...fields(input) });
  }

  @Mutation('requestAcceptance')
  requestAcceptance(@CurrentActor() actor: Actor, @Args('input') input: RequestAcceptanceInput) {
    return this.run(actor, input, { type: 'RequestAcceptance', ...fields(input) });
  }

  @Mutation('recordAcceptance')
  recordAcceptance(@CurrentActor() actor: Actor, @Args('input') input: RecordAcceptanceInput) {
    return this.run(actor, input, { type: 'RecordAcceptance', ...fields(input) });
  }

  @Mutation('startPublicNotice')
  startPublicNotice(@CurrentActor() actor: Actor, @Args('input') input: StartPublicNoticeInput) {
    return this.run(actor, input, { type: 'StartPublicNotice', ...fields(input) });
  }

  @Mutation('recordObjection')
  recordObjection(@CurrentActor() actor: Actor, @Args('input') input: RecordObjectionInput) {
    return this.run(actor, input, { type: 'RecordObjection', ...fields(input) });
  }

  @Mutation('signOff')
  signOff(@CurrentActor() actor: Actor, @Args('input') input: SignOffInput) {
    return this.run(actor, input, { type: 'SignOff', ...fields(input) });
  }

  @Mutation('recordSpotCheck')
  recordSpotCheck(@CurrentActor() actor: Actor, @Args('input') input: RecordSpotCheckInput) {
    return this.run(actor, input, { type: 'RecordSpotCheck', ...fields(input) });
  }

  @Mutation('waiveSpotCheck')
  waiveSpotCheck(@CurrentActor() actor: Actor, @Args('input') input: WaiveSpotCheckInput) {
    return this.run(actor, input, { type: 'WaiveSpotCheck' });
  }

  @Mutation('applyDeadlineChange')
  applyDeadlineChange(
    @CurrentActor() actor: Actor,
    @Args('input') input: ApplyDeadlineChangeInput,
  ) {
    return this.run(actor, input, { type: 'ApplyDeadlineChange', ...fields(input) });
  }

  @Mutation('decideDeadlineChange')
  decideDeadlineChange(
    @CurrentActor() actor: Actor,
    @Args('input') input: DecideDeadlineChangeInput,
  ) {
    return this.run(actor, input, { type: 'DecideDeadlineChange', ...fields(input) });
  }

  @Mutation('fileDeadlineChange')
  fileDeadlineChange(@CurrentActor() actor: Actor, @Args('input') input: FileDeadlineChangeInput) {
    return this.run(actor, input, { type: 'FileDeadlineChange', ...fields(input) });
  }

  /** 对账销号 at the ledger position the read side holds now: what the office checked. */
  @Mutation('reconcileTask')
  reconcileTask(@CurrentActor() actor: Actor, @Args('input') input: ReconcileTaskInput) {
    const position = String(this.readModels.position);
    return this.run(actor, input, { type: 'ReconcileTask', position });
  }

  @Mutation('reopenTask')
  reopenTask(@CurrentActor() actor: Actor, @Args('input') input: ReopenTaskInput) {
    return this.run(actor, input, { type: 'ReopenTask', ...fields(input) });
  }
}
