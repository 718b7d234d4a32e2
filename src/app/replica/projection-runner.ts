/**
 * The projection runner for a remote log: a replica's read models live in a local SQLite file, fed by a catch-up
 * subscription. Each event is applied in one transaction together with the position it reached (the checkpoint),
 * so a crash leaves the read models exactly at the checkpoint: a restart resumes there and applies nothing twice.
 */
import type { Database } from 'better-sqlite3';
import { bindAll, clearReadModels, PositionQueries, type Projection } from '../../../projections/index.js';
import { type BackoffOptions, backoffDelay, pause } from '../../eventstore/esdb/backoff.js';
import type { EventFilter, EventStore, RecordedEvent, Subscription } from '../../eventstore/port.js';

export interface ProjectionRunnerOptions {
  store: Pick<EventStore, 'subscribe'>;
  /** The replica's own database, its read models migrated; the position projection among them is the checkpoint. */
  db: Database;
  projections: readonly Projection[];
  filter?: EventFilter;
  /**
   * The log's last event passing `filter`: asked at start (the position to reach before the replica is ready) and
   * whenever the subscription is opened again (a checkpoint beyond it means the log was replaced: rebuild).
   */
  target: () => Promise<string>;
  backoff?: BackoffOptions;
  /** Told of each failure (subscription lost, an event that cannot be applied) before the next attempt. */
  onError?: (error: unknown) => void;
}

export type RunnerState = 'stopped' | 'catching-up' | 'live' | 'retrying';

/** Most events applied in one transaction. */
const MAX_BATCH = 500;

const greaterOrEqual = (a: string, b: string) => BigInt(a) >= BigInt(b);

/** The read models' checkpoint is beyond the log's last event: the log was emptied or replaced; they are rebuilt. */
export class CheckpointBeyondLog extends Error {
  constructor(
    readonly checkpoint: string,
    readonly head: string,
  ) {
    super(`the read models are at position ${checkpoint} but the log ends at ${head}: rebuilding them from the log`);
    this.name = 'CheckpointBeyondLog';
  }
}

export class ProjectionRunner {
  readonly #options: ProjectionRunnerOptions;
  readonly #checkpoint: PositionQueries;
  readonly #applyBatch: (events: readonly RecordedEvent[]) => number;
  #batch: RecordedEvent[] = [];
  #flushScheduled = false;
  #failure: unknown;
  readonly #waiters = new Set<{ position: string; done: (reached: boolean) => void }>();
  readonly #abort = new AbortController();
  readonly #onCaughtUp: (() => void)[] = [];
  #subscription: Subscription | undefined;
  #running: Promise<void> | undefined;
  #target: string | undefined;
  #caughtUp = false;
  #state: RunnerState = 'stopped';
  #applied = 0;
  #rebuilds = 0;
  readonly #clear: () => void;

  constructor(options: ProjectionRunnerOptions) {
    this.#options = options;
    this.#checkpoint = new PositionQueries(options.db);
    const apply = bindAll(options.db, options.projections);
    this.#applyBatch = options.db.transaction((events: readonly RecordedEvent[]) => {
      let applied = 0;
      for (const event of events) {
        // A redelivered event (the subscription resumed from an older position) is already in the read models.
        if (greaterOrEqual(this.#checkpoint.currentPosition(), event.position)) continue;
        apply(event);
        applied++;
      }
      return applied;
    });
    this.#clear = () => clearReadModels(options.db, options.projections);
  }

  /** The position the read models have reached: the checkpoint. */
  position(): string {
    return this.#checkpoint.currentPosition();
  }

  get state(): RunnerState {
    return this.#state;
  }

  /** Events applied since start (redeliveries not counted). */
  get applied(): number {
    return this.#applied;
  }

  /** How many times the read models were emptied to be rebuilt, their checkpoint being beyond the log. */
  get rebuilds(): number {
    return this.#rebuilds;
  }

