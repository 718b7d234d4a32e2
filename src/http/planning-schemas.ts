import { z } from 'zod';
import { counts } from '../../projections/counts.js';
import { ACTION_STATUSES, ActionStatus, Budget } from '../domain/action/action.js';
import { INDICATOR_TRACKS } from '../domain/indicator/track.js';
import { InstitutionKind } from '../domain/institution/kind.js';
import { ResponsibilityRole } from '../domain/recommendation/events.js';
import { StateInput } from '../domain/state-names.js';
import { CalendarDate, IMPLEMENTATION_STATUSES, ImplementationStatus } from '../domain/vocabulary.js';
import { MinPosition } from './schemas.js';

/** Response and query schemas of national planning: they document the API in /openapi.json. */

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
export const InstitutionQuery = z.strictObject({ state: StateInput.optional(), minPosition: MinPosition });

export const PlanQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('the day asked about; default today (UTC)'),
  minPosition: MinPosition,
});
export const StatePlanQuery = z.strictObject({
  state: StateInput.describe('the State whose plan is listed'),
  asOf: CalendarDate.optional().describe('the day asked about; default today (UTC)'),
  minPosition: MinPosition,
});
export const ActionQuery = z.strictObject({
  state: StateInput,
  institution: z.string().min(1).max(200).optional().describe('only the actions this institution carries out'),
  late: z.enum(['true', 'false']).optional().describe('true: only those late on the day asked'),
  asOf: CalendarDate.optional().describe('the day status and lateness are judged on; default today (UTC)'),
  minPosition: MinPosition,
});

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

const LateAction = z.object({ id: z.string(), title: z.string(), institutionId: z.string(), plannedEnd: z.string() });
const PlanSummary = {
  recommendations: z.object({ count: z.number().int(), byStatus: counts(IMPLEMENTATION_STATUSES) }),
  actions: z.object({
    count: z.number().int(),
    byStatus: counts(ACTION_STATUSES),
    late: z.array(LateAction).describe('past their planned end and neither completed nor cancelled on the day'),
  }),
  indicators: z.object({ count: z.number().int(), byTrack: counts(INDICATOR_TRACKS) }),
};

export const ClusterPlan = z.object({
  id: z.string(),
  title: z.string(),
  theme: z.string().optional(),
  formedOn: z.string(),
  members: z.array(PlannedRecommendation).describe('the recommendations in it on the day asked'),
  ...PlanSummary,
});
const MemberPeriod = z.object({
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
  ...PlanSummary,
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
  progress: z.array(
    z.object({
      on: z.string(),
      status: ActionStatus,
      percent: z.number().optional(),
      note: z.string().optional(),
      position: Position,
    }),
  ),
  asOf: z.string(),
  status: ActionStatus.describe('on the day asked: the last progress report made on or before it, else planned'),
  percent: z.number().optional(),
  completedOn: z.string().optional(),
  late: z.boolean().describe('past its planned end on the day asked and neither completed nor cancelled'),
  position: Position,
  revision: z.number().int(),
});
export const ActionList = z.object({ items: z.array(ActionView) });

export const IndicatorView = z.object({
  id: z.string(),
  state: z.string(),
  title: z.string(),
  unit: z.string(),
  baseline: z.object({ value: z.number(), on: z.string() }),
  target: z.object({ value: z.number(), by: z.string() }),
  recommendationIds: z.array(z.string()),
  sdgTargets: z.array(z.string()),
  values: z
    .array(z.object({ value: z.number(), on: z.string(), source: z.string(), position: Position }))
    .describe('the series: values dated on or before the day asked, by date'),
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

/** `DELETE …?on=`: the day a removal takes effect. */
export const RemovalQuery = z.strictObject({
  on: CalendarDate.optional().describe('the day it takes effect; default: the day it is recorded (UTC)'),
});

export const ClusterMember = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/),
  recommendationId: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/),
});
export const Responsible = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/),
  institution: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/),
});
