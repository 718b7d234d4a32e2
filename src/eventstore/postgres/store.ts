import type pg from 'pg';
import { enqueueAppend, type GroupCommitStats } from '../appending.js';
import { LiveSubscriptions } from '../live-subscription.js';
import {
  type AppendOptions,
  type AppendResult,
  answers,
  type EventFilter,
  type EventStore,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  StoreUnavailable,
  type SubscribeOptions,
  type Subscription,
} from '../port.js';
import { assertLogRead, assertStreamRead, firstRevisionAfterAsync } from '../streams.js';
import { type AppendRequest, insertPlanned, lockLog, lookUp, type Outcome, redecideLost } from './append.js';
import { CommitWatcher } from './commits.js';
import { openPool, parsePostgresUrl } from './connection.js';
import { copyBatch } from './copy.js';
import { isUnavailable, toStoreError } from './errors.js';
import { COLUMNS, type EventRow, filterSql, pagedEvents } from './rows.js';
import { migrateEventStore, type Tables, tablesOf } from './schema.js';

export interface PostgresEventStoreOptions {
  /** The schema holding the log; default: the connection string's `schema` parameter, else `followup`. */
  schema?: string;
  /** Connections in the pool (one writes at a time; the others read). Default 6. */
  poolSize?: number;
  /** Most appends committed in one transaction. Default 256. */
  maxBatch?: number;
  /** How often live subscriptions read the head besides listening for notifications; 0: never. Default 1000 ms. */
  pollMs?: number;
  /** How long a batch waits for the log's lock before failing with StoreUnavailable. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /** Told when the notification connection drops (it is opened again on its own). */
  onListenError?: (error: unknown) => void;
}

export type PostgresEventStoreStats = GroupCommitStats;

interface PendingAppend extends AppendRequest {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/**
 * The event store on PostgreSQL, shared by any number of processes. Appends arriving while a batch commits wait
 * and form the next batch: one transaction, one lock, one fsync for all of them (group commit). Each append is
 * checked on its own against the log as seen under the lock, so one append's conflict never fails another.
 * Positions are handed out under the log's lock and are gapless and in commit order (see append.ts): reading
 * "after N" never skips an event that commits later.
 */
export class PostgresEventStore implements EventStore {
  readonly #pool: pg.Pool;
  readonly #tables: Tables;
  readonly #maxBatch: number;
  readonly #watcher: CommitWatcher;
  readonly #live: LiveSubscriptions;
  readonly #stats: PostgresEventStoreStats = { batches: 0, failedBatches: 0, appends: 0, events: 0 };
  #queue: PendingAppend[] = [];
  #writing: Promise<void> | undefined;
  #closed = false;

