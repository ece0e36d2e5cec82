import { createHash } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ReactorRunner, type Reactor } from '../../../projections/reactors.js';
import { isRole } from '../../common/actor.js';
import type { RecordedEvent } from '../../event-store/event-store.port.js';
import { TaskCommandMessage } from '../../commands/command-families.js';
import { CommandSender } from '../../commands/command-sender.js';
import type { SpotCheckDraw } from '../domain/inspection.state.js';
import { inspectionDecider } from '../domain/inspection.decider.js';

export const SPOT_CHECK_FAN_OUT = 'spot-check-fan-out';

/**
 * The command id of one drawn task's mark: derived from the draw's command id, so a repeat (after
 * a crash, or a rebuilt read side) appends nothing. The same derivation the draw used before it
 * became a reactor, so draws recorded then are recognised as done.
 */
export const drawnTaskCommandId = (drawCommandId: string, taskId: string): string =>
  `draw:${createHash('sha256').update(`${drawCommandId}/${taskId}`).digest('hex').slice(0, 40)}`;

/**
 * 备案抽查: when the inspection office draws a sample of signed-off tasks, each drawn task records
 * that it was drawn, by the office that drew it, under the draw's correlation.
 */
@Injectable()
export class SpotCheckFanOut implements Reactor, OnModuleInit {
  readonly name = SPOT_CHECK_FAN_OUT;
  readonly filter = {
    streamPrefixes: [inspectionDecider.streamPrefix],
    eventTypes: ['SpotChecksDrawn'],
  };

  constructor(
    private readonly reactors: ReactorRunner,
    private readonly commands: CommandSender,
  ) {}

  onModuleInit(): void {
    this.reactors.register(this);
  }

  async react(event: RecordedEvent): Promise<void> {
    const draw = event.data as unknown as SpotCheckDraw;
    const { actor, commandId, reason } = event.metadata;
    const drawer = {
      id: actor.id,
      name: actor.name,
      roles: actor.role.split(',').filter(isRole),
      organisation: actor.organisation,
    };
    for (const taskId of draw.taskIds) {
      await this.commands.send(
        new TaskCommandMessage(
          taskId,
          { type: 'MarkSpotCheckDrawn', drawId: draw.drawId, seed: draw.seed },
          drawer,
          { commandId: drawnTaskCommandId(commandId, taskId), correlationId: commandId, reason },
        ),
      );
    }
  }
}
