import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { BadInputError, NotFoundError } from '../../common/errors.js';
import { globalId } from '../../common/global-id.js';
import { recordId } from '../../common/validation.js';
import { CollectionCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { Mutations } from '../../edge/mutations.js';
import type { TaskState } from '../../tasks/domain/task.state.js';
import type { CollectionCommand, RosterTask } from '../domain/round.commands.js';
import { authoriseRole } from '../domain/round.policy.js';
import type { CollectionRoundState } from '../domain/round.state.js';
import { roundView } from './round.view.js';

/** Fixed namespace: a round id derived from a client's commandId is the same on every retry. */
const ROUND_NAMESPACE = '5b7c2e1a-94d3-5f60-8a2b-3c4d5e6f7a81';

const rosterTask = (t: TaskState): RosterTask => ({
  taskId: t.taskId,
  number: t.number,
  title: t.title,
  leadUnit: t.leadUnit ?? '',
  deadline: t.deadline,
  longTerm: t.longTerm,
});

/**
 * The edge of the collection domain: it reads what the pure decider cannot (the tasks a round
 * covers, the figures at the ledger head) and sends each command over the one command path.
 */
@Injectable()
export class CollectionService {
  constructor(
    private readonly mutations: Mutations,
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** A round now or as of a moment; null when it does not exist (then). */
  round(roundId: string, asOf?: string | null) {
    const found = this.readModels.ledger.stateAsOf(
      globalId('collection', recordId('id', roundId)),
      asOf ?? undefined,
    );
    if (!found) return null;
    const state = found.state as CollectionRoundState;
    return roundView(state, found.version, asOf ?? this.now(), asOf ?? null);
  }

  list(
    filter: { inspectionId?: string | null; status?: string | null; scopeProvince?: string | null },
    first: number,
    after: bigint,
  ) {
    return this.readModels.collection.page(filter, first, after);
  }

  private async send(
    actor: Actor,
    roundId: string,
    command: CollectionCommand,
    options: CommandOptions,
  ) {
    const answer = await this.mutations.run(
      new CollectionCommandMessage(roundId, command, actor, options),
    );
    return {
      collectionRound: roundView(answer.state, answer.version, this.now()),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  /** The task on record, if it is one of the inspection's. */
  private task(inspectionId: string, taskId: string): TaskState {
    const found = this.readModels.ledger.stateAsOf(globalId('task', recordId('taskIds', taskId)));
    const task = found?.state as TaskState | undefined;
    if (!task || task.inspectionId !== inspectionId) {
      throw new NotFoundError(
        `taskIds：督察 ${inspectionId} 没有任务 ${taskId}`,
        `taskIds: inspection ${inspectionId} has no task ${taskId}`,
        { field: 'taskIds', taskId },
      );
    }
    if (!task.leadUnit) {
      throw new BadInputError(
        `taskIds：任务 ${taskId} 尚未交办，没有牵头单位可报送`,
        `taskIds: task ${taskId} is not assigned yet, so no lead unit can report on it`,
        { field: 'taskIds', taskId },
      );
    }
    return task;
  }

  async open(
    actor: Actor,
    input: {
      roundId?: string | null;
      inspectionId: string;
      name: string;
      dueAt: string;
      taskIds?: readonly string[] | null;
    } & CommandOptions,
  ) {
    // Refused before reading any task, so a refusal says nothing about the inspection's tasks.
    authoriseRole('OpenCollectionRound', actor);
    const inspectionId = recordId('inspectionId', input.inspectionId);
    if (!this.readModels.inspections.byId(inspectionId)) {
      throw new NotFoundError(`督察 ${inspectionId} 不存在`, `No inspection ${inspectionId}`, {
        field: 'inspectionId',
      });
    }
    const tasks = input.taskIds
      ? input.taskIds.map((id) => this.task(inspectionId, id))
      : this.readModels.collection.openTasksOf(inspectionId, this.now());
    const commandId = input.commandId ?? randomUUID();
    const roundId = recordId('roundId', input.roundId ?? uuidv5(commandId, ROUND_NAMESPACE));
    return this.send(
      actor,
      roundId,
      {
        type: 'OpenCollectionRound',
        roundId,
        inspectionId,
        name: input.name,
        dueAt: input.dueAt,
        tasks: tasks.map(rosterTask),
      },
      { ...input, commandId },
    );
  }

  report(
    actor: Actor,
    input: {
      roundId: string;
      taskId: string;
      progressPercent: number;
      summary: string;
    } & CommandOptions,
    correction = false,
  ) {
    const { roundId, taskId, progressPercent, summary } = input;
    return this.send(
      actor,
      recordId('roundId', roundId),
      {
        type: correction ? 'CorrectCollectionReport' : 'ReportCollectionProgress',
        taskId,
        progressPercent,
        summary,
      },
      input,
    );
  }

  /**
   * Counts the figures from the task records at the ledger head the read side has reached (after
   * waiting for it), so the report equals the records at the position it names.
   */
  async freeze(actor: Actor, input: { roundId: string } & CommandOptions) {
    authoriseRole('FreezeCollectionRound', actor);
    const roundId = recordId('roundId', input.roundId);
    const found = this.readModels.ledger.stateAsOf(globalId('collection', roundId));
    if (!found) {
      throw new NotFoundError(`调度 ${roundId} 不存在`, `No collection round ${roundId}`, {
        roundId,
      });
    }
    await this.readModels.reachHead(this.mutations.waitMs);
    const position = this.readModels.position;
    const asOfTime = this.readModels.ledger.entryAt(position)?.recordedAt ?? this.now();
    const { inspectionId } = found.state as CollectionRoundState;
    const figures = this.readModels.collection.figuresAt(inspectionId, position, asOfTime);
    return this.send(
      actor,
      roundId,
      { type: 'FreezeCollectionRound', asOfPosition: String(position), asOfTime, figures },
      input,
    );
  }

  cancel(actor: Actor, input: { roundId: string } & CommandOptions) {
    return this.send(
      actor,
      recordId('roundId', input.roundId),
      { type: 'CancelCollectionRound' },
      input,
    );
  }
}
