import type { FieldChange } from '../../../projections/ledger/field-changes.js';
import type { Actor } from '../../common/actor.js';
import { hasRole } from '../../common/actor.js';
import type { JsonValue } from '../../common/json.js';
import { isCommitment } from '../../common/personal-data.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { commitmentsIn, replaceCommitments } from '../../event-store/personal-data.js';

/**
 * Contact details of officials (a responsible leader's phone) are recorded in events so the record
 * is whole, but they are for the offices that chase the work and those that audit it, not for every
 * reader of the ledger. The same rule hides them wherever a ledger entry is served.
 *
 * Events since personal data is committed (schemaVersion 2) hold a salted commitment where the value
 * was; the value and its salt live beside the event in the store, and only readers of internal
 * fields get the value back (`revealInternal`). Older events hold the value in clear: hidden by key.
 */
const INTERNAL_KEYS = new Set(['phone']);
const READERS_OF_INTERNAL = ['INSPECTION_OFFICE', 'AUDITOR', 'ADMIN'] as const;
export const REDACTED = '［已隐去 / redacted］';
/** What a reader of internal fields sees where a value was erased when its retention ended. */
export const ERASED = '［已删除 / erased］';

export const seesInternalFields = (actor: Actor | undefined): boolean =>
  actor !== undefined && hasRole(actor, ...READERS_OF_INTERNAL);

/** For readers who may not see internal fields: every commitment and every internal key hidden. */
export function redactInternal(value: JsonValue): JsonValue {
  if (isCommitment(value)) return REDACTED;
  if (Array.isArray(value)) return value.map(redactInternal);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      INTERNAL_KEYS.has(k) && v !== null ? REDACTED : redactInternal(v),
    ]),
  );
}

/**
 * For readers who may see internal fields: each commitment replaced by its value, read from the
 * store (ERASED once erased). Values in clear (events before commitments) are already there. The
 * salt never leaves the store.
 */
export async function revealInternal<T extends JsonValue>(
  store: Pick<EventStore, 'readPersonalData'>,
  values: readonly T[],
): Promise<JsonValue[]> {
  const wanted = values.flatMap((v) => commitmentsIn(v));
  if (wanted.length === 0) return [...values];
  const opened = new Map(
    (await store.readPersonalData(wanted)).map((s) => [s.commitment, JSON.parse(s.value)]),
  );
  return values.map((v) =>
    replaceCommitments(v, (c) => (opened.get(c) as JsonValue | undefined) ?? ERASED),
  );
}

/** A changed field whose last path segment is internal (`responsibleLeader.phone`). */
export const isInternalField = (field: string): boolean =>
  INTERNAL_KEYS.has(field.slice(field.lastIndexOf('.') + 1));

const COMMITMENT_TEXT = /^[A-Za-z0-9_-]{43}$/;
const isCommitmentText = (v: JsonValue | null): v is string =>
  typeof v === 'string' && COMMITMENT_TEXT.test(v);

/**
 * Field changes compare states key by key, so a personal value that changed from one commitment to
 * another shows as `responsibleLeader.phone.commitment`. This gives it back as the change of the
 * value itself (`responsibleLeader.phone`, commitment objects), which readers open or redact.
 */
export const wholeCommitments = (changes: readonly FieldChange[]): FieldChange[] =>
  changes.map((c) =>
    c.field.endsWith('.commitment') &&
    (c.before === null || isCommitmentText(c.before)) &&
    (c.after === null || isCommitmentText(c.after))
      ? {
          field: c.field.slice(0, -'.commitment'.length),
          before: c.before === null ? null : { commitment: c.before },
          after: c.after === null ? null : { commitment: c.after },
        }
      : c,
  );
