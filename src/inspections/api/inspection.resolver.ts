import { randomInt, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { ReactorRunner } from '../../../projections/reactors.js';
import { ReadModels } from '../../../projections/read-models.js';
import type { TaskFilter, TaskOrder } from '../../../projections/tasks/tasks.queries.js';
import type { Actor } from '../../common/actor.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { plainId } from '../../common/global-id.js';
import { recordId } from '../../common/validation.js';
import { inReadScope, provinceCodeOf, readScopeOf } from '../../common/region-scope.js';
import { InspectionCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../edge/connection.js';
import { commandFields, Mutations } from '../../edge/mutations.js';
import { taskConnection } from '../../tasks/api/task.queries.resolver.js';
import { toTaskView } from '../../tasks/api/task.view.js';
import { taskDecider } from '../../tasks/domain/task.decider.js';
import type { TaskState } from '../../tasks/domain/task.state.js';
import type { InspectionCommand } from '../domain/inspection.commands.js';
import type { SpotCheckDraw } from '../domain/inspection.state.js';
import { SPOT_CHECK_FAN_OUT } from '../workflows/spot-check-fan-out.js';
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
    private readonly mutations: Mutations,
    private readonly readModels: ReadModels,
    private readonly reactors: ReactorRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('inspection')
  inspection(@Args('id') id: string, @CurrentActor() actor: Actor): InspectionView | null {
    const row = this.readModels.inspections.byId(plainId('inspection', id));
    if (!row || !inReadScope(readScopeOf(actor), provinceCodeOf(row.state.regionCode))) return null;
    return toInspectionView(row.state, row.version);
  }

  @Query('inspections')
  inspections(
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const size = pageSize(first);
    const from = Number(decodeCursor('inspections', after) ?? 0);
    const scope = readScopeOf(actor);
    const all = this.readModels.inspections
      .all()
      .filter((row) => inReadScope(scope, provinceCodeOf(row.state.regionCode)))
      .map((row, i) => ({ i, row }));
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
  async registerInspection(@CurrentActor() actor: Actor, @Args('input') input: RegisterInput) {
    const id = recordId('inspectionId', input.inspectionId);
    const command: InspectionCommand = { type: 'RegisterInspection', ...commandFields(input) };
    const answer = await this.mutations.run(
      new InspectionCommandMessage(id, command, actor, input),
    );
    return {
      inspection: toInspectionView(answer.state, answer.version),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  /**
   * The draw is decided on the inspection stream from the candidates the read side lists; the
   * spot-check fan-out reactor then marks each drawn task (once, even across a crash). The answer
   * waits (bounded) for the reactor, so the drawn tasks it shows carry their mark.
   */
  @Mutation('drawSpotChecks')
  async drawSpotChecks(@CurrentActor() actor: Actor, @Args('input') input: DrawInput) {
    const id = recordId('inspectionId', input.inspectionId);
    const commandId = input.commandId ?? randomUUID();
    const answer = await this.mutations.run(
      new InspectionCommandMessage(
        id,
        {
          type: 'DrawSpotChecks',
          drawId: input.drawId ?? commandId,
          seed: input.seed ?? randomInt(0, 0xffffffff),
          sampleSize: input.sampleSize,
          candidateTaskIds: this.readModels.tasks.spotCheckCandidates(id),
        },
        actor,
        { ...input, commandId },
      ),
    );
    const draw = answer.entry.data as unknown as SpotCheckDraw;
    const fannedOut = await this.mutations.settle(
      this.reactors.reach(SPOT_CHECK_FAN_OUT, answer.entry.position, this.mutations.waitMs),
    );
    const now = this.clock.now().toISOString();
    const drawnTasks = draw.taskIds.flatMap((taskId) => {
      const task = this.readModels.ledger.stateAsOf(taskDecider.streamPrefix + taskId);
      return task ? [toTaskView(task.state as TaskState, task.version, now)] : [];
    });
    return {
      inspection: toInspectionView(answer.state, answer.version),
      entry: answer.entry,
      drawnTasks,
      readSideBehind: answer.readSideBehind || !fannedOut,
    };
  }
}
