import type { JsonObject, JsonValue } from './json.js';

/**
 * Personal data in an event (a responsible leader's phone; complainants' contacts next) is not
 * hashed in clear: the stored, hashed event holds a salted commitment in its place, and the value
 * with its salt lives beside the event, where it can be erased (src/event-store/personal-data.ts).
 * Domains mark which paths of an event's data are personal; this is the shape in the event.
 */
export type Commitment = { commitment: string };

/** A personal value in state folded from events: in clear (older events) or committed. */
export type Personal<T extends JsonValue> = T | Commitment;

export const isCommitment = (value: unknown): value is Commitment =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length === 1 &&
  typeof (value as JsonObject).commitment === 'string';

/**
 * schemaVersion of an event type whose personal paths are committed. Events of an earlier version
 * carry the value in clear inside their hash and stay as they were (see docs/security.md).
 */
export const COMMITTED_PERSONAL_DATA_VERSION = 2;
