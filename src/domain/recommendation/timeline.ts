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
  return measures.reduce(withMeasure, NO_MEASURES);
}

/** A recommendation's timeline before any measure: never in progress, never implemented. */
export const NO_MEASURES: ImplementationTimeline = { inProgressFrom: null, implementedFrom: null };

/** The timeline once one more measure is recorded: the earliest days win, whatever order measures arrive in. */
export function withMeasure(
  timeline: ImplementationTimeline,
  { implementedOn, completes }: { implementedOn: CalendarDate; completes: boolean },
): ImplementationTimeline {
  const { inProgressFrom, implementedFrom } = timeline;
  return {
    inProgressFrom: inProgressFrom === null || implementedOn < inProgressFrom ? implementedOn : inProgressFrom,
    implementedFrom:
      completes && (implementedFrom === null || implementedOn < implementedFrom) ? implementedOn : implementedFrom,
  };
}

/** The current status a timeline gives: implemented once a measure completes it, in progress once any is taken. */
export function currentStatus(timeline: ImplementationTimeline): ImplementationStatus {
  if (timeline.implementedFrom !== null) return 'implemented';
  return timeline.inProgressFrom !== null ? 'in_progress' : 'not_started';
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
