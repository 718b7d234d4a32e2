import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  type ResolvedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  RevisionConflict,
  StoreUnavailable,
  type SubscribeOptions,
  type Subscription,
} from '../port.js';
import {
  assertCount,
  assertExpectedRevision,
  assertNewEvents,
  assertPosition,
  assertStreamName,
  matchesFilter,
} from '../streams.js';
import { eventIdsAt, isSameAppend, prepareAppend, type StreamTail } from './append.js';
import { type BackoffOptions, backoffDelay, pause } from './backoff.js';
import { clientConnectionString } from './connection.js';
import { conflictFrom, isTransient, toStoreError } from './errors.js';
import {
  comparePositions,
  isLooseExpectation,
  isSystemEvent,
  readPositionAfter,
  revisionMatches,
  toRecorded,
  toServerExpected,
} from './mapping.js';
import { ResubscribingSubscription } from './subscription.js';

export interface EsdbEventStoreOptions {
  /** Dispose of the client in `close()`. Default true. */
  ownsClient?: boolean;
  /** How many of a stream's last events are searched for an idempotent append already stored. Default 32. */
  idempotencyWindow?: number;
  backoff?: BackoffOptions;
  /** Told when a subscription drops and is about to be opened again. */
  onSubscriptionDrop?: (error: unknown, attempt: number) => void;
}

/** Appends decided again when 'any' or 'exists' lost a race; transient faults retried with the same payload. */
const LOOSE_ATTEMPTS = 20;
const TRANSIENT_ATTEMPTS = 3;

/**
 * The event store on EventStoreDB or KurrentDB. The hash chain needs the stream's tail, so every append reads it
 * first, checks the caller's expectation against it, then appends at exactly that revision: the server refuses it
 * if another writer got in between, and stores a resent append (same ids, same revision) once.
 */
