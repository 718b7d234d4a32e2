/** Preparing an append for EventStoreDB: defaults, deterministic ids, the hash chain, the stored form. */
import { type EventData, type JSONType, jsonEvent } from '@eventstore/db-client';
import { storedMetadata } from '../appending.js';
import { eventHash } from '../integrity.js';
import type { EventMetadata, NewEvent, RecordedEvent } from '../port.js';
import { deterministicEventId, toStoredMetadata } from './mapping.js';

/** The tail of a stream: its last revision and hash, or nothing when the stream does not exist. */
export interface StreamTail {
  revision: number | 'no_stream';
  hash: string | null;
  /** Ids of the last few events, newest first: an idempotent append already stored is found among them. */
  recentIds: readonly string[];
}

export interface PreparedAppend {
  events: Omit<RecordedEvent, 'position'>[];
  /** What is sent to the server. */
  data: EventData[];
}

/** Defaults as every store sets them, in the JSON form the events are stored and hashed in. */
function withDefaults(event: NewEvent, now: string) {
  const metadata = storedMetadata(event, now);
  return { type: event.type, data: JSON.parse(JSON.stringify(event.data)) as unknown, metadata };
}

/** The ids these events get when written at `from`: given ones kept, the others derived. */
export function eventIdsAt(stream: string, events: readonly NewEvent[], from: number, now: string): string[] {
  return events.map(
    (event, i) => event.id ?? deterministicEventId({ stream, revision: from + i, ...withDefaults(event, now) }, i),
  );
}

/** The events as they will be stored after `tail`, each chained to the one before. */
export function prepareAppend(
  stream: string,
  events: readonly NewEvent[],
  tail: StreamTail,
  now: string,
): PreparedAppend {
  let revision = tail.revision === 'no_stream' ? 0 : tail.revision + 1;
  let previousHash = tail.hash;
  const prepared: PreparedAppend = { events: [], data: [] };
  events.forEach((event, i) => {
    const { type, data, metadata: base } = withDefaults(event, now);
    const id = event.id ?? deterministicEventId({ stream, revision, type, data, metadata: base }, i);
    const hash = eventHash({ id, stream, revision, type, data, metadata: base }, previousHash);
    const metadata: EventMetadata = { ...base, previousHash, hash };
    prepared.events.push({ id, stream, revision, type, data, metadata });
    prepared.data.push(jsonEvent({ id, type, data: data as JSONType, metadata: toStoredMetadata(metadata) }));
    previousHash = hash;
    revision++;
  });
  return prepared;
}

/** Whether stored events are this very append (same ids and types, in order): a retry answered from the log. */
export function isSameAppend(
  stored: readonly RecordedEvent[],
  ids: readonly string[],
  events: readonly NewEvent[],
): boolean {
  return (
    stored.length === events.length &&
    stored.every(
      (event, i) =>
        event.id === ids[i] &&
        event.type === events[i]!.type &&
        (i === 0 || event.revision === stored[0]!.revision + i),
    )
  );
}
