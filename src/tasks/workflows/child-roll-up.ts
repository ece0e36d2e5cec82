import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReactorRunner, type Reactor } from '../../../projections/reactors.js';
import { ReadModels } from '../../../projections/read-models.js';
import { systemActor } from '../../common/actor.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { TaskCommandMessage } from '../../commands/command-families.js';
import { CommandSender } from '../../commands/command-sender.js';
import { taskDecider } from '../domain/task.decider.js';
import type { TaskState } from '../domain/task.state.js';

export const CHILD_ROLL_UP = 'child-roll-up';

/** The events that open or close a sub-item: its listing, its closing sign-off, its reopening. */
const TYPES = ['TaskListed', 'TaskSignedOff', 'TaskReopened'];

/**
 * Sub-items roll up into their parent: when a sub-item is listed, closed (its final sign-off) or
 * reopened, the parent records it, so the parent's own decider knows whether any sub-item is open
 * (it may not be signed off while one is) and its record shows each sub-item's status. The command
 * id derives from the event's, so a repeat appends nothing.
 */
@Injectable()
export class ChildRollUp implements Reactor, OnModuleInit {
  readonly name = CHILD_ROLL_UP;
  readonly filter = { streamPrefixes: [taskDecider.streamPrefix], eventTypes: TYPES };
  private readonly actor = systemActor('台账子项汇总 / sub-item roll-up');

  constructor(
    private readonly reactors: ReactorRunner,
    private readonly commands: CommandSender,
    private readonly readModels: ReadModels,
  ) {}

  onModuleInit(): void {
    this.reactors.register(this);
  }

  async react(event: RecordedEvent): Promise<void> {
    const version = Number(event.revision) + 1;
    const child = this.readModels.ledger.stateAtVersion(event.streamId, version) as
      TaskState | undefined;
    if (!child?.parentId) return;
    const open = !(event.type === 'TaskSignedOff' && event.data.closes === true);
    await this.commands.send(
      new TaskCommandMessage(
        child.parentId,
        { type: 'RecordChildItem', childId: child.taskId, status: child.status, open },
        this.actor,
        {
          commandId: `rollup:${event.eventId}`,
          correlationId: event.metadata.correlationId,
        },
      ),
    );
  }
}
