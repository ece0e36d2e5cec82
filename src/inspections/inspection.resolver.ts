import { createHash, randomInt, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { inspectionRow, inspectionRows } from '../../projections/inspections.projection.js';
import {
  spotCheckCandidates,
  type TaskFilter,
  type TaskOrder,
} from '../../projections/tasks.queries.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { plainId } from '../common/global-id.js';
import { recordId } from '../common/validation.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import { commandFields, commandResult } from '../commands/mutation-result.js';
import { ReadModels } from '../event-store/read-models.js';
import { taskConnection } from '../tasks/task.queries.resolver.js';
import { taskDecider } from '../tasks/task.decider.js';
import { toTaskView } from '../tasks/task.view.js';
import type { InspectionCommand } from './inspection.commands.js';
import { inspectionDecider } from './inspection.decider.js';
import type { SpotCheckDraw } from './inspection.state.js';
import { toInspectionView, type InspectionView } from './inspection.view.js';

type RegisterInput = CommandOptions &
  Omit<Extract<InspectionCommand, { type: 'RegisterInspection' }>, 'type'>;
type DrawInput = CommandOptions & {
  inspectionId: string;
  sampleSize: number;
  seed?: number | null;
  drawId?: string | null;
};

@Resolver('Inspection')
export class InspectionResolver {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('inspection')
  inspection(@Context() ctx: RequestContext, @Args('id') id: string): InspectionView | null {
    requireActor(ctx);
    const row = inspectionRow(this.readModels.db, plainId('inspection', id));
    return row ? toInspectionView(row.state, row.version) : null;
  }

  @Query('inspections')
  inspections(
    @Context() ctx: RequestContext,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireActor(ctx);
    const size = pageSize(first);
    const from = Number(decodeCursor('inspections', after) ?? 0);
    const all = inspectionRows(this.readModels.db).map((row, i) => ({ i, row }));
    return toConnection(
      all.slice(from, from + size),
      from + size < all.length,
      all.length,
      (n) => encodeCursor('inspections', n.i + 1),
      (n) => toInspectionView(n.row.state, n.row.version),
    );
  }

  @ResolveField('tasks')
  tasks(
    @Parent() inspection: InspectionView,
    @Args('filter') filter?: TaskFilter | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
    @Args('orderBy') orderBy?: TaskOrder | null,
  ) {
    return taskConnection(
      this.readModels,
      this.clock,
      { ...filter, inspectionId: inspection.inspectionId },
      first,
      after,
      orderBy,
    );
  }

  @Mutation('registerInspection')
  async registerInspection(@Context() ctx: RequestContext, @Args('input') input: RegisterInput) {
    const actor = requireActor(ctx);
    const id = recordId('inspectionId', input.inspectionId);
    const command: InspectionCommand = { type: 'RegisterInspection', ...commandFields(input) };
    const out = await this.runner.execute(inspectionDecider, id, command, actor, input);
    const { state, version } = commandResult(this.readModels.db, out);
    return { inspection: toInspectionView(state, version), entry: out.entry };
  }

  /**
   * The draw is decided on the inspection stream from candidates read here, then each drawn task
   * records SpotCheckDrawn under a command id derived from the draw's: a retry of the whole
   * mutation returns the first draw and completes any task the first attempt did not reach.
   */
  @Mutation('drawSpotChecks')
  async drawSpotChecks(@Context() ctx: RequestContext, @Args('input') input: DrawInput) {
    const actor = requireActor(ctx);
    const id = recordId('inspectionId', input.inspectionId);
    const commandId = input.commandId ?? randomUUID();
    const out = await this.runner.execute(
      inspectionDecider,
      id,
      {
        type: 'DrawSpotChecks',
        drawId: input.drawId ?? commandId,
        seed: input.seed ?? randomInt(0, 0xffffffff),
        sampleSize: input.sampleSize,
        candidateTaskIds: spotCheckCandidates(this.readModels.db, id),
      },
      actor,
      { ...input, commandId },
    );
    const draw = out.entry.data as unknown as SpotCheckDraw;
    const now = this.clock.now().toISOString();
    const drawnTasks = [];
    for (const taskId of draw.taskIds) {
      const sub = createHash('sha256').update(`${commandId}/${taskId}`).digest('hex').slice(0, 40);
      const t = await this.runner.execute(
        taskDecider,
        taskId,
        { type: 'MarkSpotCheckDrawn', drawId: draw.drawId, seed: draw.seed },
        actor,
        { commandId: `draw:${sub}`, correlationId: commandId, reason: input.reason },
      );
      drawnTasks.push(toTaskView(t.state, t.version, now));
    }
    const inspection = inspectionRow(this.readModels.db, id)!;
    return {
      inspection: toInspectionView(inspection.state, inspection.version),
      entry: out.entry,
      drawnTasks,
    };
  }
}
