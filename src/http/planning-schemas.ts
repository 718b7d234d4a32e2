import { z } from 'zod';
import { StateInput } from '../domain/state-names.js';
import { CalendarDate } from '../domain/vocabulary.js';
import { MinPosition } from './schemas.js';

/** Query and body schemas of national planning; the responses' are the read models' own. */
export {
  ActionList,
  ActionView,
  ClusterList,
  ClusterPlan,
  ClusterView,
  IndicatorList,
  IndicatorView,
  InstitutionList,
  InstitutionPlan,
  InstitutionTodo,
  InstitutionView,
  PlannedRecommendation,
  PlanView,
} from '../../projections/planning/schemas.js';

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

/** `DELETE …?on=`: the day a removal takes effect. */
export const RemovalQuery = z.strictObject({
  on: CalendarDate.optional().describe('the day it takes effect; default: the day it is recorded (UTC)'),
});

/** An id in a path, as a stream may be named: URL-safe characters only. */
const PathId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@+-]*$/);

export const ClusterMember = z.object({
  id: PathId,
  recommendationId: PathId,
});
export const Responsible = z.object({
  id: PathId,
  institution: PathId,
});
