import type { NoticeQueries } from '../../../projections/notices.js';
import type { SubscriptionQueries, SubscriptionRecord } from '../../../projections/subscriptions.js';
import { NOTICE_EVENT_TYPES, NOTICE_OF_EVENT } from '../../domain/subscription/notice.js';
import { wants } from '../../domain/subscription/subscription.js';
import type { EventStore, RecordedEvent } from '../../eventstore/port.js';
import type { Cursor, DeliveryLog } from './delivery-log.js';
import type { SendOptions, SendResult } from './sender.js';
import { sign } from './signature.js';

export interface DispatchOptions {
  send: (url: string, body: string, headers: Record<string, string>, options: SendOptions) => Promise<SendResult>;
  sendOptions: SendOptions;
  now: () => Date;
  /** First wait after a failed attempt; doubled after each further failure, up to `maxBackoffMs`. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Events read from the log at a time, per subscription. */
  batch: number;
}

/** The wait before the attempt following `failures` failed ones: doubling from `base`, at most `max`, ±20 %. */
export function backoff(failures: number, base: number, max: number, random = Math.random): number {
  const plain = Math.min(max, base * 2 ** Math.max(0, failures - 1));
  return Math.round(plain * (0.8 + 0.4 * random()));
}

/** A notice as a receiver gets it: what happened, to which recommendation, at which position of the log. */
export function noticeBody(event: RecordedEvent, subscriptionId: string, notices: NoticeQueries) {
  const data = event.data as Record<string, unknown> & { recommendationId: string };
  const subject = notices.subject(data.recommendationId);
  return {
    id: event.id,
    type: NOTICE_OF_EVENT[event.type]!,
    subscription: subscriptionId,
    position: event.position,
    recordedAt: event.metadata.recordedAt,
    recommendation: subject ?? {
      id: data.recommendationId,
      state: String(data.state ?? ''),
      mechanism: String(data.mechanism ?? ''),
    },
    data,
  };
}

/**
 * Delivers notices from the log, one subscription at a time in the log's order: a subscription's cursor moves past
 * an event only once its receiver answered 2xx (or once it is known the subscription does not want it), and is kept
 * in the database, so a restart resumes where it stopped: at least once, in order. A failure holds that
 * subscription (not the others) until its next attempt, after a doubling wait. Commands never wait for any of this.
 */
export class Dispatcher {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly store: EventStore,
    private readonly subscriptions: SubscriptionQueries,
    private readonly notices: NoticeQueries,
    private readonly log: DeliveryLog,
    private readonly options: DispatchOptions,
  ) {}

  /** Starts a round for every subscription not already busy; resolves when those rounds end. */
  async round(): Promise<void> {
    const started: Promise<void>[] = [];
    for (const subscription of this.subscriptions.active()) {
      if (this.running.has(subscription.id)) continue;
      const run = this.deliver(subscription).finally(() => this.running.delete(subscription.id));
      this.running.set(subscription.id, run);
      started.push(run);
    }
    await Promise.all(started);
  }

  /** Resolves when every delivery under way has ended (each is bounded by the send timeout). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  private async deliver(subscription: SubscriptionRecord & { secret: string }): Promise<void> {
    // A full batch delivered: the next one at once, not at the next round.
    while ((await this.deliverBatch(subscription)) === 'more') {}
  }

  private async deliverBatch(subscription: SubscriptionRecord & { secret: string }): Promise<'more' | 'done'> {
    let cursor = this.log.cursor(subscription.id, subscription.position);
    if (cursor.nextAttemptAt > this.options.now().getTime()) return 'done';
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readAll({
      after: cursor.position,
      limit: this.options.batch,
      filter: { types: NOTICE_EVENT_TYPES },
    })) {
      events.push(event);
    }
    let passed: Cursor | undefined;
    for (const event of events) {
      const body = noticeBody(event, subscription.id, this.notices);
      const kind = body.type;
      if (!wants(subscription, { state: body.recommendation.state, mechanism: body.recommendation.mechanism, kind })) {
        passed = { position: event.position, attempts: 0, nextAttemptAt: 0 };
        continue;
      }
      // Deleted meanwhile: nothing more is sent.
      if (this.subscriptions.get(subscription.id)?.deletedAt) return 'done';
      if (passed) {
        this.log.record(subscription.id, undefined, passed);
        cursor = passed;
        passed = undefined;
      }
      const text = JSON.stringify(body);
      const started = this.options.now();
      const timestamp = Math.floor(started.getTime() / 1000);
      const result = await this.options.send(
        subscription.url,
        text,
        {
          'content-type': 'application/json',
          'user-agent': 'followup-webhooks/1',
          'webhook-id': event.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(subscription.secret, event.id, timestamp, text),
          'followup-subscription': subscription.id,
          'followup-notice': kind,
        },
        this.options.sendOptions,
      );
      const attempt = {
        noticeId: event.id,
        notice: kind,
        position: event.position,
        attempt: cursor.attempts + 1,
        attemptedAt: started.toISOString(),
        durationMs: Math.max(0, this.options.now().getTime() - started.getTime()),
      };
      if (result.outcome === 'delivered') {
        cursor = { position: event.position, attempts: 0, nextAttemptAt: 0 };
        this.log.record(subscription.id, { ...attempt, outcome: 'delivered', status: result.status }, cursor);
        continue;
      }
      const failures = cursor.attempts + 1;
      const next = this.options.now().getTime() + backoff(failures, this.options.backoffMs, this.options.maxBackoffMs);
      cursor = { ...cursor, attempts: failures, nextAttemptAt: next };
      this.log.record(
        subscription.id,
        {
          ...attempt,
          outcome: result.outcome,
          ...('status' in result && result.status !== undefined ? { status: result.status } : {}),
          error: result.error,
          nextAttemptAt: new Date(next).toISOString(),
        },
        cursor,
      );
      return 'done';
    }
    if (passed) this.log.record(subscription.id, undefined, passed);
    return events.length === this.options.batch ? 'more' : 'done';
  }
}
