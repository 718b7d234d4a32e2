import { followUpOverdue } from '../../src/domain/recommendation/status.js';
import type { AssessmentLevel, Grade, ImplementationStatus, UprPosition } from '../../src/domain/vocabulary.js';
import type { RecommendationRow } from './tables.js';

export interface MeasureView {
  title: string;
  institution: string;
  implementedOn: string;
  description?: string;
  evidence: { title: string; url: string }[];
  completes: boolean;
  /** When the measure was recorded (the event's instant). */
  recordedAt: string;
}

export interface AssessmentView {
  grade: Grade;
  level: AssessmentLevel;
  assessedOn: string;
  session?: number;
  comment?: string;
}

/** A recommendation as `GET /v1/recommendations/{id}` serves it; absent optional parts are omitted. */
export interface RecommendationView {
  id: string;
  state: string;
  mechanism: string;
  symbol: string;
  paragraph: string;
  text: string;
  issuedOn: string;
  reportId?: string;
  themes: string[];
  sdgs: string[];
  affectedPersons: string[];
  recommendingStates: string[];
  /** The current implementation status, from all recorded measures. */
  status: ImplementationStatus;
  response?: { position: UprPosition; respondedOn: string; comment?: string };
  measures: MeasureView[];
  /** Null when not selected for follow-up; `overdue` is judged on the day the caller gives. */
  followUp: { deadline: string; replied: boolean; overdue: boolean } | null;
  /** The current assessment, or null when none. */
  assessment: AssessmentView | null;
  /** Revision of the recommendation stream's last event. */
  revision: number;
}

/** The view of a stored row, with overdue judged on `today`. */
export function recommendationView(row: RecommendationRow, today: string): RecommendationView {
  const replies = row.first_reply_on === null ? [] : [{ receivedOn: row.first_reply_on }];
  const followUp = row.follow_up_deadline === null ? undefined : { deadline: row.follow_up_deadline };
  return {
    id: row.id,
    state: row.state,
    mechanism: row.mechanism,
    symbol: row.symbol,
    paragraph: row.paragraph,
    text: row.text,
    issuedOn: row.issued_on,
    ...(row.report_id !== null && { reportId: row.report_id }),
    themes: JSON.parse(row.themes) as string[],
    sdgs: JSON.parse(row.sdgs) as string[],
    affectedPersons: JSON.parse(row.affected_persons) as string[],
    recommendingStates: JSON.parse(row.recommending_states) as string[],
    status: row.status as ImplementationStatus,
    ...(row.response_position !== null &&
      row.responded_on !== null && {
        response: {
          position: row.response_position as UprPosition,
          respondedOn: row.responded_on,
          ...(row.response_comment !== null && { comment: row.response_comment }),
        },
      }),
    measures: JSON.parse(row.measures) as MeasureView[],
    followUp: followUp
      ? { deadline: followUp.deadline, replied: replies.length > 0, overdue: followUpOverdue(followUp, replies, today) }
      : null,
    assessment: row.assessment === null ? null : (JSON.parse(row.assessment) as AssessmentView),
    revision: row.revision,
  };
}
