/**
 * What every adapter does with an append apart from storing it: the checks made before it touches its store, each
 * event's defaults and the JSON form it is stored and hashed in, the expected revision against the stream's, and a
 * retry of an append already stored answered with what it stored.
 */
import { timeOrderedEventId } from './event-id.js';
import {
  type AppendResult,
  type EventMetadata,
  type EventMetadataInput,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  StoreUnavailable,
} from './port.js';
import { assertExpectedRevision, assertNewEvents, assertStreamName, withCanonicalIds } from './streams.js';

/** A new event with its defaults set and its data in the JSON form it is stored (and hashed) in. */
export interface PreparedEvent {
  id: string;
  explicitId: boolean;
  type: string;
  data: unknown;
  dataText: string;
  metadata: Omit<EventMetadata, 'hash' | 'previousHash'>;
}

/** An event id is already stored, and not as a retry of this very append. */
export class DuplicateEventId extends Error {
  constructor(readonly id: string) {
    super(`event id ${id} is already recorded`);
    this.name = 'DuplicateEventId';
  }
}

/** Counters of a store that commits appends arriving together in one transaction (group commit). */
export interface GroupCommitStats {
  /** Transactions committed (each holds one or more appends: group commit). */
  batches: number;
  /** Transactions rolled back whole because the store could not be written. */
  failedBatches: number;
  appends: number;
  events: number;
}

/** The metadata an event is stored with, before its place in the hash chain: defaults set, in its JSON form. */
export function storedMetadata(event: NewEvent, now: string): Omit<EventMetadata, 'hash' | 'previousHash'> {
  const { hash: _h, previousHash: _p, ...input } = event.metadata as EventMetadataInput & Partial<EventMetadata>;
  return JSON.parse(
    JSON.stringify({ ...input, recordedAt: input.recordedAt ?? now, schemaVersion: input.schemaVersion ?? 1 }),
  );
}

export function prepareEvent(event: NewEvent, now: string): PreparedEvent {
  const dataText = JSON.stringify(event.data);
  const metadata = storedMetadata(event, now);
  return {
    id: event.id ?? timeOrderedEventId(),
    explicitId: event.id !== undefined,
    type: event.type,
    data: JSON.parse(dataText),
    dataText,
    metadata,
  };
}

/** New events checked, with canonical ids, prepared; throws when they are not events. */
export function prepareEvents(events: NewEvent[], now: string): PreparedEvent[] {
  assertNewEvents(events);
  return withCanonicalIds(events).map((event) => prepareEvent(event, now));
}

/** One append checked (stream name, events, expected revision) and its events prepared; throws when refused. */
export function prepareAppend(
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  now: string,
): PreparedEvent[] {
  assertStreamName(stream);
  assertNewEvents(events);
  assertExpectedRevision(expected);
  return withCanonicalIds(events).map((event) => prepareEvent(event, now));
}

/**
 * An append to a store that queues it: refused at once (a rejected promise) when the store is closed or the append
 * is not one (`prepareAppend`), otherwise its prepared events, stamped now, handed to `enqueue`.
 */
export function enqueueAppend<T>(
  closed: boolean,
  stream: string,
  events: NewEvent[],
  expected: ExpectedRevision,
  enqueue: (prepared: PreparedEvent[]) => Promise<T>,
): Promise<T> {
  let prepared: PreparedEvent[];
  try {
    if (closed) throw new StoreUnavailable('event store is closed');
    prepared = prepareAppend(stream, events, expected, new Date().toISOString());
  } catch (error) {
    return Promise.reject(error);
  }
  return enqueue(prepared);
}

/** Whether a stream at `actual` meets the caller's expectation. */
export function revisionMatches(expected: ExpectedRevision, actual: number | 'no_stream'): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return actual === 'no_stream';
  if (expected === 'exists') return actual !== 'no_stream';
  return expected === actual;
}

/**
 * The first event id of an append is stored: the events stored under its ids (those found, in order) answer it
 * when they are this very append (same stream, consecutive revisions, same types); anything else is refused.
 */
export function answerRetry(
  append: { stream: string; events: readonly { id: string; type: string }[] },
  stored: RecordedEvent[],
): AppendResult {
  const start = stored[0]!.revision;
  const same =
    stored.length === append.events.length &&
    stored.every(
      (event, i) =>
        event.stream === append.stream && event.revision === start + i && event.type === append.events[i]!.type,
    );
  if (!same) throw new DuplicateEventId(append.events[0]!.id);
  const last = stored.at(-1)!;
  return { revision: last.revision, position: last.position, events: stored };
}
