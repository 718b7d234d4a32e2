import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from './port.js';
import { assertPosition } from './streams.js';

/** What a subscription needs from its store: paged reads of the log, and a signal after each commit. */
export interface CommitSource {
  readAll(options: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Calls `listener` after each commit that stored events; returns the function removing it. */
  listen(listener: () => void): () => void;
}

/**
 * Catch-up then live: reads the log from `after`, and when it reaches the end waits for the next commit and reads
 * again from the last event it gave. Events are always read from the table, never buffered in memory, so a slow
 * consumer costs nothing and no event can be skipped or given twice. Iteration ends when `close()` is called.
 */
export class LiveSubscription implements Subscription {
  #closed = false;
  #version = 0;
  readonly #waiters = new Set<() => void>();
  readonly #unlisten: () => void;
  readonly #onClose: () => void;

  constructor(
    private readonly source: CommitSource,
    private readonly options: SubscribeOptions,
    onClose: () => void = () => {},
  ) {
    this.#onClose = onClose;
    this.#unlisten = source.listen(() => {
      this.#version++;
      this.#wakeAll();
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    while (!this.#closed) {
      const seen = this.#version;
      const options: ReadAllOptions = after === undefined ? {} : { after };
      if (this.options.filter) options.filter = this.options.filter;
      for await (const event of this.source.readAll(options)) {
        if (this.#closed) return;
        after = event.position;
        yield event;
      }
      if (this.#closed) return;
      if (this.#version === seen) await new Promise<void>((resolve) => this.#waiters.add(resolve));
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unlisten();
    this.#wakeAll();
    this.#onClose();
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** What tells a store of commits made elsewhere (another connection, another process): on while anyone listens. */
export interface CommitWatch {
  start(): void;
  stop(): unknown;
}

/**
 * A store's live subscriptions and the listeners waiting for its commits. The store calls `notify()` after each
 * commit that stored events; the watch of outside commits runs only while a subscription listens.
 */
export class LiveSubscriptions {
  readonly #listeners = new Set<() => void>();
  readonly #subscriptions = new Set<LiveSubscription>();

  constructor(
    private readonly readAll: (options: ReadAllOptions) => AsyncIterable<RecordedEvent>,
    private readonly watch: CommitWatch,
  ) {}

  /** A subscription reading through the store's `readAll`; one made after the store closed is closed at once. */
  subscribe(options: SubscribeOptions, closed: boolean): Subscription {
    assertPosition('after', options.after);
    const source = { readAll: this.readAll, listen: (listener: () => void) => this.#listen(listener) };
    const subscription = new LiveSubscription(source, options, () => this.#subscriptions.delete(subscription));
    if (closed) void subscription.close();
    else this.#subscriptions.add(subscription);
    return subscription;
  }

  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Ends every subscription. */
  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map((s) => s.close()));
  }

  #listen(listener: () => void): () => void {
    this.#listeners.add(listener);
    this.watch.start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) void this.watch.stop();
    };
  }
}
