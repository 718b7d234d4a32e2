import { type FollowUpStanding, followUpStanding } from '../../src/domain/recommendation/status.js';
import { servedLanguage } from '../../src/domain/recommendation/translation.js';
import {
  type AssessmentLevel,
  type Commitment,
  commitmentOf,
  type Grade,
  type ImplementationStatus,
  type Mechanism,
  ORIGINAL_LANGUAGE,
  type TextLanguage,
  type UprCycle,
  type UprPosition,
} from '../../src/domain/vocabulary.js';
import { INLINE_MEASURES, type RecommendationRow } from './tables.js';

export interface MeasureView {
  title: string;
  institution: string;
  implementedOn: string;
  description?: string;
  evidence: { title: string; url: string }[];
  completes: boolean;
  /** The completed action whose measure this is, when recorded from one. */
  actionId?: string;
  /** When the measure was recorded (the event's instant). */
  recordedAt: string;
}

export interface AssessmentView {
  grade: Grade;
  level: AssessmentLevel;
  assessedOn: string;
  /** The sub-paragraph graded (a, b, iii); absent when the whole paragraph was. */
  part?: string;
  /** The document publishing the assessment. */
  symbol?: string;
  session?: number;
  comment?: string;
}

/** One step of the follow-up dialogue, in the order recorded. */
export interface DialogueEntry {
  kind: 'reminder' | 'request' | 'reply' | 'closure';
  /** The day it was sent, asked, received or closed. */
  on: string;
  symbol?: string;
  note?: string;
  /** A reply's summary. */
  summary?: string;
  /** A request's day the further information is due. */
  replyBy?: string;
  recordedAt: string;
}

/** The follow-up of a recommendation selected for it, judged on a day. */
export interface FollowUpView {
  deadline: string;
  /** `given` by the committee, or `body_default` (the body's rule, docs/domain-rules.md). */
  deadlineFrom: 'given' | 'body_default';
  /** Whether any reply was recorded (as before: not judged on the day; `standing` is). */
  replied: boolean;
  overdue: boolean;
  /** pending, overdue, replied (on time), replied_late or closed. */
  standing: FollowUpStanding;
  /** The day the first reply was received. */
  repliedOn?: string;
  closedOn?: string;
  dialogue: DialogueEntry[];
}

/** A recommendation as `GET /v1/recommendations/{id}` serves it; absent optional parts are omitted. */
export interface RecommendationView {
  id: string;
  state: string;
  mechanism: string;
  symbol: string;
  paragraph: string;
  /** In the language asked for where a translation exists, else the original. */
  text: string;
  /** The language of `text`. */
  language: TextLanguage;
  /** The languages the text can be read in: the original's first, then those translated. */
  languages: TextLanguage[];
  issuedOn: string;
  reportId?: string;
  themes: string[];
  sdgs: string[];
  affectedPersons: string[];
  recommendingStates: string[];
  /** UPR: recommending States a source named without a code, as written. */
  unmappedRecommendingStates?: string[];
  /** UPR: the Working Group session and its cycle, where known. */
  uprSession?: number;
  uprCycle?: UprCycle;
  /** Special procedures: the mandates that made it. */
  mandates?: string[];
  /** The other States the same paragraph concerns. */
  otherStatesConcerned?: string[];
  /** The current implementation status: no information until something is recorded. */
  status: ImplementationStatus;
  /** The latest statement that implementation had not started. */
  notStarted?: { recordedOn: string; note?: string };
  /** What it is to the State: accepted, supported in part, noted, pending (UPR), or a special procedure's. */
  commitment: Commitment;
  response?: { position: UprPosition; respondedOn: string; comment?: string };
  /** The first INLINE_MEASURES measures, in the order recorded. */
  measures: MeasureView[];
  /** Present only when it has more measures than inlined: how many in all, and where the next ones are. */
  moreMeasures?: { total: number; next: string };
  /** Null when not selected for follow-up; `overdue` and `standing` are judged on the day the caller gives. */
  followUp: FollowUpView | null;
  /** The current assessment (of grades per sub-paragraph, the least satisfactory of the latest day), or null. */
  assessment: AssessmentView | null;
  /** Every grade given, each sub-paragraph's too, in the order recorded. */
  assessments: AssessmentView[];
  /** The lead institution now, if any (national planning). */
  leadInstitution?: string;
  /** The institutions responsible now, lead and supporting; absent when none. */
  responsibilities?: { institutionId: string; role: 'lead' | 'support'; assignedOn: string }[];
  /** Revision of the recommendation stream's last event. */
  revision: number;
}

