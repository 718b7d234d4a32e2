/** Rules every adapter applies to stream names, expected revisions and read options, before touching its store. */
import type { EventFilter, ExpectedRevision, NewEvent, ReadAllOptions, ReadStreamOptions } from './port.js';

/** `category-id`: a category of letters, digits and `_`, a dash, then an id of URL-safe characters. No `$`. */
const STREAM_NAME = /^[A-Za-z][A-Za-z0-9_]*-[A-Za-z0-9][A-Za-z0-9._:@+-]{0,199}$/;

export function isStreamName(stream: unknown): stream is string {
  return typeof stream === 'string' && STREAM_NAME.test(stream);
}

export function assertStreamName(stream: unknown): asserts stream is string {
  if (!isStreamName(stream))
    throw new RangeError(`invalid stream name ${JSON.stringify(stream)}: expected category-id`);
}

/** The category of a `category-id` stream: the part before the first `-`. */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

export function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  const ok =
    expected === 'no_stream' ||
    expected === 'exists' ||
    expected === 'any' ||
    (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0);
  if (!ok) throw new RangeError(`invalid expected revision ${JSON.stringify(expected)}`);
}

/** A UUID in its 8-4-4-4-12 form, any case, not the nil UUID (EventStoreDB takes only UUIDs, and refuses that one). */
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function isEventId(id: unknown): id is string {
  return typeof id === 'string' && EVENT_ID.test(id) && id !== NIL_UUID;
}

/** The events with their ids in the one form every store keeps, lower-case (EventStoreDB answers no other). */
export function withCanonicalIds(events: readonly NewEvent[]): NewEvent[] {
  return events.map((event) =>
    event.id === undefined || event.id === event.id.toLowerCase() ? event : { ...event, id: event.id.toLowerCase() },
  );
}

export function assertNewEvents(events: unknown): asserts events is NewEvent[] {
  if (!Array.isArray(events) || events.length === 0) throw new RangeError('append needs at least one event');
  for (const event of events as NewEvent[]) {
    if (typeof event !== 'object' || event === null) throw new TypeError('an event must be an object');
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('an event needs a type');
    if (event.id !== undefined && !isEventId(event.id)) {
      throw new TypeError(`an event id must be a UUID, not ${JSON.stringify(event.id)}`);
    }
    if (typeof event.metadata !== 'object' || event.metadata === null) throw new TypeError('an event needs metadata');
    if (event.data === undefined) throw new TypeError('an event needs data (null at least)');
  }
}

/** A count option: absent means unbounded; otherwise a non-negative integer. */
export function assertCount(name: string, value: unknown): asserts value is number | undefined {
  if (value !== undefined && !(typeof value === 'number' && Number.isSafeInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative integer`);
  }
}

/** A global position as a decimal string. */
export function assertPosition(name: string, value: unknown): asserts value is string | undefined {
  if (value !== undefined && !(typeof value === 'string' && /^(0|[1-9][0-9]{0,19})$/.test(value))) {
    throw new RangeError(`${name} must be a position (a decimal string)`);
  }
}

/** A read of one stream checked: the stream's name, the revision it starts from, how many events at most. */
export function assertStreamRead(stream: unknown, options: ReadStreamOptions): asserts stream is string {
  assertStreamName(stream);
  assertCount('fromRevision', options.fromRevision);
  assertCount('limit', options.limit);
}

/** A read of the log checked: the position it reads after, how many events at most. */
export function assertLogRead(options: ReadAllOptions): void {
  assertPosition('after', options.after);
  assertCount('limit', options.limit);
}

/** Whether an event of this stream and type passes the filter. */
export function matchesFilter(filter: EventFilter | undefined, stream: string, type: string): boolean {
  if (!filter) return true;
  if (filter.stream !== undefined && filter.stream !== stream) return false;
  if (filter.types && !filter.types.includes(type)) return false;
  if (filter.categories && !filter.categories.includes(categoryOf(stream))) return false;
  return true;
}

/** A stream's event at or after a revision: its revision and its global position. */
export interface StreamEntry {
  revision: number;
  position: bigint;
}

/**
 * Where a read of one stream "after global position P" starts, as a revision: within a stream, positions grow with
 * revisions, so the first revision whose position passes P is found by halving the stream's revisions, each probe
 * one seek of the (stream, revision) index (`entryFrom`: the first event at or after a revision, revisions gone from
 * a tampered log skipped), never a scan of the stream. `last` is the stream's last revision (-1: empty).
 */
export function firstRevisionAfter(
  after: bigint,
  last: number,
  entryFrom: (revision: number) => StreamEntry | undefined,
): number {
  let low = 0;
  let high = last + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const entry = entryFrom(middle);
    if (entry === undefined || entry.position > after) high = middle;
    else low = entry.revision + 1;
  }
  return low;
}

/** The same search over a store answered asynchronously (one query per probe). */
export async function firstRevisionAfterAsync(
  after: bigint,
  last: number,
  entryFrom: (revision: number) => Promise<StreamEntry | undefined>,
): Promise<number> {
  let low = 0;
  let high = last + 1;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    const entry = await entryFrom(middle);
    if (entry === undefined || entry.position > after) high = middle;
    else low = entry.revision + 1;
  }
  return low;
}
