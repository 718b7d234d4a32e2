import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { SdgTargetRef } from '../sdg/sdg.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import { CalendarDate, StateCode } from '../vocabulary.js';

const Value = z.number().finite().min(-1e15).max(1e15);

/** Body of POST /v1/indicators. */
export const DefineIndicator = z.strictObject({
  state: StateInput,
  title: userText().min(1).max(500),
  unit: userText().min(1).max(100).describe('what a value counts, e.g. "% of complaints investigated"'),
  baseline: z.strictObject({ value: Value, on: CalendarDate }),
  target: z.strictObject({ value: Value, by: CalendarDate }),
  recommendationIds: z.array(z.string().min(1).max(200)).max(200),
  sdgTargets: z
    .array(SdgTargetRef)
    .max(20)
    .optional()
    .describe('SDG targets it measures, by code (16.3); served as codes'),
});
export type DefineIndicator = z.infer<typeof DefineIndicator>;

/** Body of POST /v1/indicators/{id}/values. */
export const RecordIndicatorValue = z.strictObject({
  value: Value,
  on: CalendarDate,
  source: userText().min(1).max(500).describe('where the figure comes from, e.g. a statistics office table'),
});
export type RecordIndicatorValue = z.infer<typeof RecordIndicatorValue>;

export const IndicatorDefined = z.strictObject({
  indicatorId: z.string(),
  state: StateCode,
  title: z.string().min(1).max(500),
  unit: z.string().min(1).max(100),
  baseline: z.strictObject({ value: Value, on: CalendarDate }),
  target: z.strictObject({ value: Value, by: CalendarDate }),
  recommendationIds: z.array(z.string()),
  sdgTargets: z.array(z.string()),
});

export const IndicatorValueRecorded = z.strictObject({
  indicatorId: z.string(),
  value: Value,
  on: CalendarDate,
  source: z.string().min(1).max(500),
});

export const indicatorEventSchemas = { IndicatorDefined, IndicatorValueRecorded } as const;

export type IndicatorEvent = EventsOf<typeof indicatorEventSchemas>;