export class EsdbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #options: EsdbEventStoreOptions;
  readonly #subscriptions = new Set<ResubscribingSubscription>();
  #closed = false;

  constructor(client: EventStoreDBClient, options: EsdbEventStoreOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    return new EsdbEventStore(EventStoreDBClient.connectionString(clientConnectionString(connectionString)), options);
  }

  async append(
    stream: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    if (this.#closed) throw new StoreUnavailable('event store is closed');
    assertStreamName(stream);
    assertNewEvents(events);
    assertExpectedRevision(options?.expectedRevision);
    const expected = options.expectedRevision;
    const now = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      const tail = await this.#tail(stream, events);
      const stored = await this.#alreadyStored(stream, events, expected, tail, now);
      if (stored) return stored;
      if (!revisionMatches(expected, tail.revision)) throw new RevisionConflict(stream, expected, tail.revision);
      const prepared = prepareAppend(stream, events, tail, now);
      try {
        await this.#send(stream, prepared.data, tail.revision);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw toStoreError(error);
        if (isLooseExpectation(expected) && attempt < LOOSE_ATTEMPTS) continue;
        const answered = await this.#alreadyStored(stream, events, expected, await this.#tail(stream, events), now);
        if (answered) return answered;
        throw conflictFrom(error, stream, expected);
      }
      const first = prepared.events[0]!.revision;
      return this.#readBack(stream, first, prepared.events.length);
    }
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const client = this.#client;
    return {
      async *[Symbol.asyncIterator]() {
        assertStreamName(stream);
        assertCount('fromRevision', options.fromRevision);
        assertCount('limit', options.limit);
        if (options.limit === 0) return;
        const read = client.readStream(stream, {
          fromRevision: BigInt(options.fromRevision ?? 0),
          direction: FORWARDS,
          ...(options.limit === undefined ? {} : { maxCount: options.limit }),
        });
        try {
          for await (const resolved of read) {
            const event = toRecorded(resolved);
            if (event) yield event;
          }
        } catch (error) {
          if (error instanceof StreamNotFoundError) return;
          throw toStoreError(error);
        }
      },
    };
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const client = this.#client;
    return {
      async *[Symbol.asyncIterator]() {
        assertPosition('after', options.after);
        assertCount('limit', options.limit);
        const limit = options.limit ?? Number.POSITIVE_INFINITY;
        if (limit === 0) return;
        let given = 0;
        // $all cannot be filtered server-side by this client's reads: EventStoreDB's own events are skipped here.
        const read = client.readAll({ fromPosition: readPositionAfter(options.after), direction: FORWARDS });
        try {
          for await (const resolved of read) {
            const event = toRecorded(resolved);
            if (!event || (options.after !== undefined && comparePositions(event.position, options.after) <= 0))
              continue;
            if (!matchesFilter(options.filter, event.stream, event.type)) continue;
            yield event;
            if (++given >= limit) return;
          }
        } catch (error) {
          throw toStoreError(error);
        }
      },
    };
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    assertPosition('after', options.after);
    const subscription: ResubscribingSubscription = new ResubscribingSubscription(
      (fromPosition, filter) => this.#client.subscribeToAll({ fromPosition, filter }),
      options,
      {
        ...(this.#options.backoff ? { backoff: this.#options.backoff } : {}),
        ...(this.#options.onSubscriptionDrop ? { onDrop: this.#options.onSubscriptionDrop } : {}),
        onClose: () => this.#subscriptions.delete(subscription),
      },
    );
    if (this.#closed) void subscription.close();
    else this.#subscriptions.add(subscription);
    return subscription;
  }

  /** Position of the last event of ours in the log (EventStoreDB's own events are not counted), "0" when none. */
  headPosition(): Promise<string> {
    return this.lastPosition();
  }

  /** Position of the last event passing `filter`, read backwards from the end of $all; "0" when none. */
  async lastPosition(filter?: EventFilter): Promise<string> {
    try {
      for await (const resolved of this.#client.readAll({ fromPosition: END, direction: BACKWARDS })) {
        const event = resolved.event;
        if (!event || isSystemEvent(event.streamId, event.type)) continue;
        if (!matchesFilter(filter, event.streamId, event.type)) continue;
        return toRecorded(resolved)?.position ?? '0';
      }
      return '0';
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async ping(): Promise<boolean> {
    if (this.#closed) return false;
    try {
      for await (const _ of this.#client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) break;
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    if (this.#options.ownsClient ?? true) await this.#client.dispose();
  }

  /** Sends an append at an exact revision; a transient fault resends it unchanged, which the server stores once. */
  async #send(stream: string, data: Parameters<EventStoreDBClient['appendToStream']>[1], at: number | 'no_stream') {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#client.appendToStream(stream, data, { expectedRevision: toServerExpected(at) });
      } catch (error) {
        if (!isTransient(error) || attempt + 1 >= TRANSIENT_ATTEMPTS) throw error;
        await pause(backoffDelay(attempt, this.#options.backoff));
      }
    }
  }

  /** The stream's last events, newest first: its revision, its hash, and the ids an idempotent retry may match. */
  async #tail(stream: string, events: readonly NewEvent[]): Promise<StreamTail> {
    const idempotent = events[0]?.id !== undefined || events[0]?.metadata.idempotency !== undefined;
    const maxCount = idempotent ? (this.#options.idempotencyWindow ?? 32) : 1;
    const recent: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.#client.readStream(stream, {
        fromRevision: END,
        direction: BACKWARDS,
        maxCount,
      })) {
        recent.push(resolved);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw toStoreError(error);
    }
    const last = recent[0] ? toRecorded(recent[0]) : undefined;
    return {
      revision: last ? last.revision : 'no_stream',
      hash: last?.metadata.hash ?? null,
      recentIds: recent.flatMap((resolved) => (resolved.event ? [resolved.event.id] : [])),
    };
  }

  /**
   * This very append, if the log already holds it: a retry after a lost answer, or the same idempotent request
   * decided by another replica. Found where the caller expected to write, or among the stream's last events.
   */
  async #alreadyStored(stream: string, events: NewEvent[], expected: ExpectedRevision, tail: StreamTail, now: string) {
    if (tail.revision === 'no_stream') return undefined;
    const candidates = new Set<number>();
    if (!revisionMatches(expected, tail.revision)) {
      // Where the caller expected to write, now that the stream has moved past it.
      if (typeof expected === 'number') candidates.add(expected + 1);
      if (expected === 'no_stream') candidates.add(0);
    }
    const keyed = events[0]!.id !== undefined || events[0]!.metadata.idempotency !== undefined;
    if (keyed) {
      // Ids that do not depend on the revision: look for the first one among the stream's last events.
      const [firstId] = eventIdsAt(stream, events, 0, now);
      const back = tail.recentIds.indexOf(firstId!);
      if (back >= 0 && typeof tail.revision === 'number') candidates.add(tail.revision - back);
    }
    for (const from of candidates) {
      if (typeof tail.revision !== 'number' || from > tail.revision) continue;
      const ids = eventIdsAt(stream, events, from, now);
      const stored = await this.#read(stream, from, events.length);
      if (isSameAppend(stored, ids, events)) return result(stored);
    }
    return undefined;
  }

  async #readBack(stream: string, from: number, count: number): Promise<AppendResult> {
    return result(await this.#read(stream, from, count));
  }

  async #read(stream: string, from: number, count: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.readStream(stream, { fromRevision: from, limit: count })) events.push(event);
    return events;
  }
}

function result(events: RecordedEvent[]): AppendResult {
  const last = events.at(-1);
  if (!last) throw new StoreUnavailable('an appended event could not be read back');
  return { revision: last.revision, position: last.position, events };
}
