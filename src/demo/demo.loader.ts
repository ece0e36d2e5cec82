import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ReadModels } from '../../projections/read-models.js';
import {
  AnnouncementCommandMessage,
  CaseCommandMessage,
  ComplaintCommandMessage,
  InspectionCommandMessage,
  TaskCommandMessage,
} from '../commands/command-families.js';
import { CommandSender } from '../commands/command-sender.js';
import type { InternalOptions } from '../commands/domain-command.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { loadDemoRound } from './demo-collection.js';
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
    const plan = await loadDemo(this.commands);
    if (plan.position > 0n) await this.readModels.reach(plan.position, 30_000);
    const round = await loadDemoRound(this.commands, this.readModels);
    if (round.position > 0n) await this.readModels.reach(round.position, 30_000);
    const written = { count: plan.count + round.count };
    if (written.count) {
      console.log(
        `已载入演示台账 / demo ledger loaded: ${written.count} commands (inspection ${DEMO_INSPECTION_ID}; start with --no-demo to skip)`,
      );
    }
  }
}

/** Each step over its family's message: the same command path as every user. */
async function sendStep(commands: CommandSender, step: DemoStep, options: InternalOptions) {
  switch (step.kind) {
    case 'task':
      return commands.send(new TaskCommandMessage(step.id, step.command, step.actor, options));
    case 'inspection':
      return commands.send(
        new InspectionCommandMessage(step.id, step.command, step.actor, options),
      );
    case 'case':
      return commands.send(new CaseCommandMessage(step.id, step.command, step.actor, options));
    case 'announcement':
      return commands.send(
        new AnnouncementCommandMessage(step.id, step.command, step.actor, options),
      );
    case 'complaint':
      return commands.send(new ComplaintCommandMessage(step.id, step.command, step.actor, options));
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
    const out = await sendStep(commands, step, options);
    if (!out.append.duplicate) count++;
    if (out.append.position > position) position = out.append.position;
  }
  return { count, position };
}
