import type { ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from '../port.js';

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
