import type { Database } from 'better-sqlite3';
import { noticeQueries } from '../../../projections/notices.js';
import { subscriptionQueries } from '../../../projections/subscriptions.js';
import { allowedTargets } from '../../domain/subscription/target.js';
import type { EventStore } from '../../eventstore/port.js';
import type { CommandHandler } from '../commands/command-handler.js';
import type { IdempotencyRecords } from '../commands/idempotency.js';
import { DeliveryLog } from './delivery-log.js';
import { Dispatcher } from './dispatcher.js';
import { DeadlineScheduler } from './scheduler.js';
import { send } from './sender.js';
import { SubscriptionCommands } from './subscriptions.js';
import { type Resolver, systemResolver } from './target-check.js';

/** How notices are produced and delivered; every field has a default fit for service. */
export interface NotificationOptions {
  /** Host names, addresses and CIDR ranges that may be reached although not public (FOLLOWUP_WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts?: readonly string[];
  /** The clock of the scheduler and of retries (tests set the day). */
  now?: () => Date;
  /** How host names are resolved (the system's resolver by default). */
  resolve?: Resolver;
  /** Milliseconds between looks at the log for notices to deliver. Default 1000. */
  pollMs?: number;
  /** Milliseconds between runs of the deadline scheduler. Default 60 000. */
  scheduleMs?: number;
  /** First wait after a failed delivery, doubled each failure up to `maxBackoffMs`. Defaults 1 s and 1 h. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Milliseconds a receiver has to answer. Default 10 000. */
  timeoutMs?: number;
  onError?: (error: unknown) => void;
}

export const NOTIFICATION_DEFAULTS = {
  pollMs: 1000,
  scheduleMs: 60_000,
  backoffMs: 1000,
  maxBackoffMs: 3_600_000,
  timeoutMs: 10_000,
  batch: 50,
} as const;

/**
 * Webhook notifications: the subscriptions (commands and reads), and, once started, the deadline scheduler and the
 * dispatcher, which run beside the commands and never hold one up. Started by the one process that writes.
 */
export class Notifications {
  readonly subscriptions: SubscriptionCommands;
  private log: DeliveryLog | undefined;
  private readonly options: Required<Omit<NotificationOptions, 'allowedHosts' | 'onError'>> & {
    onError: (error: unknown) => void;
  };
  private readonly allowed;
  private timer: NodeJS.Timeout | undefined;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private lastSchedule = Number.NEGATIVE_INFINITY;
  private dispatcher: Dispatcher | undefined;
  private scheduler: DeadlineScheduler | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly db: Database,
    handler: CommandHandler,
    idempotency: IdempotencyRecords,
    options: NotificationOptions = {},
  ) {
    this.allowed = allowedTargets(options.allowedHosts ?? []);
    this.options = {
      now: options.now ?? (() => new Date()),
      resolve: options.resolve ?? systemResolver,
      pollMs: options.pollMs ?? NOTIFICATION_DEFAULTS.pollMs,
      scheduleMs: options.scheduleMs ?? NOTIFICATION_DEFAULTS.scheduleMs,
      backoffMs: options.backoffMs ?? NOTIFICATION_DEFAULTS.backoffMs,
      maxBackoffMs: options.maxBackoffMs ?? NOTIFICATION_DEFAULTS.maxBackoffMs,
      timeoutMs: options.timeoutMs ?? NOTIFICATION_DEFAULTS.timeoutMs,
      onError: options.onError ?? (() => {}),
    };
    this.subscriptions = new SubscriptionCommands(
      handler,
      idempotency,
      subscriptionQueries(db),
      () => this.deliveryLog(),
      { allowed: this.allowed, resolve: this.options.resolve },
    );
  }

  /** Prepared on first use: a reader process reads tables its writer made. */
  private deliveryLog(): DeliveryLog {
    this.log ??= new DeliveryLog(this.db);
    return this.log;
  }

  private parts() {
    const notices = noticeQueries(this.db);
    this.scheduler ??= new DeadlineScheduler(this.store, notices, this.deliveryLog(), this.options.now);
    this.dispatcher ??= new Dispatcher(this.store, subscriptionQueries(this.db), notices, this.deliveryLog(), {
      send,
      sendOptions: { allowed: this.allowed, resolve: this.options.resolve, timeoutMs: this.options.timeoutMs },
      now: this.options.now,
      backoffMs: this.options.backoffMs,
      maxBackoffMs: this.options.maxBackoffMs,
      batch: NOTIFICATION_DEFAULTS.batch,
    });
    return { scheduler: this.scheduler, dispatcher: this.dispatcher };
  }

  /** For monitoring: subscriptions whose next notice has failed (held until it is acknowledged). */
  failing(): { subscriptions: number; mostAttempts: number } {
    return this.deliveryLog().failing();
  }

  /** Records the deadline notices due today (by the clock); returns how many were new. */
  schedule(): Promise<number> {
    return this.parts().scheduler.run();
  }

  /** One delivery round for every subscription not already delivering; resolves when those rounds end. */
  deliver(): Promise<void> {
    return this.parts().dispatcher.round();
  }

  /** Runs the scheduler and the dispatcher on their intervals until `stop`. */
  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.loop = this.tick().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  private async tick(): Promise<void> {
    const { scheduler, dispatcher } = this.parts();
    const now = Date.now();
    if (now - this.lastSchedule >= this.options.scheduleMs) {
      this.lastSchedule = now;
      await scheduler.run().catch(this.options.onError);
    }
    // Not awaited: a slow receiver holds its own subscription only; the next tick starts the others again.
    dispatcher.round().catch(this.options.onError);
  }

  /** Stops looking for work and waits for the deliveries under way (each bounded by the timeout) to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.loop;
    await this.dispatcher?.idle();
  }
}
