import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { JsonObject } from '../src/common/json.js';

/**
 * A whole record state as stored beside narrow columns (a checkpoint, a current state read only for
 * the rows of a page): its JSON deflated, about a third of the text. Level 1: a rebuild writes many.
 */
export const packJson = (value: JsonObject): Uint8Array =>
  deflateRawSync(JSON.stringify(value), { level: 1 });

export const unpackJson = <T extends JsonObject = JsonObject>(bytes: Uint8Array): T =>
  JSON.parse(inflateRawSync(bytes).toString('utf8')) as T;