  /** Caught up with the log as it was at start, and not failing now. */
  ready(): boolean {
    return this.#caughtUp && this.#state === 'live';
  }

  /** Resolves once the read models reached the log's position at start (at once if they already have). */
  whenCaughtUp(): Promise<void> {
    if (this.#caughtUp) return Promise.resolve();
    return new Promise((resolve) => this.#onCaughtUp.push(resolve));
  }

  start(): void {
    if (this.#running) return;
    this.#state = 'catching-up';
    this.#running = this.#run();
  }

  /** Resolves true once the read models reach `position`, false when `timeoutMs` passes first or the runner stops. */
  waitFor(position: string, timeoutMs: number): Promise<boolean> {
    if (greaterOrEqual(this.position(), position)) return Promise.resolve(true);
    if (this.#abort.signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        position,
        done: (reached: boolean) => {
          clearTimeout(timer);
          this.#waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.done(false), timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  async stop(): Promise<void> {
    this.#flush();
    this.#abort.abort();
    await this.#subscription?.close();
    await this.#running;
    this.#state = 'stopped';
    for (const waiter of [...this.#waiters]) waiter.done(false);
  }

  async #run(): Promise<void> {
    for (let attempt = 0; !this.#abort.signal.aborted; ) {
      try {
        const head = await this.#options.target();
        if (!greaterOrEqual(head, this.position())) this.#rebuild(head);
        this.#target ??= head;
        this.#noteProgress();
        const after = this.position();
        const subscription = this.#options.store.subscribe({
          ...(after === '0' ? {} : { after }),
          ...(this.#options.filter ? { filter: this.#options.filter } : {}),
        });
        this.#subscription = subscription;
        if (this.#abort.signal.aborted) await subscription.close();
        for await (const event of subscription) {
          this.#batch.push(event);
          // Events already received share one transaction: applied when the batch is full or the stream pauses.
          if (this.#batch.length >= MAX_BATCH) this.#flush();
          else this.#scheduleFlush();
          if (this.#failure === undefined) attempt = 0;
        }
        if (this.#failure !== undefined) throw this.#failure;
        if (this.#abort.signal.aborted) return;
        throw new Error('the subscription ended');
      } catch (error) {
        this.#batch = [];
        this.#failure = undefined;
        if (this.#abort.signal.aborted) return;
        this.#state = 'retrying';
        await this.#subscription?.close().catch(() => {});
        this.#options.onError?.(error);
        await pause(backoffDelay(attempt++, this.#options.backoff), this.#abort.signal);
      }
    }
  }

  /**
   * Empties every read model with its checkpoint, so that the subscription starts again from the log's beginning:
   * events the log holds now at positions below the old checkpoint would be skipped as seen otherwise.
   */
  #rebuild(head: string): void {
    const checkpoint = this.position();
    this.#clear();
    this.#rebuilds++;
    this.#caughtUp = false;
    this.#target = head;
    this.#options.onError?.(new CheckpointBeyondLog(checkpoint, head));
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  /** Applies the pending events in one transaction with their checkpoint; a failure ends the subscription. */
  #flush(): void {
    if (this.#batch.length === 0 || this.#failure !== undefined || this.#abort.signal.aborted) return;
    const batch = this.#batch;
    this.#batch = [];
    try {
      this.#applied += this.#applyBatch(batch);
    } catch (error) {
      this.#failure = error;
      void this.#subscription?.close();
      return;
    }
    this.#noteProgress();
  }

  /** Marks the runner live once it reached the target, and wakes the queries waiting for a position. */
  #noteProgress(): void {
    const position = this.position();
    if (!this.#caughtUp && this.#target !== undefined && greaterOrEqual(position, this.#target)) {
      this.#caughtUp = true;
      for (const resolve of this.#onCaughtUp.splice(0)) resolve();
    }
    this.#state = this.#caughtUp ? 'live' : 'catching-up';
    for (const waiter of [...this.#waiters]) if (greaterOrEqual(position, waiter.position)) waiter.done(true);
  }
}
