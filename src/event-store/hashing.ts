import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { JsonObject } from '../common/json.js';
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
 * SHA-256 over the RFC 8785 canonical JSON of the event without its own hash. Canonical form makes
 * the hash independent of key order and number formatting, so anyone can recompute it offline.
 */
export function hashEvent(event: HashableEvent): string {
  // Sealing passes metadata without a hash: no copy needed then (this runs for every event).
  const metadata =
    'hash' in event.metadata
      ? (({ hash: _omit, ...rest }) => rest)(event.metadata)
      : event.metadata;
  const canonical = canonicalize({
    streamId: event.streamId,
    revision: event.revision.toString(),
    eventId: event.eventId,
    type: event.type,
    data: event.data,
    metadata,
  });
  // One-shot hashing: no Hash object per event (this is on every append and every verification).
  return hash('sha256', canonical as string, 'hex');
}
