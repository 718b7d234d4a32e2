import {
  BACKWARDS,
  type AppendResult as ClientAppendResult,
  END,
  type EventData,
  EventStoreDBClient,
  FORWARDS,
  type ResolvedEvent,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { revisionMatches } from '../appending.js';
import {
  type AppendResult,
  answers,
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
  assertExpectedRevision,
  assertLogRead,
  assertNewEvents,
  assertPosition,
  assertStreamName,
  assertStreamRead,
  matchesFilter,
  withCanonicalIds,
} from '../streams.js';
import { eventIdsAt, isSameAppend, prepareAppend, type StreamTail } from './append.js';
import { type BackoffOptions, backoffDelay, pause } from './backoff.js';
import { clientConnectionString, retryWindowOf } from './connection.js';
import { conflictFrom, isTransient, provesNothingWritten, toStoreError } from './errors.js';
import {
  comparePositions,
  isLooseExpectation,
  isSystemEvent,
  readPositionAfter,
  toRecorded,
  toServerExpected,
} from './mapping.js';
import { ResubscribingSubscription } from './subscription.js';

export interface EsdbEventStoreOptions {
  /** Dispose of the client in `close()`. Default true. */
  ownsClient?: boolean;
  /** How many of a stream's last events are searched for an idempotent append already stored. Default 32. */
  idempotencyWindow?: number;
  /** Between re-subscriptions of a dropped subscription. */
  backoff?: BackoffOptions;
  /**
   * How long an append, or a stream read, keeps retrying transient faults (no leader, a node down, the connection
   * lost) before it answers StoreUnavailable, in ms. Default 30 000: an election with the server's default
   * timeouts, plus the client's keep-alive (20 s) noticing a leader cut off without its connections closing (see
   * docs/deploy.md). A last attempt started inside the window may end after it.
   */
  retryWindowMs?: number;
  /** Between those retries. Default 100 ms doubling to 1 s, jittered. */
  retryBackoff?: BackoffOptions;
  /** Told when a subscription drops and is about to be opened again. */
  onSubscriptionDrop?: (error: unknown, attempt: number) => void;
}

/** Appends decided again when 'any' or 'exists' lost a race. */
const LOOSE_ATTEMPTS = 20;
export const DEFAULT_RETRY_WINDOW_MS = 30_000;
const DEFAULT_RETRY_BACKOFF: BackoffOptions = { initial: 100, max: 1_000 };
/**
 * Asked of every call whose answer decides a write (the tail, the append, the read-back, the stream a command is
 * decided on, the log's head): only the leader answers it. A follower would forward a write, but would answer a
 * read from its own copy, which lags the leader's; asked for the leader, it refuses with the leader's address
 * instead (NotLeaderError), and the client connects there for the next call. Every append must ask it: the client
 * sends appends over one stream per connection, opened with the options of the first append sent on it.
 */
const LEADER = { requiresLeader: true } as const;

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

  /** `retryWindowMs=N` in the connection string is ours, read here and hidden from the client. */
  static connect(connectionString: string, options: EsdbEventStoreOptions = {}): EsdbEventStore {
    const retryWindowMs = retryWindowOf(connectionString);
    const client = EventStoreDBClient.connectionString(clientConnectionString(connectionString));
    return new EsdbEventStore(client, retryWindowMs === undefined ? options : { retryWindowMs, ...options });
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
    const canonical = withCanonicalIds(events);
    const now = new Date().toISOString();
    const deadline = Date.now() + this.#retryWindow;
    for (let attempt = 1; ; attempt++) {
      const tail = await this.#tail(stream, canonical, deadline);
      const stored = await this.#alreadyStored(stream, canonical, expected, tail, now, deadline);
      if (stored) return stored;
      if (!revisionMatches(expected, tail.revision)) throw new RevisionConflict(stream, expected, tail.revision);
      const prepared = prepareAppend(stream, canonical, tail, now);
      try {
        await this.#send(stream, prepared.data, tail.revision, deadline);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (isLooseExpectation(expected) && attempt < LOOSE_ATTEMPTS) continue;
        const fresh = await this.#tail(stream, canonical, deadline);
        const answered = await this.#alreadyStored(stream, canonical, expected, fresh, now, deadline);
        if (answered) return answered;
        throw conflictFrom(error, stream, expected);
      }
      return this.#readBack(stream, prepared.events[0]!.revision, prepared.events.length, deadline);
    }
  }

  /** From the leader; a transient fault is retried within the window, resuming after the last event given. */
  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const client = this.#client;
    const retry = this.#retryPolicy();
    return {
      async *[Symbol.asyncIterator]() {
        assertStreamRead(stream, options);
        let next = options.fromRevision ?? 0;
        let left = options.limit ?? Number.POSITIVE_INFINITY;
        let failingSince: number | undefined;
        for (let attempt = 0; left > 0; attempt++) {
          const read = client.readStream(stream, {
            fromRevision: BigInt(next),
            direction: FORWARDS,
            ...(Number.isFinite(left) ? { maxCount: left } : {}),
            ...LEADER,
          });
          try {
            for await (const resolved of read) {
              const event = toRecorded(resolved);
              if (!event) continue;
              next = event.revision + 1;
              left--;
              failingSince = undefined;
              yield event;
            }
            return;
          } catch (error) {
            if (error instanceof StreamNotFoundError) return;
            failingSince ??= Date.now();
            const delay = backoffDelay(attempt, retry.backoff);
            if (!isTransient(error) || Date.now() + delay > failingSince + retry.window) throw toStoreError(error);
            await pause(delay);
          }
        }
      },
    };
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const client = this.#client;
    return {
      async *[Symbol.asyncIterator]() {
        assertLogRead(options);
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
      // From the leader: a replica whose checkpoint is beyond this rebuilds, so a lagging follower must not answer.
      for await (const resolved of this.#client.readAll({ fromPosition: END, direction: BACKWARDS, ...LEADER })) {
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

  ping(): Promise<boolean> {
    return answers(this.#closed, async () => {
      for await (const _ of this.#client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 })) break;
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.close()));
    if (this.#options.ownsClient ?? true) await this.#client.dispose();
  }

  get #retryWindow(): number {
    return this.#options.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS;
  }

  #retryPolicy() {
    return { window: this.#retryWindow, backoff: this.#options.retryBackoff ?? DEFAULT_RETRY_BACKOFF };
  }

  /**
   * Runs `call` again after each transient fault (an election, a node restarting, a connection lost; after a
   * NotLeaderError the client has already turned to the leader it named) until `deadline`; then throws the last.
   */
  async #retrying<T>(deadline: number, call: () => Promise<T>, onFailure?: (error: unknown) => void): Promise<T> {
    const { backoff } = this.#retryPolicy();
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        onFailure?.(error);
        const delay = backoffDelay(attempt, backoff);
        if (!isTransient(error) || this.#closed || Date.now() + delay > deadline) throw error;
        await pause(delay);
      }
    }
  }

  /**
   * Sends an append at an exact revision, to the leader; a transient fault resends it unchanged, which the server
   * stores once. Past the window, the caller learns whether it may have been written all the same.
   */
  async #send(stream: string, data: EventData[], at: number | 'no_stream', deadline: number) {
    let maybeWritten = false;
    try {
      return await this.#retrying<ClientAppendResult>(
        deadline,
        () => this.#client.appendToStream(stream, data, { expectedRevision: toServerExpected(at), ...LEADER }),
        (error) => {
          if (!provesNothingWritten(error)) maybeWritten = true;
        },
      );
    } catch (error) {
      throw toStoreError(error, undefined, undefined, { outcomeUnknown: maybeWritten });
    }
  }

  /** The stream's last events, newest first, from the leader: its revision, its hash, the ids a retry may match. */
  async #tail(stream: string, events: readonly NewEvent[], deadline: number): Promise<StreamTail> {
    const idempotent = events[0]?.id !== undefined || events[0]?.metadata.idempotency !== undefined;
    const maxCount = idempotent ? (this.#options.idempotencyWindow ?? 32) : 1;
    let recent: ResolvedEvent[];
    try {
      recent = await this.#retrying(deadline, async () => {
        const found: ResolvedEvent[] = [];
        try {
          const read = this.#client.readStream(stream, {
            fromRevision: END,
            direction: BACKWARDS,
            maxCount,
            ...LEADER,
          });
          for await (const resolved of read) found.push(resolved);
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
        return found;
      });
    } catch (error) {
      throw toStoreError(error);
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
  async #alreadyStored(
    stream: string,
    events: NewEvent[],
    expected: ExpectedRevision,
    tail: StreamTail,
    now: string,
    deadline: number,
  ) {
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
      const stored = await this.#read(stream, from, events.length, deadline);
      if (isSameAppend(stored, ids, events)) return result(stored);
    }
    return undefined;
  }

  /** The events just appended, as stored, from the leader (a follower may not have them yet). */
  async #readBack(stream: string, from: number, count: number, deadline: number): Promise<AppendResult> {
    let stored: RecordedEvent[];
    try {
      stored = await this.#read(stream, from, count, deadline);
    } catch (error) {
      if (!(error instanceof StoreUnavailable)) throw error;
      throw new StoreUnavailable(`appended, but not read back: ${error.message}`, {
        cause: error,
        outcomeUnknown: true,
      });
    }
    if (stored.length < count) {
      throw new StoreUnavailable('appended, but the leader did not give the events back', { outcomeUnknown: true });
    }
    return result(stored);
  }

  async #read(stream: string, from: number, count: number, deadline: number): Promise<RecordedEvent[]> {
    try {
      return await this.#retrying(deadline, async () => {
        const events: RecordedEvent[] = [];
        try {
          const read = this.#client.readStream(stream, {
            fromRevision: BigInt(from),
            maxCount: count,
            direction: FORWARDS,
            ...LEADER,
          });
          for await (const resolved of read) {
            const event = toRecorded(resolved);
            if (event) events.push(event);
          }
        } catch (error) {
          if (!(error instanceof StreamNotFoundError)) throw error;
        }
        return events;
      });
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

function result(events: RecordedEvent[]): AppendResult {
  const last = events.at(-1);
  if (!last) throw new StoreUnavailable('an appended event could not be read back');
  return { revision: last.revision, position: last.position, events };
}
