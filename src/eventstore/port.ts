/** The event store port: one interface, an adapter per store, one contract test suite for all. */
import { z } from 'zod';

/** The largest position any store can hold: SQLite's and PostgreSQL's signed 64-bit integer, 2^63 - 1. */
export const MAX_LOG_POSITION = 2n ** 63n - 1n;

/**
 * A global position as a client or an operator writes it: a decimal string from 0 to 2^63 - 1. Every position a
 * request or a command line accepts goes through this one schema, so a larger one is a 400, never a store error.
 */
export const LogPosition = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a global position (a decimal number)')
  .refine((text) => !/^\d+$/.test(text) || BigInt(text) <= MAX_LOG_POSITION, {
    message: `must be a global position from 0 to ${MAX_LOG_POSITION} (2^63 - 1)`,
  });

/** Who recorded an event. */
export interface Actor {
  tokenId: string;
  name: string;
  role: string;
}

/** Metadata the caller gives with a new event. */
export interface EventMetadataInput {
  actor: Actor;
  correlationId: string;
  causationId: string;
  /** ISO-8601 UTC instant; set by the store when absent. */
  recordedAt?: string;
  schemaVersion?: number;
  /** Idempotency record: the scoped key, the hash of the request, the status it answered. */
  idempotency?: { key: string; request: string; status: number };
}

/** Metadata as stored: the input plus the hash chained to the previous event of the stream. */
export interface EventMetadata extends EventMetadataInput {
  recordedAt: string;
  schemaVersion: number;
  /** SHA-256 (hex) over the canonical JSON of this event and `previousHash`. */
  hash: string;
  /** The hash of the previous event of the stream, or null for revision 0. */
  previousHash: string | null;
}

export interface NewEvent {
  /** A UUID, kept lower-case whatever its case here; generated when absent. The same id makes a retry idempotent. */
  id?: string;
  type: string;
  data: unknown;
  metadata: EventMetadataInput;
}

export interface RecordedEvent {
  id: string;
  stream: string;
  /** 0-based revision within the stream. */
  revision: number;
  /** Global position in the log, as a decimal string (it may exceed 2^53). */
  position: string;
  type: string;
  data: unknown;
  metadata: EventMetadata;
}

export type ExpectedRevision = number | 'no_stream' | 'exists' | 'any';

export interface AppendResult {
  /** Revision of the stream's last event after the append. */
  revision: number;
  /** Global position of the last appended event. */
  position: string;
  events: RecordedEvent[];
}

export interface ReadStreamOptions {
  fromRevision?: number;
  limit?: number;
}

export interface EventFilter {
  /** Only these event types. */
  types?: readonly string[];
  /** Only streams of these categories (the part of the stream name before the first `-`). */
  categories?: readonly string[];
  /** Only this stream. */
  stream?: string;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. */
  after?: string;
  limit?: number;
  filter?: EventFilter;
}

export interface SubscribeOptions {
  after?: string;
  filter?: EventFilter;
}

/** Catch-up then live; iterate it, and close it when done. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/**
 * Decides again when the stream has moved past the expected revision: given the events after it, the events to
 * append instead ([] for none), or a throw to refuse. A store that can calls it under its write lock, so the new
 * decision cannot conflict (on a log shared by processes, a busy writer could otherwise win every race); a store
 * that cannot reports RevisionConflict, and the caller decides again itself.
 */
export type Redecide = (newer: readonly RecordedEvent[]) => NewEvent[];

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
  redecide?: Redecide;
}

/** One append of a batch: its stream, its events, the revision it expects. */
export interface BatchAppend {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** What became of one append of a batch: each is checked against its own expected revision. */
export type BatchOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

export interface EventStore {
  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Many appends in one transaction (hash chains and inline read models included), each against its own expected
   * revision: one append's conflict fails it alone. Optional: `appendBatch()` in batch.ts falls back to `append`.
   */
  appendBatch?(appends: readonly BatchAppend[]): Promise<BatchOutcome[]>;
  readStream(stream: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Position of the last event in the log, "0" when empty. */
  headPosition(): Promise<string>;
  /** Whether the store answers; used by /ready. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** The stream is not at the revision the append expected. */
export class RevisionConflict extends Error {
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream} is at revision ${actual}, expected ${expected}`);
    this.name = 'RevisionConflict';
  }
}

/** The store cannot be written or read now (disk full, read-only, locked, unreachable). */
export class StoreUnavailable extends Error {
  /**
   * True when an append failed after it was sent and may have been recorded all the same (a remote store whose
   * answer was lost); false when nothing was recorded.
   */
  readonly outcomeUnknown: boolean;

  constructor(message: string, options?: { cause?: unknown; outcomeUnknown?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreUnavailable';
    this.outcomeUnknown = options?.outcomeUnknown ?? false;
  }
}

/** Whether a store answers (`ping`): not once closed, nor when `probe`, a read of the cheapest kind, fails. */
export async function answers(closed: boolean, probe: () => unknown): Promise<boolean> {
  if (closed) return false;
  try {
    await probe();
    return true;
  } catch {
    return false;
  }
}

/** Another append already recorded this idempotency key (two retries raced); read its record and answer it. */
export class IdempotencyKeyTaken extends Error {
  constructor(
    readonly key: string,
    /** Where the first append under the key is in the log, when the store knows it. */
    readonly position?: string,
  ) {
    super('idempotency key already recorded');
    this.name = 'IdempotencyKeyTaken';
  }
}

/** A stored event cannot be decoded (its data or metadata is not valid JSON): the log was altered outside the store. */
export class CorruptEvent extends Error {
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly position: string,
    options?: { cause?: unknown },
  ) {
    super(`event ${stream}@${revision} (position ${position}) cannot be decoded`, options);
    this.name = 'CorruptEvent';
  }
}
