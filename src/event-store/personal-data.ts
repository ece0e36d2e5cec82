import { hash, randomBytes } from 'node:crypto';
import { hasRole, toEventActor, type Actor } from '../common/actor.js';
import { BadInputError, ForbiddenError, NotFoundError } from '../common/errors.js';
import { canonicalJson, NotJsonError, type JsonObject, type JsonValue } from '../common/json.js';
import { isCommitment, type Commitment } from '../common/personal-data.js';
import { eventIdFor } from './envelope.js';
import type {
  AppendRequest,
  EventStore,
  PersonalSecret,
  RecordedEvent,
} from './event-store.port.js';

/**
 * Personal data as salted commitments. A value at a path an event marks personal is replaced, in the
 * data that is stored and hashed, by `{"commitment": base64url(SHA-256(salt || JCS(value)))}` with a
 * fresh 32-byte salt; the value and its salt are kept beside the event (the SQLite adapter: the
 * `personal_data` table, written in the append's transaction). Everything a reader without the right
 * to the value sees (the hash, the chain, the commitment, every other field) then says nothing about
 * it: guessing needs the salt, 256 random bits. Erasing the value and its salt leaves the event,
 * its hash and every proof over it as they were.
 */

export const SALT_BYTES = 32;
const MAX_PERSONAL_PATHS = 32;
/** `data.` then object keys, dot-separated: the paths a domain marks (no arrays, no escapes). */
const PERSONAL_PATH = /^data(?:\.[A-Za-z_][A-Za-z0-9_]{0,99}){1,8}$/;

/** base64url(SHA-256(salt || canonical JSON of the value)). */
export function commitmentOf(salt: Buffer, valueJson: string): string {
  return hash('sha256', Buffer.concat([salt, Buffer.from(valueJson, 'utf8')]), 'base64url');
}

/** Whether the secret opens its commitment: the check an auditor holding the salt can make. */
export const opens = (secret: PersonalSecret): boolean =>
  commitmentOf(Buffer.from(secret.salt, 'base64url'), secret.value) === secret.commitment;

const badPath = (i: number, path: unknown): BadInputError =>
  new BadInputError(
    `第 ${i + 1} 个事件的个人信息路径无效：${JSON.stringify(path)?.slice(0, 80)}（应为 data.字段.字段）`,
    `Event ${i + 1}: invalid personal-data path ${JSON.stringify(path)?.slice(0, 80)}: expected data.key.key`,
    { field: 'personal', index: i },
  );

export function assertPersonalPath(path: unknown, i = 0): asserts path is string {
  if (typeof path !== 'string' || !PERSONAL_PATH.test(path)) throw badPath(i, path);
}

/** The object holding a path's last key inside `data` (created nowhere), or undefined. */
function parentOf(data: JsonObject, path: string): { parent: JsonObject; key: string } | undefined {
  const keys = path.split('.').slice(1);
  let node: JsonValue = data;
  for (const key of keys.slice(0, -1)) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as JsonObject)[key];
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  return { parent: node as JsonObject, key: keys[keys.length - 1] };
}

/** The value at a personal path of event data (undefined when absent). */
export function valueAt(data: JsonObject, path: string): JsonValue | undefined {
  const at = parentOf(data, path);
  return at && Object.hasOwn(at.parent, at.key) ? at.parent[at.key] : undefined;
}

/** A copy of `data` with a fresh object along `path`, so the caller's object is never changed. */
function copyAlong(data: JsonObject, path: string): JsonObject {
  const root: JsonObject = { ...data };
  let node = root;
  for (const key of path.split('.').slice(1, -1)) {
    const child = node[key];
    if (typeof child !== 'object' || child === null || Array.isArray(child)) break;
    node = node[key] = { ...child };
  }
  return root;
}

/** Secrets without their event id, which the store derives when it seals the event. */
export type SealedValue = Omit<PersonalSecret, 'eventId'>;

/**
 * The request with every marked personal value replaced by its commitment, and, per event, the
 * values and salts to keep beside it. Absent and null values are not personal data and stay as they
 * are. Called once per append, before validation and sealing, so a retried write keeps its salts.
 */
export function commitPersonalData(request: AppendRequest): {
  request: AppendRequest;
  sealed: SealedValue[][];
} {
  const sealed: SealedValue[][] = [];
  const events = (Array.isArray(request.events) ? request.events : []).map((event, i) => {
    const paths = (event as { personal?: unknown } | null)?.personal;
    const mine: SealedValue[] = [];
    sealed.push(mine);
    if (paths === undefined) return event;
    if (!Array.isArray(paths) || paths.length > MAX_PERSONAL_PATHS) throw badPath(i, paths);
    const data = event!.data as unknown;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return event;
    let out = data as JsonObject;
    for (const path of new Set(paths as unknown[])) {
      assertPersonalPath(path, i);
      const value = valueAt(out, path);
      if (value === undefined || value === null || isCommitment(value)) continue;
      let valueJson: string;
      try {
        valueJson = canonicalJson(value);
      } catch (error) {
        if (!(error instanceof NotJsonError)) throw error;
        throw new BadInputError(
          `第 ${i + 1} 个事件的个人信息不是 JSON（${path}）`,
          `Event ${i + 1}: personal value at ${path} is not plain JSON`,
          { field: 'data', index: i, path },
        );
      }
      const salt = randomBytes(SALT_BYTES);
      const commitment = commitmentOf(salt, valueJson);
      out = copyAlong(out, path);
      parentOf(out, path)!.parent[path.slice(path.lastIndexOf('.') + 1)] = {
        commitment,
      } satisfies Commitment;
      mine.push({ path, value: valueJson, salt: salt.toString('base64url'), commitment });
    }
    return { ...event, data: out };
  });
  return { request: { ...request, events }, sealed };
}

