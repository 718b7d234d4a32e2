import { type AssessmentLevel, type CalendarDate, type ImplementationStatus, levelRank } from '../vocabulary.js';
import type { RecommendationEvent } from './events.js';

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

/**
 * What the implementation status is folded from, and no more: whether a measure was recorded, whether one completed
 * it, how many statements said it had not started. Measures and statements only add up, so a reader that wants the
 * status after each event of a long stream (its history) keeps this instead of every measure, as the decider does.
 */
export interface StatusTally {
  issued: boolean;
  measured: boolean;
  completed: boolean;
  notStarted: number;
}

export const NO_TALLY: StatusTally = { issued: false, measured: false, completed: false, notStarted: 0 };

/** The tally after one more event of the recommendation's stream. */
export function tallied(tally: StatusTally, event: RecommendationEvent): StatusTally {
  switch (event.type) {
    case 'RecommendationIssued':
      return { ...NO_TALLY, issued: true };
    case 'MeasureImplemented':
      if (!tally.issued) return tally;
      return { ...tally, measured: true, completed: tally.completed || event.data.completes };
    case 'NotStartedRecorded':
      return tally.issued ? { ...tally, notStarted: tally.notStarted + 1 } : tally;
    default:
      return tally;
  }
}

/**
 * Where each part of a tally first became true in a stream: the revision of the recommendation's issue, of its first
 * statement that it had not started, of its first measure, of its first measure completing it (absent: none yet).
 */
export interface TallyFirsts {
  issued?: number | undefined;
  notStarted?: number | undefined;
  measured?: number | undefined;
  completed?: number | undefined;
}

/**
 * The tally after revision `revision`, from where each of its parts first became true: they only add up, so the
 * tally after any revision is known without reading the events before it. The statements are counted as one
 * whatever their number (the status reads only whether there was one).
 */
export function tallyAfter(firsts: TallyFirsts, revision: number): StatusTally {
  const by = (first: number | undefined) => first !== undefined && first <= revision;
  if (!by(firsts.issued)) return NO_TALLY;
  return {
    issued: true,
    measured: by(firsts.measured),
    completed: by(firsts.completed),
    notStarted: by(firsts.notStarted) ? 1 : 0,
  };
}

/** The status a tally stands for: implementationStatus's rule, on what it keeps. */
export const talliedStatus = (tally: StatusTally): ImplementationStatus =>
  implementationStatus(tally.measured ? [{ completes: tally.completed }] : [], tally.notStarted);

/**
 * The grades that stand: those of the latest day anything was assessed (a committee grades a paragraph's
 * sub-paragraphs in one follow-up report), the one recorded last for each sub-paragraph (or the whole paragraph).
 */
export function standingAssessments<Assessment extends { assessedOn: CalendarDate; part?: string }>(
  assessments: readonly Assessment[],
): Assessment[] {
  let latestDay: CalendarDate | undefined;
  for (const { assessedOn } of assessments)
    if (latestDay === undefined || assessedOn > latestDay) latestDay = assessedOn;
  const byPart = new Map<string, Assessment>();
  for (const assessment of assessments) {
    if (assessment.assessedOn === latestDay) byPart.set(assessment.part ?? '', assessment);
  }
  return [...byPart.values()];
}

/**
 * The committee's view: of the grades that stand, the least satisfactory (a paragraph graded 26(a) B, 26(b) A and
 * 26(c) C is not satisfactory as a whole); among equals, the one recorded last. Without sub-paragraphs, this is the
 * latest assessment by date, and on the same date the one recorded last.
 */
export function currentAssessment<
  Assessment extends { assessedOn: CalendarDate; part?: string; level: AssessmentLevel },
>(assessments: readonly Assessment[]): Assessment | undefined {
  let current: Assessment | undefined;
  const standing = standingAssessments(assessments);
  const recorded = assessments.filter((assessment) => standing.includes(assessment));
  for (const assessment of recorded) {
    if (!current || levelRank(assessment.level) >= levelRank(current.level)) current = assessment;
  }
  return current;
}

/** Where a follow-up stands on a day. */
export type FollowUpStanding = 'pending' | 'overdue' | 'replied' | 'replied_late' | 'closed';

/**
 * Where the follow-up stands on `onDay`: closed once closed; else replied (on time, or late when the first reply came
 * after the deadline) once a reply was received; else overdue the day after the deadline; else pending.
 */
export function followUpStanding(
  followUp: { deadline: CalendarDate },
  replies: readonly { receivedOn: CalendarDate }[],
  closedOn: CalendarDate | undefined,
  onDay: CalendarDate,
): { standing: FollowUpStanding; repliedOn?: CalendarDate } {
  if (closedOn !== undefined && closedOn <= onDay) return { standing: 'closed' };
  const repliedOn = firstReceived(replies, onDay);
  if (repliedOn !== undefined) {
    return { standing: repliedOn > followUp.deadline ? 'replied_late' : 'replied', repliedOn };
  }
  return { standing: followUp.deadline < onDay ? 'overdue' : 'pending' };
}

/** The day the first reply received on or before `onDay` came, if any. */
function firstReceived(
  replies: readonly { receivedOn: CalendarDate }[],
  onDay: CalendarDate,
): CalendarDate | undefined {
  let first: CalendarDate | undefined;
  for (const { receivedOn } of replies)
    if (receivedOn <= onDay && (first === undefined || receivedOn < first)) first = receivedOn;
  return first;
}

/**
 * Whether, as of `onDay`, the follow-up deadline has passed (strictly before that day) with no reply received
 * on or before it, and the procedure was not closed by then. Computed when read because it depends on the day asked; YYYY-MM-DD compares as text.
 */
export function followUpOverdue(
  followUp: { deadline: CalendarDate } | undefined,
  replies: readonly { receivedOn: CalendarDate }[],
  onDay: CalendarDate,
  closedOn?: CalendarDate,
): boolean {
  if (!followUp) return false;
  return followUpStanding(followUp, replies, closedOn, onDay).standing === 'overdue';
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
