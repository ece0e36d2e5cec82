import type { Actor } from '../../common/actor.js';
import { hasRole } from '../../common/actor.js';
import type { JsonValue } from '../../common/json.js';

/**
 * Contact details of officials (a responsible leader's phone) are recorded in events so the record
 * is whole, but they are for the offices that chase the work and those that audit it, not for every
 * reader of the ledger. The same rule hides them wherever a ledger entry is served.
 */
const INTERNAL_KEYS = new Set(['phone']);
const READERS_OF_INTERNAL = ['INSPECTION_OFFICE', 'AUDITOR', 'ADMIN'] as const;
export const REDACTED = '［已隐去 / redacted］';

export const seesInternalFields = (actor: Actor | undefined): boolean =>
  actor !== undefined && hasRole(actor, ...READERS_OF_INTERNAL);

export function redactInternal(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactInternal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      INTERNAL_KEYS.has(k) && v !== null ? REDACTED : redactInternal(v),
    ]),
  );
}

/** A changed field whose last path segment is internal (`responsibleLeader.phone`). */
export const isInternalField = (field: string): boolean =>
  INTERNAL_KEYS.has(field.slice(field.lastIndexOf('.') + 1));
