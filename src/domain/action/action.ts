import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { MeasureCategory } from '../recommendation/events.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import { CalendarDate, StateCode } from '../vocabulary.js';

/** The statuses an action's progress reports give; `completed` and `cancelled` end it. */
export const ACTION_STATUSES = ['planned', 'under_way', 'completed', 'delayed', 'cancelled'] as const;
export const ActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatus>;

const currencies = new Set(Intl.supportedValuesOf('currency'));

export const Budget = z.strictObject({
  amount: z.number().nonnegative().max(1e15),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code in upper case, like KZT')
    .refine((code) => currencies.has(code), 'is not a known ISO 4217 currency code'),
});

/** Body of POST /v1/actions. */
export const PlanAction = z.strictObject({
  state: StateInput,
  title: userText().min(1).max(500),
  recommendationIds: z
    .array(z.string().min(1).max(200))
    .max(200)
    .optional()
    .describe('the recommendations it serves; with or instead of clusterId'),
  clusterId: z.string().min(1).max(200).optional().describe('the cluster whose recommendations it serves'),
  institution: z.string().min(1).max(200).describe('id of the institution that carries it out'),
  plannedStart: CalendarDate,
  plannedEnd: CalendarDate.describe('after plannedStart'),
  budget: Budget.optional(),
  description: userText().max(5000).optional(),
  plannedOn: CalendarDate.optional().describe('the day the action entered the plan; default: the day it is recorded'),
});
export type PlanAction = z.infer<typeof PlanAction>;

/** Body of POST /v1/actions/{id}/progress. */
export const ReportActionProgress = z.strictObject({
  on: CalendarDate,
  status: ActionStatus,
  percent: z.number().min(0).max(100).optional(),
  note: userText().max(5000).optional(),
});
export type ReportActionProgress = z.infer<typeof ReportActionProgress>;

/** Body of POST /v1/actions/{id}/measures: the measure a completed action took, recorded on a recommendation. */
export const RecordMeasureOfAction = z.strictObject({
  recommendationId: z.string().min(1).max(200),
  title: userText().min(1).max(500).optional().describe("default: the action's title"),
  implementedOn: CalendarDate.optional().describe('default: the day the action was completed'),
  description: userText().max(20_000).optional(),
  completes: z.boolean().optional().describe('true when this measure completes the implementation'),
  category: MeasureCategory.optional(),
});
export type RecordMeasureOfAction = z.infer<typeof RecordMeasureOfAction>;

export const ActionPlanned = z.strictObject({
  actionId: z.string(),
  state: StateCode,
  title: z.string().min(1).max(500),
  recommendationIds: z.array(z.string()),
  clusterId: z.string().optional(),
  institutionId: z.string(),
  plannedStart: CalendarDate,
  plannedEnd: CalendarDate,
  budget: Budget.optional(),
  description: z.string().max(5000).optional(),
  plannedOn: CalendarDate,
});

export const ActionProgressReported = z.strictObject({
  actionId: z.string(),
  on: CalendarDate,
  status: ActionStatus,
  percent: z.number().min(0).max(100).optional(),
  note: z.string().max(5000).optional(),
});

export const actionEventSchemas = { ActionPlanned, ActionProgressReported } as const;

export type ActionEvent = EventsOf<typeof actionEventSchemas>;
