import { randomUUID } from 'node:crypto';
import type { NoticeQueries } from '../../../projections/notices.js';
import { noticeStream } from '../../domain/identity.js';
import { deadlineNoticesDue, deadlinesWorthLooking } from '../../domain/subscription/notice.js';
import { SYSTEM_TOKEN_ID } from '../../domain/token/issuers.js';
import { appendBatch } from '../../eventstore/batch.js';
import { type BatchAppend, type EventStore, RevisionConflict } from '../../eventstore/port.js';
import type { DeliveryLog } from './delivery-log.js';

const TYPE_OF = {
  'deadline.approaching': 'FollowUpDeadlineApproaching',
  'deadline.passed': 'FollowUpDeadlinePassed',
} as const;

/** Appends at most this many notices per append batch. */
const APPENDS_PER_BATCH = 500;

/**
 * The scheduler of deadline notices, inside the service. On each run it takes the days from the last day it went
 * through (kept in the database) to today by the injected clock, asks the read model for follow-ups whose deadline
 * can fall due over them, and appends each notice due as an event of a stream named after the notice (its kind,
 * deadline and recommendation) expected not to exist: a notice recorded once is never recorded again, whatever
 * restarts or second runs happen, and the days a stopped service missed are gone through when it starts again.
 * The dispatcher then delivers these events like any other notice. A first run starts at today: the deadlines of
 * the past are not announced.
 */
export class DeadlineScheduler {
  constructor(
    private readonly store: EventStore,
    private readonly notices: NoticeQueries,
    private readonly log: DeliveryLog,
    private readonly now: () => Date,
  ) {}

  /** Goes through the days up to today; returns how many notices it recorded. */
  async run(): Promise<number> {
    const today = this.now().toISOString().slice(0, 10);
    const last = this.log.lastScheduledDay();
    // The last day is gone through again (a deadline recorded later that day); a clock set back starts at today.
    const since = last !== undefined && last <= today ? last : today;
    const { from, to } = deadlinesWorthLooking(since, today);
    const appends: BatchAppend[] = [];
    const correlationId = randomUUID();
    for (const followUp of this.notices.followUpsWithDeadline(from, to)) {
      for (const due of deadlineNoticesDue(followUp, since, today)) {
        const { recommendationId, state, mechanism, deadline } = followUp;
        appends.push({
          stream: noticeStream(due.kind, deadline, recommendationId),
          expectedRevision: 'no_stream',
          events: [
            {
              type: TYPE_OF[due.kind],
              data: { recommendationId, state, mechanism, deadline, dueOn: due.dueOn },
              metadata: {
                actor: { tokenId: SYSTEM_TOKEN_ID, name: 'followup scheduler', role: 'admin' },
                correlationId,
                causationId: correlationId,
              },
            },
          ],
        });
      }
    }
    let recorded = 0;
    for (let start = 0; start < appends.length; start += APPENDS_PER_BATCH) {
      const outcomes = await appendBatch(this.store, appends.slice(start, start + APPENDS_PER_BATCH));
      for (const outcome of outcomes) {
        if (outcome.ok) recorded += 1;
        // Already recorded (an earlier run, another process): that notice exists once, as it should.
        else if (!(outcome.error instanceof RevisionConflict)) throw outcome.error;
      }
    }
    // Only once every notice due is in the log: a run cut short goes through the same days again.
    this.log.scheduledThrough(today);
    return recorded;
  }
}