  private constructor(pool: pg.Pool, tables: Tables, connectionString: string, options: PostgresEventStoreOptions) {
    this.#pool = pool;
    this.#tables = tables;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 256);
    this.#watcher = new CommitWatcher({
      connectionString,
      channel: tables.channel,
      headPosition: () => this.headPosition(),
      pollMs: options.pollMs ?? 1000,
      onCommit: () => this.#live.notify(),
      ...(options.onListenError ? { onError: options.onListenError } : {}),
    });
    this.#live = new LiveSubscriptions((o) => this.readAll(o), this.#watcher);
  }

  /** Connects, creates the schema's tables when missing, and returns the store; StoreUnavailable if unreachable. */
  static async connect(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const target = parsePostgresUrl(url);
    const tables = tablesOf(options.schema ?? target.schema);
    const pool = openPool({
      connectionString: target.connectionString,
      max: options.poolSize ?? 6,
      lockTimeoutMs: options.lockTimeoutMs ?? 10_000,
    });
    // An idle connection the server closes must not crash the process: the next query opens another.
    pool.on('error', () => {});
    try {
      await migrateEventStore(pool, tables);
    } catch (error) {
      await pool.end().catch(() => {});
      throw toStoreError(error);
    }
    return new PostgresEventStore(pool, tables, target.connectionString, options);
  }

  /** The schema holding this log. */
  get schema(): string {
    return this.#tables.schema;
  }

  stats(): PostgresEventStoreStats {
    return { ...this.#stats };
  }

  append(stream: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    return enqueueAppend(
      this.#closed,
      stream,
      events,
      options?.expectedRevision,
      (prepared) =>
        new Promise<AppendResult>((resolve, reject) => {
          const { expectedRevision: expected, redecide } = options;
          this.#queue.push({ stream, events: prepared, expected, redecide, resolve, reject });
          // Appends made in the same tick join one batch.
          this.#writing ??= new Promise((done) => setImmediate(done)).then(() => this.#drain());
        }),
    );
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return pagedEvents((text, values) => this.#query<EventRow>(text, values), {
      limit: options.limit,
      validate: () => assertStreamRead(stream, options),
      page: (size, last) => ({
        text: `SELECT ${COLUMNS} FROM ${this.#tables.events} WHERE stream = $1 AND revision >= $2
               ORDER BY revision LIMIT $3`,
        values: [stream, last ? last.revision + 1 : (options.fromRevision ?? 0), size],
      }),
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    const stream = options.filter?.stream;
    if (stream !== undefined) return this.#readStreamFeed(stream, options);
    return pagedEvents((text, values) => this.#query<EventRow>(text, values), {
      limit: options.limit,
      validate: () => assertLogRead(options),
      page: (size, last) => {
        const { where, params } = filterSql(options.filter, 3);
        return {
          text: `SELECT ${COLUMNS} FROM ${this.#tables.events} WHERE position > $1${where} ORDER BY position LIMIT $2`,
          values: [last?.position ?? options.after ?? '0', size, ...params],
        };
      },
    });
  }

  /**
   * The log narrowed to one stream: read in the stream's order (the log's order narrowed to it) through the (stream,
   * revision) index from the first revision after `after`, so a page costs its own rows wherever it lies.
   */
  #readStreamFeed(stream: string, options: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { stream: _stream, ...rest } = options.filter ?? {};
    const query = (text: string, values: unknown[]) => this.#query<EventRow>(text, values);
    const revisionAfter = () => this.#revisionAfter(stream, options.after);
    const events = this.#tables.events;
    return {
      async *[Symbol.asyncIterator]() {
        assertLogRead(options);
        if (options.limit === 0) return;
        const from = await revisionAfter();
        yield* pagedEvents(query, {
          limit: options.limit,
          validate: () => {},
          page: (size, last) => {
            const { where, params } = filterSql(rest, 4);
            return {
              text: `SELECT ${COLUMNS} FROM ${events} WHERE stream = $1 AND revision >= $2${where}
                     ORDER BY revision LIMIT $3`,
              values: [stream, last ? last.revision + 1 : from, size, ...params],
            };
          },
        });
      },
    };
  }

  /** The first revision of a stream after a global position: one seek when the position is the stream's own. */
  async #revisionAfter(stream: string, after: string | undefined): Promise<number> {
    if (after === undefined || BigInt(after) === 0n) return 0;
    const events = this.#tables.events;
    const at = await this.#query<{ stream: string; revision: number }>(
      `SELECT stream, revision FROM ${events} WHERE position = $1`,
      [after],
    );
    const own = at.rows[0];
    if (own?.stream === stream) return own.revision + 1;
    const head = await this.#query<{ revision: number | null }>(
      `SELECT max(revision) AS revision FROM ${events} WHERE stream = $1`,
      [stream],
    );
    const last = head.rows[0]?.revision;
    if (last === null || last === undefined) return 0;
    return firstRevisionAfterAsync(BigInt(after), last, async (revision) => {
      const { rows } = await this.#query<{ revision: number; position: string }>(
        `SELECT revision, position FROM ${events} WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT 1`,
        [stream, revision],
      );
      const entry = rows[0];
      return entry && { revision: entry.revision, position: BigInt(entry.position) };
    });
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    return this.#live.subscribe(options, this.#closed);
  }

  /** The last position handed out: gapless, so also the last event's, "0" when empty. */
  async headPosition(): Promise<string> {
    const { rows } = await this.#query<{ position: string }>(`SELECT position FROM ${this.#tables.head}`);
    return rows[0]?.position ?? '0';
  }

  /** Position of the last event passing `filter`, "0" when none. */
  async lastPosition(filter?: EventFilter): Promise<string> {
    const { where, params } = filterSql(filter, 1);
    const { rows } = await this.#query<{ position: string }>(
      `SELECT position FROM ${this.#tables.events} WHERE true${where} ORDER BY position DESC LIMIT 1`,
      params,
    );
    return rows[0]?.position ?? '0';
  }

  ping(): Promise<boolean> {
    return answers(this.#closed, () => this.#pool.query('SELECT 1'));
  }

  /** Stores recorded events of another log as they are (ids, revisions, metadata), at new positions: see copy.ts. */
  async copyIn(events: readonly RecordedEvent[]): Promise<{ copied: number; skipped: number }> {
    if (this.#closed) throw new StoreUnavailable('event store is closed');
    const done = await this.#transaction((client) => copyBatch(client, this.#tables, events));
    if (done.copied > 0) this.#live.notify();
    return done;
  }

  /** Commits queued appends, ends subscriptions, closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writing;
    await this.#live.close();
    await this.#watcher.stop();
    await this.#pool.end().catch(() => {});
  }

  async #drain(): Promise<void> {
    try {
      while (this.#queue.length > 0) await this.#commit(this.#queue.splice(0, this.#maxBatch));
    } finally {
      this.#writing = undefined;
    }
  }

  async #commit(batch: PendingAppend[]): Promise<void> {
    const outcomes: Outcome[] = [];
    try {
      await this.#transaction(async (client) => {
        const view = await lockLog(client, this.#tables);
        await lookUp(client, this.#tables, view, batch);
        for (const append of batch) {
          try {
            outcomes.push({ ok: true, ...view.plan(append) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
        await redecideLost(client, this.#tables, view, batch, outcomes);
        await insertPlanned(client, this.#tables, view);
      });
    } catch (error) {
      this.#stats.failedBatches++;
      for (const append of batch) append.reject(error);
      return;
    }
    this.#stats.batches++;
    let stored = false;
    batch.forEach((append, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.ok) {
        append.reject(outcome.error);
        return;
      }
      this.#stats.appends++;
      if (outcome.stored) this.#stats.events += outcome.result.events.length;
      stored ||= outcome.stored;
      append.resolve(outcome.result);
    });
    if (stored) this.#live.notify();
  }

  /** Runs `work` (which opens the transaction) then COMMIT; rolls back on failure, thrown as a store error. */
  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient | undefined;
    let broken: unknown;
    try {
      client = await this.#pool.connect();
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      broken = error;
      if (client && !isUnavailable(error)) await client.query('ROLLBACK').catch(() => {});
      throw toStoreError(error);
    } finally {
      // A connection that failed is dropped from the pool rather than handed to the next query.
      client?.release(broken instanceof Error && isUnavailable(broken) ? broken : undefined);
    }
  }

  async #query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    if (this.#closed && this.#pool.ended) throw new StoreUnavailable('event store is closed');
    try {
      return await this.#pool.query<R>(text, values);
    } catch (error) {
      throw toStoreError(error);
    }
  }
}
