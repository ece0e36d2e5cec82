import { hash } from 'node:crypto';
import { canonicalJson, type JsonObject } from '../common/json.js';
import type { EventMetadata, StreamRevision } from './event-store.port.js';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

export interface HashableEvent {
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: Omit<EventMetadata, 'hash'> | EventMetadata;
}

/**
 * SHA-256 over the RFC 8785 canonical JSON of the event without its own hash: the object
 * { data, eventId, metadata, revision (decimal string), streamId, type }. Canonical form makes the
 * hash independent of key order and number formatting, so anyone can recompute it offline with any
 * JCS library. `dataJson`, when the caller already holds the data's canonical text, saves a walk.
 */
export function hashEvent(event: HashableEvent, dataJson = canonicalJson(event.data)): string {
  // Sealing passes metadata without a hash: no copy needed then (this runs for every event).
  const metadata =
    'hash' in event.metadata
      ? (({ hash: _omit, ...rest }) => rest)(event.metadata)
      : event.metadata;
  // The members in canonical (sorted) order, so the text equals canonicalJson of the whole object.
  const canonical =
    `{"data":${dataJson},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":${canonicalJson(metadata)},"revision":"${event.revision.toString()}",` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`;
  // One-shot hashing: no Hash object per event (this is on every append and every verification).
  return hash('sha256', canonical, 'hex');
}
