import pg from 'pg';
import { type BackoffOptions, backoffDelay, pause } from '../esdb/backoff.js';

export interface CommitWatcherOptions {
  connectionString: string;
  channel: string;
  /** The log's head position now; read on a timer in case a notification was missed. */
  headPosition: () => Promise<string>;
  /** How often the head is read while someone listens; 0 turns it off. */
  pollMs: number;
  backoff?: BackoffOptions;
  onCommit: () => void;
  onError?: (error: unknown) => void;
}

/**
 * Tells the live subscriptions that other processes committed: each append transaction NOTIFYs the log's channel
 * at COMMIT, and this LISTENs on a connection of its own, opened again (with backoff) when it drops. A reconnect,
 * and a head position seen to move on the timer, count as a commit too, so a lost notification delays an event
 * by one period at most and never loses it (the subscription reads the table, never the notification).
 */
export class CommitWatcher {
  #client: pg.Client | undefined;
  #timer: NodeJS.Timeout | undefined;
  #abort: AbortController | undefined;
  #seen: string | undefined;

  constructor(private readonly options: CommitWatcherOptions) {}

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    void this.#listen(abort.signal);
    if (this.options.pollMs > 0) {
      this.#timer = setInterval(() => void this.#poll(), this.options.pollMs);
      // Watching never keeps a process alive on its own.
      this.#timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#abort = undefined;
    clearInterval(this.#timer);
    this.#timer = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #listen(signal: AbortSignal): Promise<void> {
    for (let attempt = 0; !signal.aborted; ) {
      const client = new pg.Client({ connectionString: this.options.connectionString, keepAlive: true });
      const ended = new Promise<unknown>((resolve) => {
        client.once('error', resolve);
        client.once('end', () => resolve(new Error('the notification connection ended')));
      });
      try {
        await client.connect();
        if (signal.aborted) break;
        this.#client = client;
        client.on('notification', () => this.options.onCommit());
        await client.query(`LISTEN "${this.options.channel}"`);
        // Anything committed while no connection listened is read now.
        if (attempt > 0) this.options.onCommit();
        attempt = 0;
        const cause = await Promise.race([ended, new Promise((resolve) => signal.addEventListener('abort', resolve))]);
        if (signal.aborted) break;
        this.options.onError?.(cause);
      } catch (error) {
        if (signal.aborted) break;
        this.options.onError?.(error);
      } finally {
        client.removeAllListeners('notification');
        client.on('error', () => {});
        if (this.#client === client) this.#client = undefined;
        void client.end().catch(() => {});
      }
      await pause(backoffDelay(attempt++, this.options.backoff), signal);
    }
  }

  async #poll(): Promise<void> {
    try {
      const head = await this.options.headPosition();
      if (this.#seen !== undefined && head !== this.#seen) this.options.onCommit();
      this.#seen = head;
    } catch {
      // The server is away: the subscriptions' own reads report it; the next tick looks again.
    }
  }
}
