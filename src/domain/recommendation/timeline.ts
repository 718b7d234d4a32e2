import type { AssessmentLevel, CalendarDate, ImplementationStatus } from '../vocabulary.js';
import { currentAssessment } from './status.js';

/**
 * The days a recommendation's implementation status changed, from its measures' dates: enough to answer
 * "what was its status on day D" without replaying its events.
 */
export interface ImplementationTimeline {
  /** The earliest day someone said implementation had not started: not started from then on, until a measure. */
  notStartedFrom: CalendarDate | null;
  /** The day its earliest measure was implemented: in progress from then on (or implemented). */
  inProgressFrom: CalendarDate | null;
  /** The day its earliest completing measure was implemented: implemented from then on. */
  implementedFrom: CalendarDate | null;
}

/** The timeline of a recommendation's implementation, from all its recorded measures and not-started statements. */
export function implementationTimeline(
  measures: readonly { implementedOn: CalendarDate; completes: boolean }[],
  notStarted: readonly { recordedOn: CalendarDate }[] = [],
): ImplementationTimeline {
  return notStarted.reduce(withNotStarted, measures.reduce(withMeasure, NO_MEASURES));
}

/** A recommendation's timeline before anything is recorded: nothing known, ever. */
export const NO_MEASURES: ImplementationTimeline = {
  notStartedFrom: null,
  inProgressFrom: null,
  implementedFrom: null,
};

/** The timeline once someone said, on a day, that implementation had not started: the earliest such day wins. */
export function withNotStarted(
  timeline: ImplementationTimeline,
  { recordedOn }: { recordedOn: CalendarDate },
): ImplementationTimeline {
  const { notStartedFrom } = timeline;
  return {
    ...timeline,
    notStartedFrom: notStartedFrom === null || recordedOn < notStartedFrom ? recordedOn : notStartedFrom,
  };
}

/** The timeline once one more measure is recorded: the earliest days win, whatever order measures arrive in. */
export function withMeasure(
  timeline: ImplementationTimeline,
  { implementedOn, completes }: { implementedOn: CalendarDate; completes: boolean },
): ImplementationTimeline {
  const { inProgressFrom, implementedFrom } = timeline;
  return {
    notStartedFrom: timeline.notStartedFrom,
    inProgressFrom: inProgressFrom === null || implementedOn < inProgressFrom ? implementedOn : inProgressFrom,
    implementedFrom:
      completes && (implementedFrom === null || implementedOn < implementedFrom) ? implementedOn : implementedFrom,
  };
}

/**
 * The current status a timeline gives: implemented once a measure completes it, in progress once any is taken,
 * not started once someone said so, else no information.
 */
export function currentStatus(timeline: ImplementationTimeline): ImplementationStatus {
  if (timeline.implementedFrom !== null) return 'implemented';
  if (timeline.inProgressFrom !== null) return 'in_progress';
  return timeline.notStartedFrom !== null ? 'not_started' : 'no_information';
}

/** The implementation status on a day: only measures and statements dated on or before it count. */
export function statusOn(timeline: ImplementationTimeline, day: CalendarDate): ImplementationStatus {
  if (timeline.implementedFrom !== null && timeline.implementedFrom <= day) return 'implemented';
  if (timeline.inProgressFrom !== null && timeline.inProgressFrom <= day) return 'in_progress';
  if (timeline.notStartedFrom !== null && timeline.notStartedFrom <= day) return 'not_started';
  return 'no_information';
}

/** The day the first follow-up reply was received, if any: from then on the follow-up is replied. */
export function firstReplyOn(replies: readonly { receivedOn: CalendarDate }[]): CalendarDate | null {
  let first: CalendarDate | null = null;
  for (const { receivedOn } of replies) if (first === null || receivedOn < first) first = receivedOn;
  return first;
}

/** The assessment in force on a day: the current one among those made on or before it. */
export function assessmentOn<Assessment extends { assessedOn: CalendarDate; part?: string; level: AssessmentLevel }>(
  assessments: readonly Assessment[],
  day: CalendarDate,
): Assessment | undefined {
  return currentAssessment(assessments.filter((assessment) => assessment.assessedOn <= day));
}
