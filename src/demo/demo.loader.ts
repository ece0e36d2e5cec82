import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ReadModels } from '../../projections/read-models.js';
import {
  ComplaintCommandMessage,
  InspectionCommandMessage,
  TaskCommandMessage,
} from '../commands/command-families.js';
import { CommandSender } from '../commands/command-sender.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { DEMO_INSPECTION_ID, demoPlan, type DemoStep } from './demo-plan.js';

/**
 * Loads the demo ledger into a fresh store (or finishes one a crash interrupted) over the same
 * command path as every user, with fixed command ids: loading twice writes nothing. The demo's
 * commands carry their story's dates as their times, so `asOf` queries tell the story.
 */
@Injectable()
export class DemoLoader implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandSender,
    private readonly readModels: ReadModels,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const fresh = (await this.store.headPosition()) === 0n;
    if (!fresh && !this.readModels.inspections.byId(DEMO_INSPECTION_ID)) return;
    const written = await loadDemo(this.commands);
    if (written.position > 0n) await this.readModels.reach(written.position, 30_000);
    if (written.count) {
      console.log(
        `已载入演示台账 / demo ledger loaded: ${written.count} commands (inspection ${DEMO_INSPECTION_ID}; start with --no-demo to skip)`,
      );
    }
  }
}

export async function loadDemo(
  commands: CommandSender,
  plan: readonly DemoStep[] = demoPlan(),
): Promise<{ count: number; position: bigint }> {
  let position = 0n;
  let count = 0;
  for (const step of plan) {
    const options = {
      commandId: step.commandId,
      correlationId: 'demo',
      reason: step.reason,
      recordedAt: step.at,
    };
    const out =
      step.kind === 'task'
        ? await commands.send(new TaskCommandMessage(step.id, step.command, step.actor, options))
        : step.kind === 'complaint'
          ? await commands.send(
              new ComplaintCommandMessage(step.id, step.command, step.actor, options),
            )
          : await commands.send(
              new InspectionCommandMessage(step.id, step.command, step.actor, options),
            );
    if (!out.append.duplicate) count++;
    if (out.append.position > position) position = out.append.position;
  }
  return { count, position };
}
