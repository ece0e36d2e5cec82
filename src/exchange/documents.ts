import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { ReadModels } from '../../projections/read-models.js';
import { fingerprint, renderDisclosure, type ContentSpec } from './disclosure-content.js';

/**
 * The exchange's documents over the live read models, for the API: controllers and services ask
 * for a document or its fingerprint and never hold the read-model database themselves.
 */
@Injectable()
export class Documents {
  constructor(private readonly readModels: ReadModels) {}

  /** Writes a disclosure's document as of its position. */
  render(spec: ContentSpec, out: Writable): Promise<{ position: bigint; at: string }> {
    return renderDisclosure(this.readModels.database, spec, out);
  }

  /** The SHA-256 and size of a disclosure's document, without keeping the bytes. */
  fingerprint(spec: ContentSpec) {
    return fingerprint(this.readModels.database, spec);
  }
}
