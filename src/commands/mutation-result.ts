import type { DatabaseSync } from 'node:sqlite';
import { recordStateAtVersion } from '../../projections/ledger.queries.js';
import type { CommandOptions, ExecutedCommand } from './command-runner.js';

/**
 * What every domain's mutation resolvers share: splitting an input into the command's own fields,
 * and the record a mutation answers with.
 */

/** The command's own fields: the input less the options every command takes and its id fields. */
export function commandFields<T extends CommandOptions, K extends keyof T & string = never>(
  input: T,
  ...idFields: K[]
): Omit<T, keyof CommandOptions | K> {
  const {
    commandId: _command,
    expectedVersion: _version,
    reason: _reason,
    correlationId: _correlation,
    ...fields
  } = input;
  const own: Record<string, unknown> = fields;
  for (const field of idFields) delete own[field];
  return own as Omit<T, keyof CommandOptions | K>;
}

/**
 * The record as the command left it. A retried commandId appends nothing and answers with the record
 * as the first attempt left it (the ledger's state at that entry), not as it stands now, so a client
 * retrying after a lost reply reads the reply it lost.
 */
export function commandResult<S>(
  db: DatabaseSync,
  out: ExecutedCommand<S>,
): { state: S; version: number } {
  if (!out.append.duplicate) return { state: out.state, version: out.version };
  const first = recordStateAtVersion(db, out.entry.streamId, out.entry.version);
  return { state: (first as S | undefined) ?? out.state, version: out.entry.version };
}
