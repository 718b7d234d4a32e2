export { ActionQueries, type ActionRecord, type ActionView, actionOn, actionsProjection } from './planning/actions.js';
export { ClusterQueries, type ClusterRecord, clusterMembersOn, clustersProjection } from './planning/clusters.js';
export {
  IndicatorQueries,
  type IndicatorRecord,
  type IndicatorValueView,
  type IndicatorView,
  indicatorOn,
  indicatorsProjection,
} from './planning/indicators.js';
export { InstitutionQueries, type InstitutionView, institutionsProjection } from './planning/institutions.js';
export { PlanQueries } from './planning/plan.js';
export {
  ResponsibilityQueries,
  type ResponsibilityView,
  responsibilitiesProjection,
} from './planning/responsibilities.js';
export type {
  ClusterPlan,
  ClusterView,
  InstitutionPlan,
  InstitutionTodo,
  LateAction,
  PlannedRecommendation,
  PlanSummary,
  PlanView,
} from './planning/schemas.js';
