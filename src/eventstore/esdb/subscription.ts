import type { AllStreamSubscription, Filter, Position, ReadPosition } from '@eventstore/db-client';
import { CorruptEvent, type RecordedEvent, type SubscribeOptions, type Subscription } from '../port.js';
import { matchesFilter } from '../streams.js';
import { type BackoffOptions, backoffDelay, pause } from './backoff.js';
import { comparePositions, readPositionAfter, serverFilter, toRecorded } from './mapping.js';

/** Opens one catch-up subscription to $all on the server. */
export type OpenSubscription = (from: ReadPosition, filter: Filter) => AllStreamSubscription;

export interface ResubscribeOptions {
  backoff?: BackoffOptions;
  /** Told of each drop (connection lost, leader changed, server restarted) before the next attempt. */
  onDrop?: (error: unknown, attempt: number) => void;
  onClose?: () => void;
}

/**
 * A catch-up subscription to $all that outlives the connection: when the server drops it, it subscribes again
 * from the last event it gave, after a growing pause, so events are neither lost nor given twice.
 */
export class ResubscribingSubscription implements Subscription {
  #closed = false;
  #current: AllStreamSubscription | undefined;
  readonly #abort = new AbortController();
  #drops = 0;

  constructor(
    private readonly open: OpenSubscription,
    private readonly options: SubscribeOptions,
    private readonly hooks: ResubscribeOptions = {},
  ) {}

  /** How many times the server dropped this subscription. */
  get drops(): number {
    return this.#drops;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let after = this.options.after;
    // The server's own position of the last event given: resuming from it needs no translation of ours.
    let resumeAt: Position | undefined;
    let attempt = 0;
    while (!this.#closed) {
      let subscription: AllStreamSubscription | undefined;
      try {
        subscription = this.open(resumeAt ?? readPositionAfter(after), serverFilter(this.options.filter));
        this.#current = subscription;
        if (this.#closed) return;
        for await (const resolved of subscription) {
          if (this.#closed) return;
          const event = toRecorded(resolved);
          if (!event || (after !== undefined && comparePositions(event.position, after) <= 0)) continue;
          attempt = 0;
          after = event.position;
          resumeAt = resolved.event?.position ?? resumeAt;
          if (matchesFilter(this.options.filter, event.stream, event.type)) yield event;
        }
        if (this.#closed) return;
        this.#dropped(new Error('subscription ended by the server'), attempt);
      } catch (error) {
        // A corrupt event is a fact of the log, not a fault of the connection: the consumer must see it.
        if (this.#closed) return;
        if (error instanceof CorruptEvent) throw error;
        this.#dropped(error, attempt);
      } finally {
        if (subscription) void subscription.unsubscribe().catch(() => {});
      }
      await pause(backoffDelay(attempt++, this.hooks.backoff), this.#abort.signal);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort.abort();
    await this.#current?.unsubscribe().catch(() => {});
    this.hooks.onClose?.();
  }

  #dropped(error: unknown, attempt: number): void {
    this.#drops++;
    this.hooks.onDrop?.(error, attempt);
  }
}
