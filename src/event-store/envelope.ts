import { createHash } from 'node:crypto';
import { BadInputError, ConcurrencyError } from '../common/errors.js';
import { canonicalJson, NotJsonError, type JsonObject } from '../common/json.js';
import type {
  AppendRequest,
  AppendResult,
  EventMetadata,
  RecordedEvent,
  StreamRevision,
} from './event-store.port.js';
import { hashEvent, metadataJson } from './hashing.js';

/** Namespace for event ids: uuidv5(`${commandId}/${index}`) makes a retried command append nothing. */
const EVENT_ID_NAMESPACE = '6f1c4f0e-2b1a-5d3c-9e8f-7a6b5c4d3e2f';

export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_EVENTS_PER_APPEND = 1000;
const STREAM_ID = /^[a-z][a-z0-9]*(?:-[A-Za-z0-9][A-Za-z0-9._:]*)+$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,99}$/;

/** SHA-1 state after the namespace bytes: each id copies it and hashes only its own name. */
const NAMESPACE_HASH = createHash('sha1').update(
  Buffer.from(EVENT_ID_NAMESPACE.replaceAll('-', ''), 'hex'),
);

/**
 * RFC 4122 UUID v5 of `${commandId}/${index}` in EVENT_ID_NAMESPACE: identical to `uuid`'s v5 (a unit
 * test pins that). It runs for every appended event, so it copies a hash that has already taken in
 * the namespace and feeds it a string: no algorithm lookup and no Buffer per call, which cost
 * several times the hashing itself, most of all right after a commit's sync when caches are cold.
 */
export function eventIdFor(commandId: string, index: number): string {
  const h = NAMESPACE_HASH.copy().update(`${commandId}/${index}`).digest('hex');
  // Version 5 in the 13th hex digit, variant 10xx in the 17th.
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length > 200 || !STREAM_ID.test(streamId)) {
    throw new BadInputError(
      `无效的流名称：${JSON.stringify(streamId)?.slice(0, 80)}（应为“类别-编号”，如 task-42）`,
      `Invalid stream id ${JSON.stringify(streamId)?.slice(0, 80)}: expected "category-id", e.g. task-42`,
      { field: 'streamId' },
    );
  }
}

/**
 * Checks a whole request before anything is written: bad input writes nothing. Returns each event's
 * data as canonical JSON text (RFC 8785), made in the same walk that checks it: adapters store
 * exactly that text and the hash covers exactly those bytes, with no second serialisation.
 */
export function validateAppend(request: AppendRequest): string[] {
  assertValidStreamId(request.streamId);
  const exp = request.expectedRevision as unknown;
  if (!(exp === 'no_stream' || exp === 'any' || (typeof exp === 'bigint' && exp >= 0n))) {
    throw new BadInputError(
      `无效的期望版本：${String(exp)}`,
      `Unknown expected revision ${String(exp)}: use 'no_stream', 'any' or a revision >= 0`,
      { field: 'expectedRevision' },
    );
  }
  const { events, context } = request;
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_EVENTS_PER_APPEND) {
    throw new BadInputError(
      `一次追加须含 1 至 ${MAX_EVENTS_PER_APPEND} 个事件`,
      `An append must carry 1 to ${MAX_EVENTS_PER_APPEND} events`,
    );
  }
  if (!context || typeof context.commandId !== 'string' || context.commandId.length === 0) {
    throw new BadInputError('缺少命令编号', 'Missing commandId', { field: 'commandId' });
  }
  const actor = context.actor;
  if (!actor || typeof actor.id !== 'string' || actor.id.length === 0) {
    throw new BadInputError('事件必须记录操作人', 'Every event must carry an actor', {
      field: 'actor',
    });
  }
  for (const field of ['name', 'role', 'organisation'] as const) {
    if (typeof actor[field] !== 'string') {
      throw new BadInputError(`操作人的 ${field} 须为文本`, `actor.${field} must be a string`, {
        field: `actor.${field}`,
      });
    }
  }
  for (const field of ['correlationId', 'causationId', 'reason'] as const) {
    if (context[field] !== undefined && typeof context[field] !== 'string') {
      throw new BadInputError(`${field} 须为文本`, `${field} must be a string`, { field });
    }
  }
  if (typeof context.recordedAt !== 'string' || Number.isNaN(Date.parse(context.recordedAt))) {
    throw new BadInputError('记录时间无效', 'recordedAt must be an ISO-8601 time', {
      field: 'recordedAt',
    });
  }
  return events.map((event, i) => {
    if (typeof event?.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new BadInputError(
        `第 ${i + 1} 个事件类型无效`,
        `Event ${i + 1}: invalid type ${JSON.stringify(event?.type)} (PascalCase, past tense)`,
        { field: 'type', index: i },
      );
    }
    const version = event.schemaVersion as unknown;
    if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) >= 1)) {
      throw new BadInputError(
        `第 ${i + 1} 个事件的数据版本无效`,
        `Event ${i + 1}: schemaVersion must be an integer >= 1`,
        { field: 'schemaVersion', index: i },
      );
    }
    const data = event.data as unknown;
    let json: string;
    try {
      if (typeof data !== 'object' || data === null || Array.isArray(data))
        throw new NotJsonError('$');
      json = canonicalJson(data);
    } catch (error) {
      if (!(error instanceof NotJsonError)) throw error;
      throw new BadInputError(
        `第 ${i + 1} 个事件的数据不是 JSON 对象（${error.path}）`,
        `Event ${i + 1}: data is not a plain JSON object (at ${error.path})`,
        { field: 'data', index: i, path: error.path },
      );
    }
    const size = Buffer.byteLength(json);
    if (size > MAX_EVENT_BYTES) {
      throw new BadInputError(
        `第 ${i + 1} 个事件过大（${size} 字节，上限 1 MiB）`,
        `Event ${i + 1} is ${size} bytes; the limit is 1 MiB`,
        { field: 'data', index: i, size },
      );
    }
    return json;
  });
}

