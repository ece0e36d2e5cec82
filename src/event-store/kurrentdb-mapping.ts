import {
  ErrorType,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type EventData,
  type Filter,
} from '@kurrent/kurrentdb-client';
import type { JsonObject } from '../common/json.js';
import { duplicateResult, eventIdFor } from './envelope.js';
import type {
  AllFilter,
  AppendRequest,
  AppendResult,
  EventMetadata,
  PersonalSecret,
  RecordedEvent,
} from './event-store.port.js';

// How KurrentDB's records, errors and filters map onto the EventStore port.

/** The server reports "no position" as an unsigned -1; real commit positions stay far below 2^63. */
export const NO_POSITION = 2n ** 63n;

/** The fields we read from the client's recorded events, whatever their content type. */
export interface VendorRecord {
  readonly streamId: string;
  readonly id: string;
  readonly type: string;
  readonly revision: bigint;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: { readonly commit: bigint };
}

export interface VendorResolved {
  readonly event?: VendorRecord;
  readonly commitPosition?: bigint;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Uint8Array);

export const isSystem = (streamId: string, type: string): boolean =>
  streamId.startsWith('$') || type.startsWith('$');

/**
 * Our envelope, or undefined for anything else in the database (system events, another
 * application's streams): a shared server may hold events this API never wrote.
 */
export function fromVendor(resolved: VendorResolved): RecordedEvent | undefined {
  const record = resolved.event;
  if (!record || isSystem(record.streamId, record.type)) return undefined;
  const { data, metadata } = record;
  if (!record.isJson || !isObject(data) || !isObject(metadata)) return undefined;
  if (typeof metadata.hash !== 'string' || typeof metadata.commandId !== 'string') return undefined;
  // Stream reads carry the position on the record; $all reads also on the resolved event.
  const commit = record.position?.commit ?? resolved.commitPosition;
  if (commit === undefined || BigInt(commit) < 0n || BigInt(commit) >= NO_POSITION) {
    throw new Error(
      `KurrentDB reported no log position for ${record.streamId}@${record.revision}; ` +
        'stream reads carry positions from server 22.6 on: upgrade the server',
    );
  }
  return {
    position: BigInt(commit),
    streamId: record.streamId,
    revision: BigInt(record.revision),
    // Compared with our uuid v5 ids, which are lower case.
    eventId: record.id.toLowerCase(),
    type: record.type,
    data: data as JsonObject,
    metadata: metadata as unknown as EventMetadata,
  };
}

export const isWrongExpectedVersion = (error: unknown): boolean =>
  error instanceof WrongExpectedVersionError ||
  (isObject(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION);

export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError ||
  (isObject(error) && error.type === ErrorType.STREAM_NOT_FOUND);

export const isStreamDeleted = (error: unknown): boolean =>
  error instanceof StreamDeletedError ||
  (isObject(error) && error.type === ErrorType.STREAM_DELETED);

/**
 * A sealed personal value's own stream (see personal-data.ts). It carries no envelope, so reads of
 * our streams and of $all pass it by (fromVendor), and tombstoning it erases the value.
 */
export const personalStreamOf = (commitment: string): string => `taizhang-personal-${commitment}`;
export const PERSONAL_EVENT = 'PersonalValueSealed';

export const isPersonalSecret = (value: unknown): value is PersonalSecret =>
  isObject(value) &&
  ['eventId', 'path', 'commitment', 'value', 'salt'].every((k) => typeof value[k] === 'string');

export const isTooLarge = (error: unknown): boolean =>
  isObject(error) &&
  (error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED ||
    error.type === ErrorType.APPEND_RECORD_SIZE_EXCEEDED ||
    error.type === ErrorType.TRANSACTION_MAX_SIZE_EXCEEDED);

/** A lost race reported as a result rather than thrown (connection string `throwOnAppendFailure=false`). */
export class LostRace extends Error {}

export const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * $all takes one server-side filter, on stream name or on event type. Types are usually the
 * narrower of the two; whatever the server does not filter is filtered here (`allFilterMatcher`).
 */
export function serverFilter(filter: AllFilter = {}): Filter {
  const types = filter.eventTypes ?? [];
  if (types.length) {
    return eventTypeFilter({ regex: `^(?:${types.map(escapeRegex).join('|')})$` });
  }
  const prefixes = filter.streamPrefixes ?? [];
  if (prefixes.length) return streamNameFilter({ prefixes: [...prefixes] });
  return excludeSystemEvents();
}

export const redact = (url: string): string => url.replace(/\/\/[^@/]*@/, '//***@');

export function toEventData(event: Omit<RecordedEvent, 'position'>): EventData {
  return {
    id: event.eventId,
    contentType: 'application/json',
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata },
  };
}

/**
 * The events an earlier run of this command wrote, when they are within the tail (newest first):
 * a retry appends nothing and answers as the first run did.
 */
export function replay(
  request: AppendRequest,
  tail: readonly RecordedEvent[],
): AppendResult | undefined {
  const { commandId } = request.context;
  const start = tail.findIndex((e) => e.eventId === eventIdFor(commandId, 0));
  if (start < 0) return undefined;
  const events: RecordedEvent[] = [];
  for (let i = start; i >= 0 && tail[i].eventId === eventIdFor(commandId, events.length); i--) {
    events.push(tail[i]);
  }
  return duplicateResult(request.streamId, events);
}
