import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { inspectionRow } from '../../projections/inspections.projection.js';
import { runCommand } from '../common/command-pipeline.js';
import { CONFIG, type Config } from '../config/config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../event-store/read-models.js';
import { inspectionDecider } from '../inspections/inspection.decider.js';
import { taskDecider } from '../tasks/task.decider.js';
import { DEMO_INSPECTION_ID, demoPlan } from './demo-plan.js';

/**
 * Loads the demo ledger into a fresh store (or finishes one a crash interrupted) through the same
 * command pipeline and deciders as every user, with fixed command ids: loading twice writes nothing.
 * The demo's commands carry their story's dates as their times, so `asOf` queries tell the story.
 */
@Injectable()
export class DemoLoader implements OnApplicationBootstrap {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo) return;
    const fresh = (await this.store.headPosition()) === 0n;
    if (!fresh && !inspectionRow(this.readModels.db, DEMO_INSPECTION_ID)) return;
    const written = await loadDemo(this.store);
    if (written.position > 0n) await this.readModels.reach(written.position, 30_000);
    if (written.count) {
      console.log(
        `已载入演示台账 / demo ledger loaded: ${written.count} commands (inspection ${DEMO_INSPECTION_ID}; start with --no-demo to skip)`,
      );
    }
  }
}

export async function loadDemo(store: EventStore): Promise<{ count: number; position: bigint }> {
  let position = 0n;
  let count = 0;
  for (const step of demoPlan()) {
    const request = {
      streamId: `${step.kind}-${step.id}`,
      commandId: step.commandId,
      correlationId: 'demo',
      meta: { actor: step.actor, at: step.at, reason: step.reason },
    };
    const out =
      step.kind === 'task'
        ? await runCommand(store, taskDecider, { ...request, command: step.command })
        : await runCommand(store, inspectionDecider, { ...request, command: step.command });
    if (!out.append.duplicate) count++;
    if (out.append.position > position) position = out.append.position;
  }
  return { count, position };
}
