import type { EventActor } from '../common/actor.js';
import type { JsonObject } from '../common/json.js';

/** Revision of an event inside its stream, 0-based. `bigint` because KurrentDB's are 64-bit. */
export type StreamRevision = bigint;
/** Global order of the store, strictly increasing, gaps allowed (KurrentDB commit positions; SQLite and PostgreSQL have none). */
export type Position = bigint;

/**
 * What the writer believes about the stream: it must not exist yet, it may be anything, or it must be
 * exactly at this revision. A stale belief is a `ConcurrencyError`.
 */
export type ExpectedRevision = 'no_stream' | 'any' | StreamRevision;

export type { EventActor } from '../common/actor.js';

export interface EventMetadata {
  readonly actor: EventActor;
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly recordedAt: string;
  readonly reason?: string;
  readonly schemaVersion: number;
  readonly prevHash: string;
  readonly hash: string;
}

export interface NewEvent {
  readonly type: string;
  readonly data: JsonObject;
  /** Version of this event type's data shape; 1 unless the type has evolved. */
  readonly schemaVersion?: number;
  /**
   * Paths of personal data in the event (`data.responsibleLeader.phone`). Each present value is
   * stored as a salted commitment inside the hashed event and kept, with its salt, beside it, where
   * only readers allowed to see it get it back and where it can be erased (personal-data.ts).
   */
  readonly personal?: readonly string[];
}

/** Who asks, when, and why: supplied by the edge (a request, the CLI), never invented by the store. */
export interface AppendContext {
  readonly actor: EventActor;
  readonly commandId: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly recordedAt: string;
  readonly reason?: string;
}

export interface AppendRequest {
  readonly streamId: string;
  readonly expectedRevision: ExpectedRevision;
  readonly events: readonly NewEvent[];
  readonly context: AppendContext;
}

export interface RecordedEvent {
  readonly position: Position;
  readonly streamId: string;
  readonly revision: StreamRevision;
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface AppendResult {
  readonly streamId: string;
  /** Revision of the last event now in the stream from this request. */
  readonly revision: StreamRevision;
  /** Global position of the last event of this request. */
  readonly position: Position;
  readonly events: readonly RecordedEvent[];
  /** True when the command id had already been appended: nothing was written this time. */
  readonly duplicate: boolean;
}

export interface StreamReadOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Inclusive start; defaults to the first (forwards) or the last (backwards) event. */
  readonly fromRevision?: StreamRevision;
  readonly maxCount?: number;
}

export interface AllFilter {
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface AllReadOptions {
  /** Exclusive: events strictly after this position. 0n reads from the start. */
  readonly after?: Position;
  readonly maxCount?: number;
  readonly filter?: AllFilter;
  /**
   * Inclusive: look no further than this position. A filtered read whose matches are sparse would
   * otherwise walk the rest of the log in one call; bounded, it costs what the window holds.
   */
  readonly through?: Position;
  /**
   * The only fields of each event's metadata the reader uses: a store may return just these
   * (the SQLite store then parses none of the rest, a fifth of a catch-up's read: docs/scale.md).
   * Every field when not given.
   */
  readonly metadataFields?: readonly MetadataField[];
}

/** A field of event metadata that holds one value (not the actor's record). */
export type MetadataField = Exclude<keyof EventMetadata, 'actor'>;

export interface SubscriptionOptions {
  readonly after?: Position;
  readonly filter?: AllFilter;
  /** Called when a read fails; the subscription retries from its last delivered position. */
  readonly onError?: (error: unknown, attempt: number) => void;
}

/** Live feed of the global order: catch-up first, then live; every event once, in order. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'kurrentdb' | 'postgres';
  /**
   * Positions a filtered catch-up reads per call (`through` = after + this), for stores whose
   * positions are dense. Undefined: the store bounds its filtered reads itself (KurrentDB's search
   * window), so one read is one window there already.
   */
  readonly filteredScanWindow?: bigint;
  append(request: AppendRequest): Promise<AppendResult>;
  readStream(streamId: string, options?: StreamReadOptions): Promise<RecordedEvent[]>;
  readAll(options?: AllReadOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscriptionOptions): EventSubscription;
  /** Position of the newest event (0n when empty). */
  headPosition(): Promise<Position>;
  /** Resolves when something may have been appended since the call (or after `timeoutMs`). */
  waitForAppend(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
  /** One event by its id (an administrative look-up: erasure), undefined when there is none. */
  findEvent(eventId: string): Promise<RecordedEvent | undefined>;
  /** The sealed personal values behind these commitments; erased ones are missing. */
  readPersonalData(commitments: readonly string[]): Promise<PersonalSecret[]>;
  /** Deletes a sealed value and its salt; the event, its hash and its commitment stay. */
  erasePersonalData(ref: PersonalRef): Promise<boolean>;
}

/** Where a sealed personal value sits: its event, its path in it, and its commitment there. */
export interface PersonalRef {
  readonly eventId: string;
  readonly path: string;
  readonly commitment: string;
}

/** A sealed personal value: the canonical JSON of the value and the salt that opens its commitment. */
export interface PersonalSecret extends PersonalRef {
  /** RFC 8785 canonical JSON of the value. */
  readonly value: string;
  /** 32 random bytes, base64url. */
  readonly salt: string;
}

/** Nest injection token for the port; adapters are bound to it in the event-store module. */
export const EVENT_STORE = Symbol('EVENT_STORE');
