import type { EventStore, RecordedEvent, SubscribeOptions, Subscription } from './port.js';
import { matchesFilter } from './streams.js';

/** Events a follower may hold unread before it is sent back to read the log itself (the memory one follower costs). */
export const FOLLOWER_BACKLOG = 1000;

/**
 * One reader of the live log for the whole process, fanned out to every follower: a commit costs one read of the
 * new events however many follow. A follower catches up from its own position by reading the log (paged, from the
 * table), then takes the shared reader's events, filtered in memory. A follower that falls more than
 * FOLLOWER_BACKLOG events behind drops what it holds and catches up from the log again: a slow client costs
 * bounded memory, and no event is skipped or given twice.
 */
export class SharedFeed {
  readonly #followers = new Set<Follower>();
  #reader: { started: Promise<Subscription> } | undefined;

  constructor(private readonly store: EventStore) {}

  /** Catch-up then live, like the store's own subscribe, but live from the one shared reader. */
  subscribe(options: SubscribeOptions = {}): Subscription {
    const follower = new Follower(this.store, options, () => this.#leave(follower));
    this.#followers.add(follower);
    if (this.#reader === undefined) this.#start();
    return follower;
  }

  /** How many follow now. */
  get followers(): number {
    return this.#followers.size;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#followers].map((follower) => follower.close()));
    await this.#stop();
  }

  #start(): void {
    // From the head as it is now: a follower reads anything older itself, and it joined before this read.
    const started = this.store.headPosition().then((after) => this.store.subscribe({ after }));
    const reader = { started };
    this.#reader = reader;
    void started
      .then(async (subscription) => {
        for await (const event of subscription) {
          for (const follower of this.#followers) follower.offer(event);
        }
      })
      .catch((error: unknown) => {
        // The shared reader failed: its followers end with the error; the next follower starts a new reader.
        for (const follower of [...this.#followers]) follower.fail(error);
      })
      .finally(() => {
        if (this.#reader === reader) this.#reader = undefined;
      });
  }

  #leave(follower: Follower): void {
    this.#followers.delete(follower);
    if (this.#followers.size === 0) void this.#stop();
  }

  async #stop(): Promise<void> {
    const reader = this.#reader;
    this.#reader = undefined;
    if (reader) await (await reader.started.catch(() => undefined))?.close();
  }
}

/** One follower of the shared feed: its own catch-up, then what the shared reader offers it. */
class Follower implements Subscription {
  #closed = false;
  #behind = false;
  #error: unknown;
  #queue: RecordedEvent[] = [];
  #wake: (() => void) | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly options: SubscribeOptions,
    private readonly onClose: () => void,
  ) {}

  offer(event: RecordedEvent): void {
    if (this.#closed || !matchesFilter(this.options.filter, event.stream, event.type)) return;
    if (this.#queue.length >= FOLLOWER_BACKLOG) {
      this.#queue = [];
      this.#behind = true;
    } else this.#queue.push(event);
    this.#notify();
  }

  fail(error: unknown): void {
    this.#error = error;
    this.#notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    const beyond = (event: RecordedEvent) => after === undefined || BigInt(event.position) > BigInt(after);
    while (!this.#closed) {
      // Catch up from the log: what was committed before this follower joined, or while it lagged.
      this.#behind = false;
      for await (const event of this.store.readAll({
        ...(after === undefined ? {} : { after }),
        ...(this.options.filter ? { filter: this.options.filter } : {}),
      })) {
        if (this.#closed) return;
        after = event.position;
        yield event;
      }
      // Then live: what the shared reader offered meanwhile and from now on, skipping what the catch-up gave.
      while (!this.#closed && !this.#behind) {
        if (this.#error !== undefined) throw this.#error;
        const event = this.#queue.shift();
        if (event === undefined) {
          await new Promise<void>((resolve) => {
            this.#wake = resolve;
          });
          continue;
        }
        if (!beyond(event)) continue;
        after = event.position;
        yield event;
      }
      this.#queue = [];
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue = [];
    this.#notify();
    this.onClose();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