/** Every commitment inside a JSON value (data, a state, a field change). */
export function commitmentsIn(value: JsonValue | undefined, out: string[] = []): string[] {
  if (isCommitment(value)) out.push(value.commitment);
  else if (Array.isArray(value)) for (const v of value) commitmentsIn(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) commitmentsIn(v, out);
  return out;
}

/** The value with each commitment replaced by `open(commitment)`. */
export function replaceCommitments(
  value: JsonValue,
  open: (commitment: string) => JsonValue,
): JsonValue {
  if (isCommitment(value)) return open(value.commitment);
  if (Array.isArray(value)) return value.map((v) => replaceCommitments(v, open));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, replaceCommitments(v, open)]),
  );
}

/** Stream of the erasure records of one event's personal data. */
export const erasureStreamOf = (eventId: string): string => `erasure-${eventId}`;

export interface ErasureRequest {
  readonly eventId: string;
  readonly path: string;
  readonly reason: string;
  readonly actor: Actor;
  readonly at: string;
}

export interface ErasureResult {
  readonly event: RecordedEvent;
  readonly commitment: string;
  /** False when the value had been erased before (the erasure is recorded once). */
  readonly erased: boolean;
}

/**
 * Erases a personal value when its retention ends: records `PersonalDataErased` (event, path,
 * commitment, reason, who) in the hash-chained stream `erasure-<eventId>` first, then deletes the
 * value and its salt. The erased event keeps its data, hash and commitment, so every chain and
 * every proof still verifies. Only an ADMIN may erase. A rerun records nothing new and finishes a
 * deletion an interruption left undone. Events older than committed personal data hold the value in
 * clear inside their hash; erasing them would break the chain, so they are refused.
 */
export async function erasePersonalData(
  store: EventStore,
  request: ErasureRequest,
): Promise<ErasureResult> {
  if (!hasRole(request.actor, 'ADMIN')) {
    throw new ForbiddenError(
      '只有系统管理员可以删除个人信息',
      'Only an ADMIN may erase personal data',
    );
  }
  assertPersonalPath(request.path);
  const reason = request.reason.trim();
  if (reason.length < 2) {
    throw new BadInputError(
      '删除个人信息须说明原因（如保存期限届满）',
      'Erasing personal data needs a reason (e.g. its retention period ended)',
      { field: 'reason' },
    );
  }
  const event = await findEvent(store, request.eventId);
  const value = valueAt(event.data, request.path);
  if (!isCommitment(value)) {
    throw new BadInputError(
      value === undefined || value === null
        ? `事件 ${event.eventId} 在 ${request.path} 处没有个人信息`
        : `事件 ${event.eventId} 在 ${request.path} 处的值以明文计入哈希（旧版事件），删除会破坏哈希链`,
      value === undefined || value === null
        ? `Event ${event.eventId} holds no personal value at ${request.path}`
        : `Event ${event.eventId} hashed the value at ${request.path} in clear (an older event); erasing it would break the hash chain`,
      { field: 'path' },
    );
  }
  const streamId = erasureStreamOf(event.eventId);
  const appended = await store.append({
    streamId,
    expectedRevision: 'any',
    events: [
      {
        type: 'PersonalDataErased',
        data: {
          eventId: event.eventId,
          streamId: event.streamId,
          revision: event.revision.toString(),
          path: request.path,
          commitment: value.commitment,
        },
      },
    ],
    context: {
      actor: toEventActor(request.actor),
      // One erasure per value: a rerun appends nothing.
      commandId: eventIdFor(`erase/${event.eventId}`, hashIndex(request.path)),
      recordedAt: request.at,
      reason,
    },
  });
  const erased = await store.erasePersonalData({
    eventId: event.eventId,
    path: request.path,
    commitment: value.commitment,
  });
  return { event: appended.events[0], commitment: value.commitment, erased };
}

/** A stable small number per path, so each path of an event gets its own erasure command id. */
const hashIndex = (path: string): number => parseInt(hash('sha256', path, 'hex').slice(0, 8), 16);

async function findEvent(store: EventStore, eventId: string): Promise<RecordedEvent> {
  const found = await store.findEvent(eventId);
  if (!found) {
    throw new NotFoundError(`事件 ${eventId} 不存在`, `No event ${eventId}`);
  }
  return found;
}
