import { BadInputError } from '../common/errors.js';
import { snapshotAppend, validateAppend } from './envelope.js';
import type { AppendRequest } from './event-store.port.js';
import { commitPersonalData, type SealedValue } from './personal-data.js';

/** An append as the adapters queue it: checked, personal data committed, copied from the caller. */
export interface PreparedAppend {
  readonly request: AppendRequest;
  /** Each event's data as validated canonical JSON text: stored as is, never serialised twice. */
  readonly dataJson: readonly string[];
  /** Per event, the personal values committed in its data, stored beside it in the same transaction. */
  readonly sealed: readonly (readonly SealedValue[])[];
}

/** Everything an adapter does before queueing an append; throws on bad input (nothing is written). */
export function prepareAppend(request: AppendRequest): PreparedAppend {
  const committed = commitPersonalData(request);
  const dataJson = validateAppend(committed.request);
  return {
    request: snapshotAppend(committed.request, dataJson),
    dataJson,
    sealed: committed.sealed,
  };
}

/** A command id that already wrote to another stream: a client bug, never a retry. */
export const commandIdReused = (request: AppendRequest, usedFor: string): BadInputError =>
  new BadInputError(
    `命令编号 ${request.context.commandId} 已用于 ${usedFor}，不能再用于 ${request.streamId}`,
    `commandId ${request.context.commandId} was already used for ${usedFor}, not ${request.streamId}`,
    { field: 'commandId' },
  );
