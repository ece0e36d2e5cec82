import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  disclosureById,
  disclosurePage,
  type DisclosureFilter,
  type DisclosureRow,
} from '../../projections/disclosures.projection.js';
import type { Actor } from '../auth/actor.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import { loadState } from '../common/command-pipeline.js';
import { NotFoundError, TaizhangError } from '../common/errors.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../event-store/read-models.js';
import {
  CURRENT_OUTPUT_ENCODING,
  UNRECORDED_OUTPUT_ENCODING,
  isOutputEncoding,
} from '../exchange/output-encoding.js';
import { disclosureDecider } from './disclosure.decider.js';
import { fingerprint, type ContentSpec } from './disclosure.content.js';
import { authorisePublish } from './disclosure.policy.js';
import type { DisclosureChannel, DisclosureFormat, DisclosureKind } from './disclosure.state.js';

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
    private readonly runner: CommandRunner,
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async publish(input: PublishInput, actor: Actor) {
    // Refuse before rendering a possibly large document for nothing.
    authorisePublish(actor);
    const content = await fingerprint(this.readModels.db, {
      kind: input.kind,
      format: input.format,
      inspectionId: input.inspectionId,
      position: input.asOfPosition ?? null,
      encoding: CURRENT_OUTPUT_ENCODING,
    });
    const disclosureId =
      input.disclosureId ??
      (input.commandId ? uuidv5(input.commandId, DISCLOSURE_NAMESPACE) : randomUUID());
    const result = await this.runner.execute(
      disclosureDecider,
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
        encoding: CURRENT_OUTPUT_ENCODING,
      },
      actor,
      input,
    );
    return { disclosure: this.get(result.state.disclosureId), entry: result.entry };
  }

  get(id: string): DisclosureRow {
    const row = disclosureById(this.readModels.db, id);
    if (!row) {
      throw new NotFoundError(`信息公开记录 ${id} 不存在`, `No disclosure ${id}`, { id });
    }
    return row;
  }

  list(filter: DisclosureFilter, first: number, after: bigint) {
    return disclosurePage(this.readModels.db, filter, first, after);
  }

  /**
   * What regenerates a published document: its position, and the output encoder it was published
   * with (read from its event: the register does not keep it; none recorded means version 1).
   */
  async content(id: string): Promise<{ disclosure: DisclosureRow; spec: ContentSpec }> {
    const disclosure = this.get(id);
    const state = await loadState(
      this.store,
      disclosureDecider,
      disclosureDecider.streamPrefix + id,
    );
    const encoding = state.encoding ?? UNRECORDED_OUTPUT_ENCODING;
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
      position: disclosure.asOfPosition,
      encoding,
    };
    return { disclosure, spec };
  }

  /** Regenerates the document from its recorded position and compares it with the recorded hash. */
  async verify(id: string): Promise<Verification> {
    const { disclosure, spec } = await this.content(id);
    const again = await fingerprint(this.readModels.db, spec);
    return {
      disclosure,
      ok: again.sha256 === disclosure.sha256 && again.size === disclosure.size,
      regeneratedSha256: again.sha256,
      regeneratedSize: again.size,
    };
  }
}
