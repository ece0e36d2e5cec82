import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type {
  DisclosureFilter,
  DisclosureRow,
} from '../../../projections/disclosure/disclosures.projection.js';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { NotFoundError } from '../../common/errors.js';
import { DisclosureCommandMessage } from '../../commands/command-families.js';
import type { CommandOptions } from '../../commands/domain-command.js';
import { Mutations } from '../../edge/mutations.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import type { ContentSpec } from '../../exchange/disclosure-content.js';
import { Documents } from '../../exchange/documents.js';
import { LEDGER_TREE, type LedgerTree } from '../../verification/api/ledger-tree.js';
import type { DisclosureEvent } from '../domain/disclosure.events.js';
import { authorisePublish } from '../domain/disclosure.policy.js';
import type {
  DisclosureChannel,
  DisclosureCheckpoint,
  DisclosureFormat,
  DisclosureKind,
  DisclosureState,
} from '../domain/disclosure.state.js';

export interface PublishInput extends CommandOptions {
  readonly disclosureId?: string | null;
  readonly kind: DisclosureKind;
  readonly channel: DisclosureChannel;
  readonly title: string;
  readonly format: DisclosureFormat;
  readonly inspectionId?: string | null;
  readonly asOfPosition?: bigint | null;
  readonly reference?: string | null;
}

export interface Verification {
  readonly disclosure: DisclosureRow;
  readonly ok: boolean;
  readonly regeneratedSha256: string;
  readonly regeneratedSize: number;
}

/** Fixed namespace: a disclosure id derived from a client's commandId is the same on every retry. */
const DISCLOSURE_NAMESPACE = '8f0f3f5e-0d0b-5b38-9a55-6d2f0c1e7a41';

@Injectable()
export class DisclosureService {
  constructor(
    private readonly mutations: Mutations,
    private readonly readModels: ReadModels,
    private readonly documents: Documents,
    @Inject(LEDGER_TREE) private readonly ledger: LedgerTree,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  /** The signed checkpoint of the ledger up to and including `position`. */
  private checkpointAt(position: bigint): DisclosureCheckpoint {
    const { origin, treeSize, rootHash, note } = this.ledger.checkpoint(
      this.ledger.sizeAt(position),
    );
    return { origin, treeSize, rootHash, note };
  }

  async publish(input: PublishInput, actor: Actor) {
    // Refuse before rendering a possibly large document for nothing.
    authorisePublish(actor);
    const content = await this.documents.fingerprint({
      kind: input.kind,
      format: input.format,
      inspectionId: input.inspectionId,
      position: input.asOfPosition ?? null,
      checkpointAt: (p: bigint) => this.checkpointAt(p),
    });
    const disclosureId =
      input.disclosureId ??
      (input.commandId ? uuidv5(input.commandId, DISCLOSURE_NAMESPACE) : randomUUID());
    const answer = await this.mutations.run(
      new DisclosureCommandMessage(
        disclosureId,
        {
          type: 'PublishDisclosure',
          disclosureId,
          kind: input.kind,
          channel: input.channel,
          title: input.title,
          format: input.format,
          inspectionId: input.inspectionId ?? null,
          asOfPosition: String(content.position),
          asOfTime: content.at,
          sha256: content.sha256,
          size: content.size,
          reference: input.reference ?? null,
          ...(content.checkpoint ? { checkpoint: content.checkpoint } : {}),
        },
        actor,
        input,
      ),
    );
    return {
      // The row when the read side has it; the recorded state when it is behind.
      disclosure:
        this.readModels.disclosures.byId(disclosureId) ??
        publishedRow(answer.state, answer.entry.position),
      entry: answer.entry,
      readSideBehind: answer.readSideBehind,
    };
  }

  get(id: string): DisclosureRow {
    const row = this.readModels.disclosures.byId(id);
    if (!row) {
      throw new NotFoundError(`信息公开记录 ${id} 不存在`, `No disclosure ${id}`, { id });
    }
    return row;
  }

  list(filter: DisclosureFilter, first: number, after: bigint) {
    return this.readModels.disclosures.page(filter, first, after);
  }

  /**
   * How a published document is regenerated: its kind, format and position, and the checkpoint
   * footer when it was published with one. The footer's root is recomputed from today's tree, so a
   * ledger rewritten before the position no longer regenerates the published bytes.
   */
  async contentSpec(d: DisclosureRow): Promise<ContentSpec> {
    const [published] = await this.store.readStream(`disclosure-${d.disclosureId}`, {
      maxCount: 1,
    });
    const recorded = (published?.data as DisclosureEvent['data'] | undefined)?.checkpoint;
    const checkpointAt = (p: bigint): DisclosureCheckpoint => ({
      ...this.checkpointAt(p),
      origin: recorded!.origin,
      note: recorded!.note,
    });
    return {
      kind: d.kind as DisclosureKind,
      format: d.format as DisclosureFormat,
      inspectionId: d.inspectionId,
      position: d.asOfPosition,
      ...(recorded ? { checkpointAt } : {}),
    };
  }

  /** Regenerates the document from its recorded position and compares it with the recorded hash. */
  async verify(id: string): Promise<Verification> {
    const disclosure = this.get(id);
    const again = await this.documents.fingerprint(await this.contentSpec(disclosure));
    return {
      disclosure,
      ok: again.sha256 === disclosure.sha256 && again.size === disclosure.size,
      regeneratedSha256: again.sha256,
      regeneratedSize: again.size,
    };
  }
}

/** A just-published disclosure as its read-model row would be, from the recorded state. */
function publishedRow(s: DisclosureState, position: bigint): DisclosureRow {
  return {
    disclosureId: s.disclosureId,
    position,
    kind: s.kind ?? '',
    channel: s.channel ?? '',
    title: s.title,
    format: s.format ?? '',
    inspectionId: s.inspectionId,
    asOfPosition: BigInt(s.asOfPosition ?? 0),
    asOfTime: s.asOfTime ?? '',
    sha256: s.sha256 ?? '',
    size: s.size ?? 0,
    reference: s.reference,
    publishedAt: s.publishedAt ?? '',
    publishedBy: s.publishedBy ?? { id: '', name: '', organisation: '' },
  };
}
