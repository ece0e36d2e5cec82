import { ReadModels } from '../../projections/read-models.js';
import type { Actor } from '../common/actor.js';
import { globalId } from '../common/global-id.js';
import type { CollectionCommand } from '../collection/domain/round.commands.js';
import { rosterOf, type CollectionRoundState } from '../collection/domain/round.state.js';
import { CollectionCommandMessage } from '../commands/command-families.js';
import { CommandSender } from '../commands/command-sender.js';
import { demoEntity, demoOffice } from './demo-actors.js';
import { DEMO_INSPECTION_ID } from './demo-plan.js';

export const DEMO_ROUND_ID = 'DEMO-2025-12';

const OPEN_AT = '2025-12-20T01:00:00.000Z';
const DUE_AT = '2025-12-31T09:00:00.000Z';
const ON_TIME = '2025-12-26T01:00:00.000Z';
const LATE = '2026-01-05T01:00:00.000Z';
const FREEZE_AT = '2026-01-08T01:00:00.000Z';

/**
 * The demo's collection round (调度), after the demo's task story: every open task's lead unit is
 * asked for a report by 31 December 2025; all units but two report in time, one reports late and
 * one not at all, and the office freezes the round into its report. It reads the tasks from the
 * read model, so it runs after the plan is loaded; its fixed command ids make loading it again
 * write nothing, and a load a crash interrupted continues from the round on record.
 */
export async function loadDemoRound(
  commands: CommandSender,
  readModels: ReadModels,
): Promise<{ count: number; position: bigint }> {
  let count = 0;
  let position = 0n;
  const send = async (step: string, at: string, actor: Actor, command: CollectionCommand) => {
    const out = await commands.send(
      new CollectionCommandMessage(DEMO_ROUND_ID, command, actor, {
        commandId: `demo:collection:${step}`,
        correlationId: 'demo',
        recordedAt: at,
      }),
    );
    if (!out.append.duplicate) count++;
    if (out.append.position > position) position = out.append.position;
    return out.state;
  };
  await readModels.reachHead(30_000);
  let round = readModels.ledger.stateAsOf(globalId('collection', DEMO_ROUND_ID))?.state as
    CollectionRoundState | undefined;
  round ??= await send('open', OPEN_AT, demoOffice, {
    type: 'OpenCollectionRound',
    roundId: DEMO_ROUND_ID,
    inspectionId: DEMO_INSPECTION_ID,
    name: '【演示】2025 年 12 月整改进展调度',
    dueAt: DUE_AT,
    tasks: readModels.collection.openTasksOf(DEMO_INSPECTION_ID, OPEN_AT).map((t) => ({
      taskId: t.taskId,
      number: t.number,
      title: t.title,
      leadUnit: t.leadUnit ?? '',
      deadline: t.deadline,
      longTerm: t.longTerm,
    })),
  });
  if (round.status !== 'OPEN') return { count, position };
  const roster = rosterOf(round);
  const units = [...new Set(roster.map((t) => t.leadUnit))];
  // On-time reports first, then the late one: the ledger's order is the story's.
  const lateUnit = units[units.length - 2];
  const missingUnit = units[units.length - 1];
  const reporting = roster
    .filter((t) => t.leadUnit !== missingUnit && !round.reports[t.taskId])
    .sort((a, b) => Number(a.leadUnit === lateUnit) - Number(b.leadUnit === lateUnit));
  for (const task of reporting) {
    const late = task.leadUnit === lateUnit;
    await send(`report:${task.taskId}`, late ? LATE : ON_TIME, demoEntity(task.leadUnit), {
      type: 'ReportCollectionProgress',
      taskId: task.taskId,
      progressPercent: late ? 30 : 70,
      summary: late ? '受汛期影响，进度滞后（示例）' : '按序时推进，已完成主体工程（示例）',
    });
  }
  // The figures at the head the read side reaches: the task records as the round closes.
  await readModels.reachHead(30_000);
  const at = readModels.position;
  const asOfTime = readModels.ledger.entryAt(at)?.recordedAt ?? FREEZE_AT;
  await send('freeze', FREEZE_AT, demoOffice, {
    type: 'FreezeCollectionRound',
    asOfPosition: String(at),
    asOfTime,
    figures: readModels.collection.figuresAt(DEMO_INSPECTION_ID, at, asOfTime),
  });
  return { count, position };
}
