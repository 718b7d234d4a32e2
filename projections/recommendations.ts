import { type Projection, projection } from './projection.js';
import { bindRecommendationPages, bindRecommendations } from './recommendations/apply.js';
import { reindexStateCounts } from './recommendations/state-counts.js';
import { migrateRecommendations } from './recommendations/tables.js';

export { decodeCursor, encodeCursor } from './cursor.js';
export {
  type RecommendationFilter,
  type RecommendationPage,
  RecommendationQueries,
  type RecordedSource,
} from './recommendations/queries.js';
export {
  type ByLevel,
  type ByStatus,
  StateQueries,
  type StateStatus,
  type StatesOverview,
} from './recommendations/state-status.js';
export type { AssessmentView, MeasureView, RecommendationView } from './recommendations/view.js';

/** One row per recommendation with its effective dates, its assessments and its themes. */
export const recommendationsProjection: Projection = projection({
  name: 'recommendations',
  byStream: true,
  // 2: recommendation_facts, for the status as recorded before an instant.
  // 3: no_information apart from not_started; mandates, UPR session and cycle, other States concerned.
  // 4: the institutions responsible now and the lead among them (national planning).
  // 5: sort_key, the natural order of lists.
  // 6: the bodies' procedures: sub-paragraph grades, the follow-up dialogue, closure, the deadline's origin.
  // 7: the body's priority designation (urgent measures, priority).
  // 8: the source of a UPR position (the Working Group's report, the addendum, the Council's adoption).
  // 9: recommendation_standing, so that a State's status today is counted from rows the read model keeps.
  // 10: state_counts, so that every State's counts (GET /v1/states) are read, not counted.
  version: 10,
  handles: [
    'RecommendationIssued',
    'RecommendationResponded',
    'MeasureImplemented',
    'NotStartedRecorded',
    'RecommendationTextChanged',
    'RecommendationTextTranslated',
    'RecommendationReclassified',
    'RecommendingStatesAdded',
    'FollowUpReplyReceived',
    'FollowUpAssessed',
    'ResponsibilityAssigned',
    'ResponsibilityWithdrawn',
    'FollowUpReminderSent',
    'FurtherInformationRequested',
    'MidTermReportRecorded',
    'FollowUpClosed',
  ],
  migrate: migrateRecommendations,
  bind: bindRecommendations,
  bindPage: bindRecommendationPages,
  reindex: reindexStateCounts,
});
