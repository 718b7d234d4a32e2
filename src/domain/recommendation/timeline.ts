import type { CalendarDate, ImplementationStatus } from '../vocabulary.js';
import { currentAssessment } from './status.js';

/**
 * The days a recommendation's implementation status changed, from its measures' dates: enough to answer
 * "what was its status on day D" without replaying its events.
 */
export interface ImplementationTimeline {
  /** The day its earliest measure was implemented: in progress from then on (or implemented). */
  inProgressFrom: CalendarDate | null;
  /** The day its earliest completing measure was implemented: implemented from then on. */
  implementedFrom: CalendarDate | null;
}

/** The timeline of a recommendation's implementation, from all its recorded measures. */
export function implementationTimeline(
  measures: readonly { implementedOn: CalendarDate; completes: boolean }[],
): ImplementationTimeline {
  let inProgressFrom: CalendarDate | null = null;
  let implementedFrom: CalendarDate | null = null;
  for (const { implementedOn, completes } of measures) {
    if (inProgressFrom === null || implementedOn < inProgressFrom) inProgressFrom = implementedOn;
    if (completes && (implementedFrom === null || implementedOn < implementedFrom)) implementedFrom = implementedOn;
  }
  return { inProgressFrom, implementedFrom };
}

/** The implementation status on a day: only measures implemented on or before it count. */
export function statusOn(timeline: ImplementationTimeline, day: CalendarDate): ImplementationStatus {
  if (timeline.implementedFrom !== null && timeline.implementedFrom <= day) return 'implemented';
  if (timeline.inProgressFrom !== null && timeline.inProgressFrom <= day) return 'in_progress';
  return 'not_started';
}

/** The day the first follow-up reply was received, if any: from then on the follow-up is replied. */
export function firstReplyOn(replies: readonly { receivedOn: CalendarDate }[]): CalendarDate | null {
  let first: CalendarDate | null = null;
  for (const { receivedOn } of replies) if (first === null || receivedOn < first) first = receivedOn;
  return first;
}

/** The assessment in force on a day: the current one among those made on or before it. */
export function assessmentOn<Assessment extends { assessedOn: CalendarDate }>(
  assessments: readonly Assessment[],
  day: CalendarDate,
): Assessment | undefined {
  return currentAssessment(assessments.filter((assessment) => assessment.assessedOn <= day));
}
