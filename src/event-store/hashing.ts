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
 * JCS library. Callers that already hold the canonical text of the data, or of the metadata without
 * its hash, pass it and save a walk.
 */
export function hashEvent(
  event: HashableEvent,
  dataJson = canonicalJson(event.data),
  unsignedMetadataJson = canonicalJson(withoutHash(event.metadata)),
): string {
  // One-shot hashing: no Hash object per event (this is on every append and every verification).
  return hash('sha256', canonicalEventText(event, dataJson, unsignedMetadataJson), 'hex');
}

/** The exact text `hashEvent` hashes: what a proof bundle carries so anyone can rehash it. */
export function canonicalEventText(
  event: HashableEvent,
  dataJson = canonicalJson(event.data),
  unsignedMetadataJson = canonicalJson(withoutHash(event.metadata)),
): string {
  // The members in canonical (sorted) order, so the text equals canonicalJson of the whole object.
  return (
    `{"data":${dataJson},"eventId":${JSON.stringify(event.eventId)},` +
    `"metadata":${unsignedMetadataJson},"revision":"${event.revision.toString()}",` +
    `"streamId":${JSON.stringify(event.streamId)},"type":${JSON.stringify(event.type)}}`
  );
}

const withoutHash = (metadata: HashableEvent['metadata']): object =>
  'hash' in metadata ? (({ hash: _omit, ...rest }) => rest)(metadata) : metadata;

const q = JSON.stringify;

/**
 * canonicalJson of metadata the store builds (exactly the fields of EventMetadata, strings checked
 * by validateAppend), written out directly: it runs twice per appended event, to hash and to store,
 * and the general walk with its key sorting costs several times as much. A unit test holds it equal
 * to canonicalJson; verification recomputes hashes with the general walk.
 */
export function metadataJson(m: Omit<EventMetadata, 'hash'> & { readonly hash?: string }): string {
  const a = m.actor;
  return (
    `{"actor":{"id":${q(a.id)},"name":${q(a.name)},"organisation":${q(a.organisation)},"role":${q(a.role)}},` +
    `"causationId":${q(m.causationId)},"commandId":${q(m.commandId)},"correlationId":${q(m.correlationId)},` +
    (m.hash !== undefined ? `"hash":${q(m.hash)},` : '') +
    `"prevHash":${q(m.prevHash)},` +
    (m.reason !== undefined ? `"reason":${q(m.reason)},` : '') +
    `"recordedAt":${q(m.recordedAt)},"schemaVersion":${m.schemaVersion}}`
  );
}
