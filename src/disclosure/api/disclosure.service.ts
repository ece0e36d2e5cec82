import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type {
  DisclosureFilter,
  DisclosureRow,
} from '../../../projections/disclosure/disclosures.projection.js';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { NotFoundError, TaizhangError } from '../../common/errors.js';
import { globalId } from '../../common/global-id.js';
import { DisclosureCommandMessage } from '../../commands/command-families.js';
import { Mutations } from '../../edge/mutations.js';
import type { ContentSpec } from '../../exchange/disclosure-content.js';
import { Documents } from '../../exchange/documents.js';
import type { PublishDisclosureInput } from '../../generated/graphql.js';
import {
  CURRENT_OUTPUT_ENCODING,
  UNRECORDED_OUTPUT_ENCODING,
  isOutputEncoding,
} from '../../exchange/output-encoding.js';
import { LEDGER_TREE, type LedgerTree } from '../../verification/api/ledger-tree.js';
import { authorisePublish } from '../domain/disclosure.policy.js';
import type {
  DisclosureCheckpoint,
  DisclosureFormat,
  DisclosureKind,
  DisclosureState,
} from '../domain/disclosure.state.js';

/** The mutation's input, as the SDL has it. */
export type PublishInput = PublishDisclosureInput;

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
  ) {}

  /** The signed checkpoint of the ledger up to and including `position`. */
  private checkpointAt(position: bigint): DisclosureCheckpoint {
    const { origin, treeSize, rootHash, note } = this.ledger.checkpoint(
      this.ledger.sizeAt(position),
    );
    return { origin, treeSize, rootHash, note };
  }

  /** The footer of a regenerated document: the recorded origin and note, today's root. */
  private recomputed(recorded: DisclosureCheckpoint): (position: bigint) => DisclosureCheckpoint {
    return (position) => ({
      ...this.checkpointAt(position),
      origin: recorded.origin,
      note: recorded.note,
    });
  }

  async publish(input: PublishInput, actor: Actor) {
    // Refuse before rendering a possibly large document for nothing.
    authorisePublish(actor);
    const content = await this.documents.fingerprint({
      kind: input.kind,
      format: input.format,
      inspectionId: input.inspectionId,
      collectionRoundId: input.collectionRoundId,
      batch: input.batch,
      position: input.asOfPosition ?? null,
      encoding: CURRENT_OUTPUT_ENCODING,
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
          collectionRoundId: input.collectionRoundId ?? null,
          batch: input.batch ?? null,
          asOfPosition: String(content.position),
          asOfTime: content.at,
          sha256: content.sha256,
          size: content.size,
          reference: input.reference ?? null,
          encoding: CURRENT_OUTPUT_ENCODING,
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
   * What regenerates a published document: its position, the output encoder it was published with
   * (from the disclosure's recorded state; none recorded means version 1, the encoder before
   * versions were recorded), and the checkpoint footer when it was published with one. The footer's
   * root is recomputed from today's tree, so a ledger rewritten before the position no longer
   * regenerates the published bytes.
   */
  content(id: string): { disclosure: DisclosureRow; spec: ContentSpec } {
    const disclosure = this.get(id);
    const recorded = this.readModels.ledger.stateAsOf(globalId('disclosure', id))?.state as
      Partial<DisclosureState> | undefined;
    const encoding = recorded?.encoding ?? UNRECORDED_OUTPUT_ENCODING;
    if (!isOutputEncoding(encoding)) {
      throw new TaizhangError(
        'INTERNAL',
        `信息公开 ${id} 使用的输出编码版本 ${encoding} 在此版本中不存在`,
        `Disclosure ${id} was rendered with output encoding ${encoding}, unknown to this version`,
      );
    }
    const spec: ContentSpec = {
      kind: disclosure.kind as DisclosureKind,
      format: disclosure.format as DisclosureFormat,
      inspectionId: disclosure.inspectionId,
      collectionRoundId: recorded?.collectionRoundId ?? null,
      batch: disclosure.batch,
      position: disclosure.asOfPosition,
      encoding,
      ...(recorded?.checkpoint ? { checkpointAt: this.recomputed(recorded.checkpoint) } : {}),
    };
    return { disclosure, spec };
  }

  /** The collection round a COLLECTION_REPORT disclosure published (kept in its recorded state). */
  collectionRoundIdOf(id: string): string | null {
    const recorded = this.readModels.ledger.stateAsOf(globalId('disclosure', id))?.state as
      Partial<DisclosureState> | undefined;
    return recorded?.collectionRoundId ?? null;
  }

  /** Regenerates the document from its recorded position and compares it with the recorded hash. */
  async verify(id: string): Promise<Verification> {
    const { disclosure, spec } = this.content(id);
    const again = await this.documents.fingerprint(spec);
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
    batch: s.batch ?? null,
    asOfPosition: BigInt(s.asOfPosition ?? 0),
    asOfTime: s.asOfTime ?? '',
    sha256: s.sha256 ?? '',
    size: s.size ?? 0,
    reference: s.reference,
    publishedAt: s.publishedAt ?? '',
    publishedBy: s.publishedBy ?? { id: '', name: '', organisation: '' },
  };
}
