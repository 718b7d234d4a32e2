import type { CalendarDate, ImplementationStatus } from '../vocabulary.js';

/** The national view, from measures: implemented as soon as one measure completes it. */
export function implementationStatus(measures: readonly { completes: boolean }[]): ImplementationStatus {
  if (measures.length === 0) return 'not_started';
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
