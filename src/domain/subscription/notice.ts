import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { CalendarDate } from '../vocabulary.js';

/** What a subscriber is told of: a follow-up deadline 30 days away or passed, a reply, a grade, a reminder. */
export const NOTICE_KINDS = [
  'deadline.approaching',
  'deadline.passed',
  'reply.recorded',
  'grade.recorded',
  'reminder.recorded',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];
export const NoticeKind = z.enum(NOTICE_KINDS);

/** How many days before a follow-up deadline the approaching notice is due. */
export const DAYS_BEFORE_DEADLINE = 30;

/** The scheduler found a follow-up deadline 30 days away (or nearer, when it learnt of it late). */
export const FollowUpDeadlineApproaching = z.strictObject({
  recommendationId: z.string(),
  state: z.string(),
  mechanism: z.string(),
  deadline: CalendarDate,
  /** The day the notice fell due: 30 days before the deadline, or the first day the scheduler ran after that. */
  dueOn: CalendarDate,
});
/** The scheduler found a follow-up deadline passed without a reply: the day after it, the follow-up is overdue. */
export const FollowUpDeadlinePassed = z.strictObject({
  recommendationId: z.string(),
  state: z.string(),
  mechanism: z.string(),
  deadline: CalendarDate,
  dueOn: CalendarDate,
});

export type NoticeEvent = EventsOf<typeof noticeEventSchemas>;
export const noticeEventSchemas = { FollowUpDeadlineApproaching, FollowUpDeadlinePassed } as const;

/** The kind of notice each event of the log gives, for the events that give one. */
export const NOTICE_OF_EVENT: Readonly<Record<string, NoticeKind>> = {
  FollowUpDeadlineApproaching: 'deadline.approaching',
  FollowUpDeadlinePassed: 'deadline.passed',
  FollowUpReplyReceived: 'reply.recorded',
  /** A UPR mid-term report is the State's reply on the recommendations it covers. */
  MidTermReportRecorded: 'reply.recorded',
  FollowUpAssessed: 'grade.recorded',
  FollowUpReminderSent: 'reminder.recorded',
};
export const NOTICE_EVENT_TYPES = Object.keys(NOTICE_OF_EVENT);

/** A follow-up as the scheduler sees it: its deadline, and the days its first reply and its closure came. */
export interface FollowUpDue {
  recommendationId: string;
  state: string;
  mechanism: string;
  deadline: string;
  firstReplyOn: string | null;
  closedOn: string | null;
}

/** The day `days` after (or before, negative) a calendar day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const settledBy = (followUp: FollowUpDue, day: string) =>
  (followUp.firstReplyOn !== null && followUp.firstReplyOn <= day) ||
  (followUp.closedOn !== null && followUp.closedOn <= day);

/**
 * The deadline notices due for a follow-up over the days `since` to `today` (both included), with the day each fell
 * due. Approaching: 30 days before the deadline, or on `since` when that day was earlier and the deadline not yet
 * past, unless a reply or the closure came first. Passed: the day after the deadline (the day the status says
 * overdue), unless the State replied or the procedure closed by the deadline. `since` bounds what is looked at, so
 * that a first start does not announce every deadline of the past.
 */
export function deadlineNoticesDue(
  followUp: FollowUpDue,
  since: string,
  today: string,
): { kind: 'deadline.approaching' | 'deadline.passed'; dueOn: string }[] {
  const due: { kind: 'deadline.approaching' | 'deadline.passed'; dueOn: string }[] = [];
  const { deadline } = followUp;
  const warnOn = addDays(deadline, -DAYS_BEFORE_DEADLINE);
  const approachingOn = warnOn > since ? warnOn : since;
  if (approachingOn <= today && approachingOn <= deadline && !settledBy(followUp, approachingOn)) {
    due.push({ kind: 'deadline.approaching', dueOn: approachingOn });
  }
  const overdueOn = addDays(deadline, 1);
  if (overdueOn >= since && overdueOn <= today && !settledBy(followUp, deadline)) {
    due.push({ kind: 'deadline.passed', dueOn: overdueOn });
  }
  return due;
}

/** The earliest and latest deadline that can have a notice due over `since` to `today`. */
export function deadlinesWorthLooking(since: string, today: string): { from: string; to: string } {
  return { from: addDays(since, -1), to: addDays(today, DAYS_BEFORE_DEADLINE) };
}
