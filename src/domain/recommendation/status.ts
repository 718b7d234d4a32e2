import type { CalendarDate, ImplementationStatus } from '../vocabulary.js';

/**
 * The national view: implemented as soon as one measure completes it, in progress once any measure is recorded,
 * not started once someone said so, and no information before anything is recorded.
 */
export function implementationStatus(
  measures: readonly { completes: boolean }[],
  notStartedStatements = 0,
): ImplementationStatus {
  if (measures.length === 0) return notStartedStatements > 0 ? 'not_started' : 'no_information';
  return measures.some((measure) => measure.completes) ? 'implemented' : 'in_progress';
}

/** The committee's view: the latest assessment by date; on the same date, the one recorded last. */
export function currentAssessment<Assessment extends { assessedOn: CalendarDate }>(
  assessments: readonly Assessment[],
): Assessment | undefined {
  let current: Assessment | undefined;
  for (const assessment of assessments) {
    if (!current || assessment.assessedOn >= current.assessedOn) current = assessment;
  }
  return current;
}

/**
 * Whether, as of `onDay`, the follow-up deadline has passed (strictly before that day) with no reply received
 * on or before it. Computed when read because it depends on the day asked; YYYY-MM-DD compares as text.
 */
export function followUpOverdue(
  followUp: { deadline: CalendarDate } | undefined,
  replies: readonly { receivedOn: CalendarDate }[],
  onDay: CalendarDate,
): boolean {
  if (!followUp || followUp.deadline >= onDay) return false;
  return !replies.some((reply) => reply.receivedOn <= onDay);
}

/**
 * Whether a follow-up's overdue, as judged on `onDay`, may read otherwise on a later day: while the deadline has not
 * passed, or while a reply dated after `onDay` is the only one (overdue now, answered later). Otherwise it is settled
 * until the next event, and an answer holding it depends on the day no more.
 */
export function overdueMayChange(
  followUp: { deadline: CalendarDate; replied: boolean; overdue: boolean },
  onDay: CalendarDate,
): boolean {
  return followUp.deadline >= onDay || (followUp.replied && followUp.overdue);
}
