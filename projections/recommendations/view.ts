import { followUpStanding } from '../../src/domain/recommendation/status.js';
import { servedLanguage } from '../../src/domain/recommendation/translation.js';
import { commitmentOf, ORIGINAL_LANGUAGE, type TextLanguage } from '../../src/domain/vocabulary.js';
import { fromStoredJson } from '../stored-json.js';
import { INLINE_MEASURES, type RecommendationRow, type StoredAssessment } from './rows.js';
import type { AssessmentView, FollowUpView, MidTermReportView, RecommendationView } from './schemas.js';

export type { AssessmentView, DialogueEntry, FollowUpView, MeasureView, RecommendationView } from './schemas.js';

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
    dialogue: fromStoredJson(row.dialogue),
  };
}

/** An assessment as the row's JSON or its table holds it, its absent parts null: served without them. */
export const assessmentView = ({
  grade,
  level,
  assessedOn,
  part,
  symbol,
  session,
  comment,
}: StoredAssessment): AssessmentView => ({
  grade,
  level,
  assessedOn,
  ...(part !== null && { part }),
  ...(symbol !== null && { symbol }),
  ...(session !== null && { session }),
  ...(comment !== null && { comment }),
});

/** The view of a stored row, with overdue judged on `today`, its text in the first of `languages` it has. */
export function recommendationView(
  row: RecommendationRow,
  today: string,
  languages: readonly string[] = [],
): RecommendationView {
  const translations = fromStoredJson(row.translations);
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
    themes: fromStoredJson(row.themes),
    sdgs: fromStoredJson(row.sdgs),
    affectedPersons: fromStoredJson(row.affected_persons),
    recommendingStates: fromStoredJson(row.recommending_states),
    ...(row.unmapped_recommending_states !== null && {
      unmappedRecommendingStates: fromStoredJson(row.unmapped_recommending_states),
    }),
    ...(row.upr_session !== null && { uprSession: row.upr_session }),
    ...(row.upr_cycle !== null && { uprCycle: row.upr_cycle }),
    ...(row.priority !== null && { priority: row.priority }),
    ...midTermReportsOf(row),
    ...(row.mandates !== null && { mandates: fromStoredJson(row.mandates) }),
    ...(row.other_states_concerned !== null && {
      otherStatesConcerned: fromStoredJson(row.other_states_concerned),
    }),
    status: row.status,
    ...(row.not_started !== null && { notStarted: fromStoredJson(row.not_started) }),
    commitment: commitmentOf(row.mechanism, row.response_position ?? undefined),
    ...(row.response_position !== null &&
      row.responded_on !== null && {
        response: {
          position: row.response_position,
          respondedOn: row.responded_on,
          ...(row.response_comment !== null && { comment: row.response_comment }),
          ...(row.response_source !== null && {
            source: {
              document: row.response_source,
              ...(row.response_source_symbol !== null && { symbol: row.response_source_symbol }),
            },
          }),
        },
      }),
    measures: fromStoredJson(row.measures),
    ...(row.measure_count > INLINE_MEASURES &&
      row.measure_cursor !== null && {
        moreMeasures: {
          total: row.measure_count,
          next: `/v1/recommendations/${encodeURIComponent(row.id)}/measures?after=${row.measure_cursor}`,
        },
      }),
    followUp: followUpView(row, today),
    assessment: row.assessment === null ? null : fromStoredJson(row.assessment),
    assessments: fromStoredJson(row.assessments).map(assessmentView),
    ...(row.lead_institution !== null && { leadInstitution: row.lead_institution }),
    ...(row.responsibilities !== null && { responsibilities: fromStoredJson(row.responsibilities) }),
    revision: row.revision,
  };
}

/** The mid-term reports that covered it, when any. */
function midTermReportsOf(row: RecommendationRow): { midTermReports?: MidTermReportView[] } {
  const reports = fromStoredJson(row.mid_term_reports);
  return reports.length > 0 ? { midTermReports: reports } : {};
}
