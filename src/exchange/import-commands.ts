import type { Actor } from '../common/actor.js';
import { ComplaintCommandMessage, TaskCommandMessage } from '../commands/command-families.js';
import type { SendComplaintCommand } from './complaint-import.js';
import { loadState } from '../commands/command-pipeline.js';
import type { CommandSender } from '../commands/command-sender.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { taskDecider } from '../tasks/domain/task.decider.js';
import type { ReadTask, SendTaskCommand } from './importer.js';

/**
 * How an import writes, from the HTTP route and the CLI alike: each row's command goes over the
 * command bus as `actor`, through the same guards, clock and access log as every other command.
 */
export const taskSender =
  (sender: CommandSender, actor: Actor): SendTaskCommand =>
  async (taskId, command, commandId, reason) => {
    const out = await sender.send(
      new TaskCommandMessage(taskId, command, actor, { commandId, reason }),
    );
    return { duplicate: out.append.duplicate === true };
  };

/** A task as stored now, for amending imports: read from its stream, not from a read side. */
export const taskReader =
  (store: EventStore): ReadTask =>
  (taskId) =>
    loadState(store, taskDecider, taskDecider.streamPrefix + taskId);

/** How a handover sheet import writes: the same command path, as `actor`. */
export const complaintSender =
  (sender: CommandSender, actor: Actor): SendComplaintCommand =>
  async (complaintId, command, commandId) => {
    const out = await sender.send(
      new ComplaintCommandMessage(complaintId, command, actor, { commandId }),
    );
    return { duplicate: out.append.duplicate === true };
  };
