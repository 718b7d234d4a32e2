/**
 * A recommendation's row as the read model's queries read it: the SQL that brings, beside the row's columns, what
 * its view needs from the tables around it (`VIEW_OF_ROW`), and the row's type. Its columns are typed by the view
 * they are served as (schemas.ts), so that a kind of value is defined once.
 */
import type { StoredJson } from '../stored-json.js';
import type {
  AssessmentView,
  DialogueEntry,
  MeasureView,
  MidTermReportView,
  RecommendationView,
  ResponsibilityInForce,
} from './schemas.js';

/** Measures a recommendation's view carries inline; the rest are paged from GET /v1/recommendations/{id}/measures. */
export const INLINE_MEASURES = 50;

/**
 * The first INLINE_MEASURES measures of the row's recommendation as one JSON array, in the order recorded (`r` is
 * the row), how many it has in all, and the cursor after the last one inlined (null when all are).
 */
export const MEASURES_OF_ROW = `(SELECT json_group_array(json(x.measure)) FROM (SELECT m.measure
    FROM recommendation_measures m WHERE m.recommendation_id = r.id ORDER BY m.seq LIMIT ${INLINE_MEASURES}) x) AS measures,
  (SELECT count(*) FROM recommendation_measures m WHERE m.recommendation_id = r.id) AS measure_count,
  (SELECT m.seq FROM recommendation_measures m WHERE m.recommendation_id = r.id
    ORDER BY m.seq LIMIT 1 OFFSET ${INLINE_MEASURES - 1}) AS measure_cursor`;

/** The translations of the row's recommendation as one JSON object, text by language. */
export const TRANSLATIONS_OF_ROW = `(SELECT json_group_object(t.language, t.text)
  FROM recommendation_translations t WHERE t.recommendation_id = r.id) AS translations`;
/** The follow-up dialogue of the row's recommendation as one JSON array, in the order recorded. */
export const DIALOGUE_OF_ROW = `(SELECT json_group_array(json(d.entry) ORDER BY d.seq)
  FROM recommendation_follow_up_dialogue d WHERE d.recommendation_id = r.id) AS dialogue`;

/** The mid-term reports that covered the row's recommendation as one JSON array, in the order recorded. */
export const MID_TERM_REPORTS_OF_ROW = `(SELECT json_group_array(json(m.entry) ORDER BY m.seq)
  FROM recommendation_mid_term_reports m WHERE m.recommendation_id = r.id) AS mid_term_reports`;

/** Every assessment of the row's recommendation as one JSON array, in the order recorded. */
export const ASSESSMENTS_OF_ROW = `(SELECT json_group_array(json_object('grade', a.grade, 'level', a.level,
    'assessedOn', a.assessed_on, 'part', a.part, 'symbol', a.symbol, 'session', a.session, 'comment', a.comment)
    ORDER BY a.seq)
  FROM recommendation_assessments a WHERE a.recommendation_id = r.id) AS assessments`;

/** What a view of the row needs beside its columns: measures, translations, the dialogue and every assessment. */
export const VIEW_OF_ROW = [
  MEASURES_OF_ROW,
  TRANSLATIONS_OF_ROW,
  DIALOGUE_OF_ROW,
  ASSESSMENTS_OF_ROW,
  MID_TERM_REPORTS_OF_ROW,
].join(', ');

/** A part a view may omit, as a column or a stored JSON holds it: null when absent. */
type OrNull<T> = Exclude<T, undefined> | null;

/** An assessment as ASSESSMENTS_OF_ROW builds it: every key present, the absent parts null. */
export type StoredAssessment = {
  [Key in keyof AssessmentView]-?: undefined extends AssessmentView[Key]
    ? OrNull<AssessmentView[Key]>
    : AssessmentView[Key];
};

type View = RecommendationView;
type Response = NonNullable<View['response']>;

/**
 * A row of the recommendations table with VIEW_OF_ROW, as better-sqlite3 returns it: the columns typed as the
 * projection writes them, JSON columns as the text of the values they hold.
 */
export interface RecommendationRow {
  id: string;
  state: string;
  mechanism: View['mechanism'];
  symbol: string;
  paragraph: string;
  text: string;
  issued_on: string;
  report_id: string | null;
  themes: StoredJson<string[]>;
  sdgs: StoredJson<string[]>;
  affected_persons: StoredJson<string[]>;
  recommending_states: StoredJson<string[]>;
  measures: StoredJson<MeasureView[]>;
  /** How many measures it has in all, and the seq of the last one inlined when there are more than inlined. */
  measure_count: number;
  measure_cursor: number | null;
  /** JSON object of TRANSLATIONS_OF_ROW. */
  translations: StoredJson<Partial<Record<View['language'], string>>>;
  status: View['status'];
  not_started_from: string | null;
  /** JSON of the latest not-started statement, `{ recordedOn, note? }`. */
  not_started: StoredJson<NonNullable<View['notStarted']>> | null;
  /** JSON arrays, null when empty. */
  mandates: StoredJson<string[]> | null;
  other_states_concerned: StoredJson<string[]> | null;
  unmapped_recommending_states: StoredJson<string[]> | null;
  upr_session: number | null;
  upr_cycle: OrNull<View['uprCycle']>;
  priority: OrNull<View['priority']>;
  /** JSON array of the responsibilities in force, `{ institutionId, role, assignedOn }`; null when none. */
  responsibilities: StoredJson<ResponsibilityInForce[]> | null;
  lead_institution: string | null;
  in_progress_from: string | null;
  implemented_from: string | null;
  follow_up_deadline: string | null;
  /** 'body_default' when the body's rule set the deadline; null when given. */
  follow_up_deadline_from: string | null;
  closed_on: string | null;
  /** JSON array of the mid-term reports that covered it, in the order recorded (MID_TERM_REPORTS_OF_ROW). */
  mid_term_reports: StoredJson<MidTermReportView[]>;
  /** JSON array of the dialogue's entries, in the order recorded (DIALOGUE_OF_ROW). */
  dialogue: StoredJson<DialogueEntry[]>;
  /** JSON array of every assessment, in the order recorded (ASSESSMENTS_OF_ROW). */
  assessments: StoredJson<StoredAssessment[]>;
  first_reply_on: string | null;
  response_position: Response['position'] | null;
  responded_on: string | null;
  response_comment: string | null;
  response_source: NonNullable<Response['source']>['document'] | null;
  response_source_symbol: string | null;
  /** JSON of the current assessment, as the projection wrote it. */
  assessment: StoredJson<AssessmentView> | null;
  level: string | null;
  /** recommendationOrder of its symbol, paragraph and id. */
  sort_key: string;
  revision: number;
}
