import type { Database } from 'better-sqlite3';
import { enqueueAppend, type GroupCommitStats, prepareAppend } from '../appending.js';
import { LiveSubscriptions } from '../live-subscription.js';
import {
  type AppendResult,
  answers,
  type BatchAppend,
  type BatchOutcome,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StoreUnavailable,
  type SubscribeOptions,
  type Subscription,
} from '../port.js';
import { assertLogRead, assertStreamRead, firstRevisionAfter } from '../streams.js';
import { type AppendRequest, type BatchHandler, type InlineHandler, type Written, writeAppend } from './append.js';
import { hasEventsTable, migrateEventStore } from './database.js';
import { isUnavailable, toStoreError } from './errors.js';
import { OtherWriters } from './other-writers.js';
import { paged } from './paging.js';
import { type EventRow, prepareStatements, type Statements, toRecorded } from './statements.js';
import {
  type StoreLog,
  type WalCheckpointOptions,
  type WalCheckpointStats,
  WalCheckpoints,
} from './wal-checkpoints.js';
import { WalSync } from './wal-sync.js';

export interface SqliteEventStoreOptions {
  /** Projections, the idempotency record…: they commit with the events or not at all. */
  inline?: InlineHandler[];
  /**
   * Read models that sum up many events (the position, the log's tree): called once per transaction, after its
   * appends, with the events they stored in log order (none: not called). Throwing rolls the whole transaction back.
   */
  beforeCommit?: BatchHandler[];
  /** Most appends committed in one transaction. Default 256. */
  maxBatch?: number;
  /** Close the Database in `close()`. Default false: whoever opened the Database closes it. */
  ownsDatabase?: boolean;
  /**
   * How often live subscriptions look for commits by other connections to the file (another process); 0 turns it
   * off. Default 500 ms. The store's own commits wake them at once.
   */
  otherWritersPollMs?: number;
  /**
   * WAL checkpoints in a worker thread rather than inside COMMIT on the event loop (WalCheckpoints), with these
   * thresholds; false leaves them to SQLite. File databases only.
   */
  walCheckpoints?: WalCheckpointOptions | false;
  /** Told, once, what the store recovers from by itself (a checkpoint worker that failed). Default: nobody. */
  log?: StoreLog | undefined;
}

export type SqliteEventStoreStats = GroupCommitStats;

interface PendingAppend extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = ({ ok: true } & Written) | { ok: false; error: unknown };

const PAGE = 500;

/** An append of a batch failed, not the database: the transaction rolled back. */
class AppendFailed extends Error {
  constructor(
    readonly index: number,
    cause: unknown,
  ) {
    super(`append ${index} of the batch failed`, { cause });
  }
}

/**
 * The embedded event store. Appends arriving together (same tick, or queued while a batch commits) share one
 * `BEGIN IMMEDIATE` transaction, and batches committed together share one fsync of the WAL, run off the event loop
 * (WalSync): an append resolves only once its batch is on disk. Each append is checked against its own expected
 * revision, and one append's conflict or handler error never fails another: a batch runs with no savepoint, and
 * only when an append in it fails is it rolled back and run again with each append in a savepoint of its own. A
 * database that cannot be written rolls the whole batch back and rejects its appends with StoreUnavailable; the next
 * batch starts clean.
 *
 * The Database is the caller's (it also holds the read models): `close()` flushes queued appends and ends
 * subscriptions but leaves the Database open unless `ownsDatabase` is set.
 */
export class SqliteEventStore implements EventStore {
  readonly #db: Database;
  readonly #inline: readonly InlineHandler[];
  readonly #beforeCommit: readonly BatchHandler[];
  readonly #maxBatch: number;
  readonly #ownsDatabase: boolean;
  readonly #sql: Statements;
  readonly #walSync: WalSync | undefined;
  readonly #checkpoints: WalCheckpoints | undefined;
  readonly #commitAll: (batch: PendingAppend[], outcomes: Outcome[]) => void;
  readonly #commitEach: (batch: PendingAppend[], outcomes: Outcome[]) => void;
  readonly #otherWriters: OtherWriters;
  readonly #live: LiveSubscriptions;
  readonly #stats: SqliteEventStoreStats = { batches: 0, failedBatches: 0, appends: 0, events: 0 };
  #queue: PendingAppend[] = [];
  #scheduled = false;
  #closed = false;

