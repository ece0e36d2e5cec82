import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { inspectionRow } from '../../projections/inspections.projection.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { NotFoundError } from '../common/errors.js';
import { recordId } from '../common/validation.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import { commandFields, commandResult } from '../commands/mutation-result.js';
import { ReadModels } from '../event-store/read-models.js';
import type {
  AdjustDeadlineInput,
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
} from '../generated/graphql.js';
import { AMENDABLE_FIELDS, type AmendableField, type TaskCommand } from './task.commands.js';
import { taskDecider } from './task.decider.js';
import { toTaskView } from './task.view.js';

/** Every task mutation's input: its generated SDL type (src/generated/graphql.ts) has these. */
type Input = CommandOptions & { taskId: string };

const fields = <T extends Input>(input: T) => commandFields(input, 'taskId');

/** One mutation per task command. Each runs through the CommandRunner and reads its own write. */
@Resolver()
export class TaskMutationsResolver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Runs a command; a retried commandId answers with the task as that command first left it. */
  async run(ctx: RequestContext, input: Input, command: TaskCommand) {
    const actor = requireActor(ctx);
    const taskId = recordId('taskId', input.taskId);
    const out = await this.runner.execute(taskDecider, taskId, command, actor, input);
    const { state, version } = commandResult(this.readModels.db, out);
    return {
      task: toTaskView(state, version, this.clock.now().toISOString()),
      entry: out.entry,
    };
  }

  @Mutation('listTask')
  listTask(@Context() ctx: RequestContext, @Args('input') input: ListTaskInput) {
    const inspectionId = recordId('inspectionId', input.inspectionId);
    if (!inspectionRow(this.readModels.db, inspectionId)) {
      throw new NotFoundError(`督察轮次 ${inspectionId} 不存在`, `No inspection ${inspectionId}`, {
        field: 'inspectionId',
      });
    }
    return this.run(ctx, input, { type: 'ListTask', ...fields(input), taskId: input.taskId });
  }

  @Mutation('assignTask')
  assignTask(@Context() ctx: RequestContext, @Args('input') input: AssignTaskInput) {
    return this.run(ctx, input, { type: 'AssignTask', ...fields(input) });
  }

  @Mutation('amendTask')
  amendTask(@Context() ctx: RequestContext, @Args('input') input: AmendTaskInput) {
    const given = fields(input);
    const changes: Partial<Record<AmendableField, unknown>> = {};
    for (const f of AMENDABLE_FIELDS) if (given[f] != null) changes[f] = given[f];
    return this.run(ctx, input, { type: 'AmendTask', changes });
  }

  @Mutation('reportProgress')
  reportProgress(@Context() ctx: RequestContext, @Args('input') input: ReportProgressInput) {
    return this.run(ctx, input, { type: 'ReportProgress', ...fields(input) });
  }

  @Mutation('attachEvidence')
  attachEvidence(@Context() ctx: RequestContext, @Args('input') input: AttachEvidenceInput) {
    return this.run(ctx, input, { type: 'AttachEvidence', ...fields(input) });
  }

  @Mutation('superviseTask')
  superviseTask(@Context() ctx: RequestContext, @Args('input') input: SuperviseTaskInput) {
    return this.run(ctx, input, { type: 'SuperviseTask', ...fields(input) });
  }

  @Mutation('adjustDeadline')
  adjustDeadline(@Context() ctx: RequestContext, @Args('input') input: AdjustDeadlineInput) {
    return this.run(ctx, input, { type: 'AdjustDeadline', ...fields(input) });
  }

  @Mutation('requestAcceptance')
  requestAcceptance(@Context() ctx: RequestContext, @Args('input') input: RequestAcceptanceInput) {
    return this.run(ctx, input, { type: 'RequestAcceptance', ...fields(input) });
  }

  @Mutation('recordAcceptance')
  recordAcceptance(@Context() ctx: RequestContext, @Args('input') input: RecordAcceptanceInput) {
    return this.run(ctx, input, { type: 'RecordAcceptance', ...fields(input) });
  }

  @Mutation('startPublicNotice')
  startPublicNotice(@Context() ctx: RequestContext, @Args('input') input: StartPublicNoticeInput) {
    return this.run(ctx, input, { type: 'StartPublicNotice', ...fields(input) });
  }

  @Mutation('recordObjection')
  recordObjection(@Context() ctx: RequestContext, @Args('input') input: RecordObjectionInput) {
    return this.run(ctx, input, { type: 'RecordObjection', ...fields(input) });
  }

  @Mutation('signOff')
  signOff(@Context() ctx: RequestContext, @Args('input') input: SignOffInput) {
    return this.run(ctx, input, { type: 'SignOff', ...fields(input) });
  }

  @Mutation('recordSpotCheck')
  recordSpotCheck(@Context() ctx: RequestContext, @Args('input') input: RecordSpotCheckInput) {
    return this.run(ctx, input, { type: 'RecordSpotCheck', ...fields(input) });
  }

  @Mutation('reopenTask')
  reopenTask(@Context() ctx: RequestContext, @Args('input') input: ReopenTaskInput) {
    return this.run(ctx, input, { type: 'ReopenTask', ...fields(input) });
  }
}
