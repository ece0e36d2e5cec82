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
import { AMENDABLE_FIELDS, type AmendableField, type TaskCommand } from './task.commands.js';
import { taskDecider } from './task.decider.js';
import { toTaskView } from './task.view.js';

type Input = CommandOptions & { taskId: string } & Record<string, unknown>;

const fields = (input: Input) => commandFields(input, 'taskId');

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

  private cmd = (type: TaskCommand['type'], input: Input) =>
    ({ type, ...fields(input) }) as unknown as TaskCommand;

  @Mutation('listTask')
  listTask(@Context() ctx: RequestContext, @Args('input') input: Input) {
    const inspectionId = recordId('inspectionId', input.inspectionId);
    if (!inspectionRow(this.readModels.db, inspectionId)) {
      throw new NotFoundError(`督察轮次 ${inspectionId} 不存在`, `No inspection ${inspectionId}`, {
        field: 'inspectionId',
      });
    }
    return this.run(ctx, input, {
      ...this.cmd('ListTask', input),
      taskId: input.taskId,
    } as TaskCommand);
  }

  @Mutation('assignTask')
  assignTask(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('AssignTask', input));
  }

  @Mutation('amendTask')
  amendTask(@Context() ctx: RequestContext, @Args('input') input: Input) {
    const given = fields(input);
    const changes: Partial<Record<AmendableField, unknown>> = {};
    for (const f of AMENDABLE_FIELDS) if (given[f] != null) changes[f] = given[f];
    return this.run(ctx, input, { type: 'AmendTask', changes });
  }

  @Mutation('reportProgress')
  reportProgress(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('ReportProgress', input));
  }

  @Mutation('attachEvidence')
  attachEvidence(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('AttachEvidence', input));
  }

  @Mutation('superviseTask')
  superviseTask(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('SuperviseTask', input));
  }

  @Mutation('adjustDeadline')
  adjustDeadline(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('AdjustDeadline', input));
  }

  @Mutation('requestAcceptance')
  requestAcceptance(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('RequestAcceptance', input));
  }

  @Mutation('recordAcceptance')
  recordAcceptance(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('RecordAcceptance', input));
  }

  @Mutation('startPublicNotice')
  startPublicNotice(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('StartPublicNotice', input));
  }

  @Mutation('recordObjection')
  recordObjection(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('RecordObjection', input));
  }

  @Mutation('signOff')
  signOff(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('SignOff', input));
  }

  @Mutation('recordSpotCheck')
  recordSpotCheck(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('RecordSpotCheck', input));
  }

  @Mutation('reopenTask')
  reopenTask(@Context() ctx: RequestContext, @Args('input') input: Input) {
    return this.run(ctx, input, this.cmd('ReopenTask', input));
  }
}