  constructor(db: Database, options: SqliteEventStoreOptions = {}) {
    this.#db = db;
    this.#inline = [...(options.inline ?? [])];
    this.#beforeCommit = [...(options.beforeCommit ?? [])];
    this.#maxBatch = Math.max(1, options.maxBatch ?? 256);
    this.#ownsDatabase = options.ownsDatabase ?? false;
    this.#otherWriters = new OtherWriters(db, options.otherWritersPollMs ?? 500, () => this.#live.notify());
    this.#live = new LiveSubscriptions((o) => this.readAll(o), this.#otherWriters);
    try {
      if (!hasEventsTable(db)) migrateEventStore(db);
      this.#sql = prepareStatements(db);
      this.#walSync = WalSync.attach(db);
      this.#checkpoints =
        options.walCheckpoints === false ? undefined : WalCheckpoints.attach(db, options.walCheckpoints, options.log);
    } catch (error) {
      throw toStoreError(error);
    }
    const write = (append: PendingAppend) => writeAppend(this.#sql, this.#inline, append);
    const inSavepoint = db.transaction(write);
    const beforeCommit = (outcomes: Outcome[]) => {
      if (this.#beforeCommit.length === 0) return;
      const stored = outcomes.flatMap((outcome) => (outcome.ok && outcome.stored ? outcome.result.events : []));
      if (stored.length > 0) for (const handler of this.#beforeCommit) handler(stored);
    };
    // Every append of the batch, with no savepoint: an append that fails rolls the whole transaction back.
    this.#commitAll = db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => {
      for (const [index, append] of batch.entries()) {
        try {
          outcomes.push({ ok: true, ...write(append) });
        } catch (error) {
          throw isUnavailable(error) || !db.inTransaction ? error : new AppendFailed(index, error);
        }
      }
      beforeCommit(outcomes);
    }).immediate;
    // Each append in a savepoint of its own: one that fails is rolled back alone.
    this.#commitEach = db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => {
      for (const append of batch) {
        try {
          outcomes.push({ ok: true, ...inSavepoint(append) });
        } catch (error) {
          // A fault of the database itself ends the batch; anything else fails this append alone.
          if (isUnavailable(error) || !db.inTransaction) throw error;
          outcomes.push({ ok: false, error });
        }
      }
      beforeCommit(outcomes);
    }).immediate;
  }

  /** Counters for metrics and tests. */
  stats(): SqliteEventStoreStats {
    return { ...this.#stats };
  }

  /** The checkpoints run off the event loop, and on it; undefined when SQLite runs its own (WalCheckpoints). */
  walCheckpointStats(): WalCheckpointStats | undefined {
    return this.#checkpoints?.stats();
  }

  append(stream: string, events: NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return enqueueAppend(
      this.#closed,
      stream,
      events,
      options?.expectedRevision,
      (prepared) =>
        new Promise<AppendResult>((resolve, reject) => {
          this.#queue.push({ stream, events: prepared, expected: options.expectedRevision, resolve, reject });
          this.#schedule();
        }),
    );
  }

  /** The appends in one transaction of their own, committed once queued appends are: one fsync for all of them. */
  appendBatch(appends: readonly BatchAppend[]): Promise<BatchOutcome[]> {
    const now = new Date().toISOString();
    const outcomes: Promise<BatchOutcome>[] = [];
    const batch: PendingAppend[] = [];
    for (const { stream, events, expectedRevision } of appends) {
      try {
        if (this.#closed) throw new StoreUnavailable('event store is closed');
        const prepared = prepareAppend(stream, events, expectedRevision, now);
        outcomes.push(
          new Promise<AppendResult>((resolve, reject) =>
            batch.push({ stream, events: prepared, expected: expectedRevision, resolve, reject }),
          ).then(
            (result): BatchOutcome => ({ ok: true, result }),
            (error: unknown): BatchOutcome => ({ ok: false, error }),
          ),
        );
      } catch (error) {
        outcomes.push(Promise.resolve({ ok: false, error }));
      }
    }
    while (this.#queue.length > 0) this.#flush();
    if (batch.length > 0) this.#commit(batch);
    return Promise.all(outcomes);
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const from = options.fromRevision ?? 0;
    return paged({
      pageSize: PAGE,
      limit: options.limit ?? Number.POSITIVE_INFINITY,
      validate: () => assertStreamRead(stream, options),
      fetch: (size, last: EventRow | undefined) =>
        this.#read(() => this.#sql.streamPage.all(stream, last ? Number(last.revision) + 1 : from, size)),
      map: toRecorded,
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const { filter } = options;
    if (filter?.stream !== undefined) return this.#readStreamFeed({ ...filter, stream: filter.stream }, options);
    return this.#logPages(options, (size, last) => {
      const { statement, params } = this.#read(() => this.#sql.allPage(options.filter));
      return this.#read(() => statement.all(last?.position ?? BigInt(options.after ?? '0'), ...params, size));
    });
  }

  /** The log's pages after `options.after`, at most `options.limit` events, each page read by `fetch`. */
  #logPages(
    options: ReadAllOptions,
    fetch: (size: number, last: EventRow | undefined) => EventRow[],
  ): AsyncIterable<RecordedEvent> {
    return paged({
      pageSize: PAGE,
      limit: options.limit ?? Number.POSITIVE_INFINITY,
      validate: () => assertLogRead(options),
      fetch,
      map: toRecorded,
    });
  }

  /**
   * The log narrowed to one stream: read in the stream's order from the first revision after `after`, so a page
   * costs its own rows wherever it lies in the stream (the log's order narrowed to a stream is the stream's order).
   */
  #readStreamFeed(filter: EventFilter & { stream: string }, options: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.#logPages(options, (size, last) => {
      const from = last
        ? Number(last.revision) + 1
        : this.#read(() => this.#revisionAfter(filter.stream, options.after));
      const { statement, params } = this.#read(() => this.#sql.streamFeedPage(filter));
      return this.#read(() => statement.all(filter.stream, from, ...params, size));
    });
  }

  /** The first revision of a stream after a global position: one seek when the position is the stream's own. */
  #revisionAfter(stream: string, after: string | undefined): number {
    if (after === undefined) return 0;
    const position = BigInt(after);
    if (position === 0n) return 0;
    const at = this.#sql.atPosition.get(position);
    if (at?.stream === stream) return Number(at.revision) + 1;
    const last = this.#sql.head.get(stream);
    if (!last) return 0;
    return firstRevisionAfter(position, Number(last.revision), (revision) => {
      const entry = this.#sql.entryFrom.get(stream, revision);
      return entry && { revision: Number(entry.revision), position: entry.position };
    });
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return this.#live.subscribe(options, this.#closed);
  }

  async headPosition(): Promise<string> {
    const row = this.#read(() => this.#sql.headPosition.get());
    return String(row?.position ?? 0n);
  }

  ping(): Promise<boolean> {
    return answers(this.#closed, () => this.#sql.headPosition.get());
  }

  /** Commits queued appends, ends subscriptions; closes the Database only when `ownsDatabase` was set. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    while (this.#queue.length > 0) this.#flush();
    await this.#walSync?.close();
    await this.#checkpoints?.close();
    await this.#live.close();
    this.#otherWriters.stop();
    if (this.#ownsDatabase) this.#db.close();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.#maxBatch);
    if (this.#queue.length > 0) this.#schedule();
    if (batch.length > 0) this.#commit(batch);
  }

  /**
   * One transaction for the batch; its appends settle once it is on disk. The batch runs with no savepoint (each
   * costs a copy of every page its append changes); only when one of its appends fails is the transaction rolled
   * back and run again with a savepoint per append, so that the failure is that append's alone.
   */
  #commit(batch: PendingAppend[]): void {
    let outcomes: Outcome[] = [];
    try {
      try {
        this.#commitAll(batch, outcomes);
      } catch (error) {
        if (!(error instanceof AppendFailed)) throw error;
        outcomes = [];
        if (batch.length === 1) outcomes.push({ ok: false, error: error.cause });
        else this.#commitEach(batch, outcomes);
      }
    } catch (error) {
      this.#stats.failedBatches++;
      const failure = toStoreError(error);
      for (const append of batch) append.reject(failure);
      return;
    }
    this.#stats.batches++;
    this.#checkpoints?.afterCommit();
    if (!this.#walSync) {
      this.#settle(batch, outcomes);
      return;
    }
    // Acknowledged only once on disk; meanwhile the event loop serves requests and commits the next batch.
    this.#walSync.durable().then(
      () => this.#settle(batch, outcomes),
      (error) => {
        this.#stats.failedBatches++;
        for (const append of batch) append.reject(error);
      },
    );
  }

  #settle(batch: PendingAppend[], outcomes: Outcome[]): void {
    let stored = false;
    batch.forEach((append, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) {
        this.#stats.appends++;
        this.#stats.events += outcome.stored ? outcome.result.events.length : 0;
        stored ||= outcome.stored;
        append.resolve(outcome.result);
      } else {
        append.reject(outcome ? outcome.error : new Error('append lost its outcome'));
      }
    });
    if (stored) this.#live.notify();
  }

  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
