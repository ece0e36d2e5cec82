import { Inject, Injectable } from '@nestjs/common';
import { recordChanges } from '../../projections/ledger/record-kinds.js';
import { entryOfEvent, type LedgerEntryRow } from '../../projections/ledger/ledger.queries.js';
import { ReadModels } from '../../projections/read-models.js';
import type { DomainEvent } from '../common/decider.js';
import type { JsonObject } from '../common/json.js';
import type { CommandOutcome } from '../commands/command-pipeline.js';
import { CommandSender } from '../commands/command-sender.js';
import type { CommandOptions, DomainCommand } from '../commands/domain-command.js';
import { CONFIG, type Config } from '../config/config.js';

/** What a mutation answers with: the record as the command left it, and its ledger entry. */
export interface Answer<S> {
  readonly state: S;
  readonly version: number;
  readonly entry: LedgerEntryRow;
  /**
   * True when the read side had not caught up within READ_YOUR_WRITES_TIMEOUT_MS: the write is
   * committed and `entry` comes from the store, but queries may not show it yet.
   */
  readonly readSideBehind: boolean;
}

/**
 * Read-your-writes, at the API edge only: a mutation sends its command, then waits (bounded) until
 * the read side includes it. A committed write is always answered as a success; when the read side
 * is slow the answer says so instead of failing, so a client never retries a write that landed.
 */
@Injectable()
export class Mutations {
  constructor(
    private readonly sender: CommandSender,
    private readonly readModels: ReadModels,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** How long a mutation waits for the read side (READ_YOUR_WRITES_TIMEOUT_MS). */
  get waitMs(): number {
    return this.config.readYourWritesMs;
  }

  /**
   * After a workflow's reactor has done its part (`reacted`), waits for the read side to show it:
   * true when both happened within the wait.
   */
  async settle(reacted: Promise<boolean>): Promise<boolean> {
    if (!(await reacted)) return false;
    return this.readModels.reachHead(this.waitMs).then(
      () => true,
      () => false,
    );
  }

  async run<S extends JsonObject, C, E extends DomainEvent>(
    message: DomainCommand<S, C, E>,
  ): Promise<Answer<S>> {
    return this.answer(await this.sender.send(message));
  }

  /**
   * A retried command id appends nothing and answers with the record as the first attempt left it
   * (the ledger's state at that entry), not as it stands now: the reply the client lost.
   */
  async answer<S extends JsonObject>(out: CommandOutcome<S>): Promise<Answer<S>> {
    const position = out.append.position;
    const caughtUp = await this.readModels.reach(position, this.config.readYourWritesMs).then(
      () => true,
      () => false,
    );
    const entry = caughtUp ? this.readModels.ledger.entryAt(position) : undefined;
    if (!entry) return behind(out);
    if (!out.append.duplicate) {
      return { state: out.state, version: out.version, entry, readSideBehind: false };
    }
    const first = this.readModels.ledger.stateAtVersion(entry.streamId, entry.version);
    return {
      state: (first as S | undefined) ?? out.state,
      version: entry.version,
      entry,
      readSideBehind: false,
    };
  }
}

function behind<S extends JsonObject>(out: CommandOutcome<S>): Answer<S> {
  const last = out.append.events[out.append.events.length - 1];
  const changes = out.append.duplicate ? [] : recordChanges(out.streamId, out.previous, out.state);
  const entry = entryOfEvent(last, changes);
  return { state: out.state, version: entry.version, entry, readSideBehind: true };
}

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