/**
 * A private copy of the request as it was validated. Appends are written a tick later (group
 * commit); without the copy a caller mutating its data object in between would get unvalidated data
 * stored, and the returned events would alias the caller's objects instead of equalling what a read
 * gives back.
 */
export function snapshotAppend(request: AppendRequest, dataJson: readonly string[]): AppendRequest {
  return {
    streamId: request.streamId,
    expectedRevision: request.expectedRevision,
    context: { ...request.context, actor: { ...request.context.actor } },
    events: request.events.map((event, i) => ({
      type: event.type,
      data: JSON.parse(dataJson[i]) as JsonObject,
      ...(event.schemaVersion !== undefined ? { schemaVersion: event.schemaVersion } : {}),
    })),
  };
}

/**
 * Turns a validated request into the events to store, chained from the stream's current head.
 * Both adapters call this inside their write path, so the chain is computed the same way everywhere.
 */
export function sealEvents(
  request: AppendRequest,
  firstRevision: StreamRevision,
  prevHash: string,
  dataJson?: readonly string[],
): Omit<RecordedEvent, 'position'>[] {
  const { context } = request;
  const correlationId = context.correlationId ?? context.commandId;
  const causationId = context.causationId ?? context.commandId;
  let previous = prevHash;
  return request.events.map((event, i) => {
    const base = {
      streamId: request.streamId,
      revision: firstRevision + BigInt(i),
      eventId: eventIdFor(context.commandId, i),
      type: event.type,
      data: event.data,
    };
    const unsigned: Omit<EventMetadata, 'hash'> = {
      actor: {
        id: context.actor.id,
        name: context.actor.name,
        role: context.actor.role,
        organisation: context.actor.organisation,
      },
      commandId: context.commandId,
      correlationId,
      causationId,
      recordedAt: context.recordedAt,
      ...(context.reason !== undefined ? { reason: context.reason } : {}),
      schemaVersion: event.schemaVersion ?? 1,
      prevHash: previous,
    };
    const eventHash = hashEvent(
      { ...base, metadata: unsigned },
      dataJson?.[i],
      metadataJson(unsigned),
    );
    previous = eventHash;
    return { ...base, metadata: { ...unsigned, hash: eventHash } };
  });
}

/** Whether a stream now at `current` (-1: no stream) is where the writer expected it. */
export const acceptsRevision = (
  expected: AppendRequest['expectedRevision'],
  current: bigint,
): boolean =>
  expected === 'any' || (expected === 'no_stream' ? current === -1n : expected === current);

const describeExpected = (exp: AppendRequest['expectedRevision']): string =>
  typeof exp === 'bigint' ? exp.toString() : exp;

/** The refusal of an append whose stream is at `current` (-1: no stream), not where it expected. */
export function conflict(request: AppendRequest, current: bigint): ConcurrencyError {
  return new ConcurrencyError(
    request.streamId,
    describeExpected(request.expectedRevision),
    current === -1n ? 'no_stream' : current.toString(),
  );
}

/** The answer to a retried command: what its first run wrote, marked so the caller knows. */
export function duplicateResult(streamId: string, events: RecordedEvent[]): AppendResult {
  const last = events[events.length - 1];
  return { streamId, revision: last.revision, position: last.position, events, duplicate: true };
}
