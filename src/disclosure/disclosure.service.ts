import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import {
  disclosureById,
  disclosurePage,
  type DisclosureFilter,
  type DisclosureRow,
} from '../../projections/disclosures.projection.js';
import type { Actor } from '../auth/actor.js';
import { CommandRunner, type CommandOptions } from '../commands/command-runner.js';
import { NotFoundError } from '../common/errors.js';
import { ReadModels } from '../event-store/read-models.js';
import { disclosureDecider } from './disclosure.decider.js';
import { fingerprint } from './disclosure.content.js';
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
  ) {}

  async publish(input: PublishInput, actor: Actor) {
    // Refuse before rendering a possibly large document for nothing.
    authorisePublish(actor);
    const content = await fingerprint(this.readModels.db, {
      kind: input.kind,
      format: input.format,
      inspectionId: input.inspectionId,
      position: input.asOfPosition ?? null,
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

  /** Regenerates the document from its recorded position and compares it with the recorded hash. */
  async verify(id: string): Promise<Verification> {
    const disclosure = this.get(id);
    const again = await fingerprint(this.readModels.db, {
      kind: disclosure.kind as DisclosureKind,
      format: disclosure.format as DisclosureFormat,
      inspectionId: disclosure.inspectionId,
      position: disclosure.asOfPosition,
    });
    return {
      disclosure,
      ok: again.sha256 === disclosure.sha256 && again.size === disclosure.size,
      regeneratedSha256: again.sha256,
      regeneratedSize: again.size,
    };
  }
}