/** The follow-up judged on `today`, from the row's deadline, first reply, closure and dialogue. */
function followUpView(row: RecommendationRow, today: string): FollowUpView | null {
  if (row.follow_up_deadline === null) return null;
  const replies = row.first_reply_on === null ? [] : [{ receivedOn: row.first_reply_on }];
  const closedOn = row.closed_on ?? undefined;
  const { standing } = followUpStanding({ deadline: row.follow_up_deadline }, replies, closedOn, today);
  return {
    deadline: row.follow_up_deadline,
    deadlineFrom: row.follow_up_deadline_from === 'body_default' ? 'body_default' : 'given',
    replied: replies.length > 0,
    ...(row.first_reply_on !== null && { repliedOn: row.first_reply_on }),
    overdue: standing === 'overdue',
    standing,
    ...(closedOn !== undefined && closedOn <= today && { closedOn }),
    dialogue: JSON.parse(row.dialogue) as DialogueEntry[],
  };
}

/** An assessment as the row's JSON holds it, its absent parts null. */
const withoutNulls = (assessment: Record<string, unknown>): AssessmentView =>
  Object.fromEntries(Object.entries(assessment).filter(([, value]) => value !== null)) as unknown as AssessmentView;

/** The view of a stored row, with overdue judged on `today`, its text in the first of `languages` it has. */
export function recommendationView(
  row: RecommendationRow,
  today: string,
  languages: readonly string[] = [],
): RecommendationView {
  const translations = JSON.parse(row.translations) as Partial<Record<TextLanguage, string>>;
  const translated = (Object.keys(translations) as TextLanguage[]).sort();
  const language = servedLanguage(translated, languages);
  return {
    id: row.id,
    state: row.state,
    mechanism: row.mechanism,
    symbol: row.symbol,
    paragraph: row.paragraph,
    text: (language !== ORIGINAL_LANGUAGE && translations[language]) || row.text,
    language,
    languages: [ORIGINAL_LANGUAGE, ...translated],
    issuedOn: row.issued_on,
    ...(row.report_id !== null && { reportId: row.report_id }),
    themes: JSON.parse(row.themes) as string[],
    sdgs: JSON.parse(row.sdgs) as string[],
    affectedPersons: JSON.parse(row.affected_persons) as string[],
    recommendingStates: JSON.parse(row.recommending_states) as string[],
    ...(row.unmapped_recommending_states !== null && {
      unmappedRecommendingStates: JSON.parse(row.unmapped_recommending_states) as string[],
    }),
    ...(row.upr_session !== null && { uprSession: row.upr_session }),
    ...(row.upr_cycle !== null && { uprCycle: row.upr_cycle as UprCycle }),
    ...(row.mandates !== null && { mandates: JSON.parse(row.mandates) as string[] }),
    ...(row.other_states_concerned !== null && {
      otherStatesConcerned: JSON.parse(row.other_states_concerned) as string[],
    }),
    status: row.status as ImplementationStatus,
    ...(row.not_started !== null && {
      notStarted: JSON.parse(row.not_started) as { recordedOn: string; note?: string },
    }),
    commitment: commitmentOf(row.mechanism as Mechanism, (row.response_position as UprPosition | null) ?? undefined),
    ...(row.response_position !== null &&
      row.responded_on !== null && {
        response: {
          position: row.response_position as UprPosition,
          respondedOn: row.responded_on,
          ...(row.response_comment !== null && { comment: row.response_comment }),
        },
      }),
    measures: JSON.parse(row.measures) as MeasureView[],
    ...(row.measure_count > INLINE_MEASURES &&
      row.measure_cursor !== null && {
        moreMeasures: {
          total: row.measure_count,
          next: `/v1/recommendations/${encodeURIComponent(row.id)}/measures?after=${row.measure_cursor}`,
        },
      }),
    followUp: followUpView(row, today),
    assessment: row.assessment === null ? null : (JSON.parse(row.assessment) as AssessmentView),
    assessments: (JSON.parse(row.assessments) as Record<string, unknown>[]).map(withoutNulls),
    ...(row.lead_institution !== null && { leadInstitution: row.lead_institution }),
    ...(row.responsibilities !== null && {
      responsibilities: JSON.parse(row.responsibilities) as NonNullable<RecommendationView['responsibilities']>,
    }),
    revision: row.revision,
  };
}
