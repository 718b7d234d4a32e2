/**
 * What the planning read models serve, defined once: each shape a zod schema, its type inferred from it. The read
 * models build these types, the routes answer them and document them in /openapi.json, and the dashboard's API client
 * takes them as types.
 */
import { z } from 'zod';
import { ACTION_STATUSES, ActionStatus, Budget } from '../../src/domain/action/action.js';
import { INDICATOR_TRACKS } from '../../src/domain/indicator/track.js';
import { InstitutionKind } from '../../src/domain/institution/kind.js';
import { ResponsibilityRole } from '../../src/domain/recommendation/events.js';
import { IMPLEMENTATION_STATUSES, ImplementationStatus } from '../../src/domain/vocabulary.js';
import { counts } from '../counts.js';

const Position = z.string().describe('global position of the event that recorded it: a draft cites it');
export const InstitutionView = z.object({
  id: z.string(),
  state: z.string(),
  name: z.string(),
  kind: InstitutionKind.optional(),
  position: Position,
  revision: z.number().int(),
});
export const InstitutionList = z.object({ items: z.array(InstitutionView) });
export const PlannedRecommendation = z.object({
  id: z.string(),
  mechanism: z.string(),
  symbol: z.string(),
  paragraph: z.string(),
  text: z.string(),
  issuedOn: z.string(),
  status: ImplementationStatus.describe('its implementation status on the day asked'),
  lead: z.string().optional().describe('the lead institution on the day asked'),
  support: z.array(z.string()),
});

/** Late actions are named: what, by whom, due when. */
export const LateAction = z.object({
  id: z.string(),
  title: z.string(),
  institutionId: z.string(),
  plannedEnd: z.string(),
});
/** Recommendations by status, actions by status with the late ones named, indicators by track. */
export const PlanSummary = z.object({
  recommendations: z.object({ count: z.number().int(), byStatus: counts(IMPLEMENTATION_STATUSES) }),
  actions: z.object({
    count: z.number().int(),
    byStatus: counts(ACTION_STATUSES),
    late: z.array(LateAction).describe('past their planned end and neither completed nor cancelled on the day'),
  }),
  indicators: z.object({ count: z.number().int(), byTrack: counts(INDICATOR_TRACKS) }),
});

export const ClusterPlan = z.object({
  id: z.string(),
  title: z.string(),
  theme: z.string().optional(),
  formedOn: z.string(),
  members: z.array(PlannedRecommendation).describe('the recommendations in it on the day asked'),
  ...PlanSummary.shape,
});
export const MemberPeriod = z.object({
  recommendationId: z.string(),
  addedOn: z.string(),
  removedOn: z.string().optional(),
  position: Position,
});
export const ClusterView = ClusterPlan.extend({
  state: z.string(),
  asOf: z.string(),
  history: z.array(MemberPeriod).describe('every period a recommendation sat in it'),
  position: z.string().describe('global position the read models reached'),
  revision: z.number().int(),
});
export const ClusterList = z.object({ state: z.string(), asOf: z.string(), items: z.array(ClusterPlan) });

export const InstitutionPlan = z.object({
  id: z.string(),
  name: z.string(),
  kind: InstitutionKind.optional(),
  lead: z.array(z.string()).describe('recommendations it leads on the day'),
  support: z.array(z.string()).describe('recommendations it supports on the day'),
  ...PlanSummary.shape,
});

/** A progress report on an action, with the position of its event. */
export const ActionProgress = z.object({
  on: z.string(),
  status: ActionStatus,
  percent: z.number().optional(),
  note: z.string().optional(),
  position: Position,
});

export const ActionView = z.object({
  id: z.string(),
  state: z.string(),
  title: z.string(),
  recommendationIds: z.array(z.string()),
  clusterId: z.string().optional(),
  institutionId: z.string(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  budget: Budget.optional(),
  description: z.string().optional(),
  plannedOn: z.string(),
  progress: z.array(ActionProgress),
  asOf: z.string(),
  status: ActionStatus.describe('on the day asked: the last progress report made on or before it, else planned'),
  percent: z.number().optional(),
  completedOn: z.string().optional(),
  late: z.boolean().describe('past its planned end on the day asked and neither completed nor cancelled'),
  position: Position,
  revision: z.number().int(),
});
export const ActionList = z.object({ items: z.array(ActionView) });

/** One value of an indicator's series, with the position of its event. */
export const IndicatorValueView = z.object({
  value: z.number(),
  on: z.string(),
  source: z.string(),
  position: Position,
});

export const IndicatorView = z.object({
  id: z.string(),
  state: z.string(),
  title: z.string(),
  unit: z.string(),
  baseline: z.object({ value: z.number(), on: z.string() }),
  target: z.object({ value: z.number(), by: z.string() }),
  recommendationIds: z.array(z.string()),
  sdgTargets: z.array(z.string()),
  values: z.array(IndicatorValueView).describe('the series: values dated on or before the day asked, by date'),
  asOf: z.string(),
  track: z.enum(INDICATOR_TRACKS).describe('against the straight line from baseline to target, on the day asked'),
  latest: z.object({ value: z.number(), on: z.string() }).optional(),
  progress: z.number().optional().describe('0 at the baseline, 1 at the target'),
  expected: z.number().describe('where the straight line is on the day asked, 0 to 1'),
  position: Position,
  revision: z.number().int(),
});
export const IndicatorList = z.object({ items: z.array(IndicatorView) });

export const PlanView = z.object({
  state: z.string(),
  asOf: z.string(),
  position: z.string().describe('global position the read models reached'),
  clusters: z.array(ClusterPlan),
  institutions: z.array(InstitutionPlan),
  recommendations: z.array(PlannedRecommendation),
  actions: z.array(ActionView),
  indicators: z.array(IndicatorView),
});

export const InstitutionTodo = z.object({
  institution: z.object({ id: z.string(), state: z.string(), name: z.string(), kind: InstitutionKind.optional() }),
  asOf: z.string(),
  position: z.string(),
  recommendations: z.array(PlannedRecommendation.extend({ role: ResponsibilityRole })),
  actions: z.array(ActionView).describe('late ones first, then open ones by planned end, then finished ones'),
});

export type InstitutionView = z.infer<typeof InstitutionView>;
export type LateAction = z.infer<typeof LateAction>;
export type PlanSummary = z.infer<typeof PlanSummary>;
export type MemberPeriod = z.infer<typeof MemberPeriod>;
export type ActionProgress = z.infer<typeof ActionProgress>;
export type IndicatorValueView = z.infer<typeof IndicatorValueView>;
export type InstitutionList = z.infer<typeof InstitutionList>;
export type PlannedRecommendation = z.infer<typeof PlannedRecommendation>;
export type ClusterPlan = z.infer<typeof ClusterPlan>;
export type ClusterView = z.infer<typeof ClusterView>;
export type ClusterList = z.infer<typeof ClusterList>;
export type InstitutionPlan = z.infer<typeof InstitutionPlan>;
export type ActionView = z.infer<typeof ActionView>;
export type ActionList = z.infer<typeof ActionList>;
export type IndicatorView = z.infer<typeof IndicatorView>;
export type IndicatorList = z.infer<typeof IndicatorList>;
export type PlanView = z.infer<typeof PlanView>;
export type InstitutionTodo = z.infer<typeof InstitutionTodo>;
