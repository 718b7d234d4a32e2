import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { plannedId } from '../identity.js';
import type { RecommendationState } from '../recommendation/decider.js';
import { sdgTargetsOf } from '../sdg/sdg.js';
import type { DefineIndicator, IndicatorEvent, RecordIndicatorValue } from './indicator.js';

type Defined = Omit<Extract<IndicatorEvent, { type: 'IndicatorDefined' }>['data'], 'indicatorId'>;
export type IndicatorValue = Omit<Extract<IndicatorEvent, { type: 'IndicatorValueRecorded' }>['data'], 'indicatorId'>;

export type IndicatorState = { exists: false } | ({ exists: true; id: string; values: IndicatorValue[] } & Defined);

export type IndicatorCommand =
  | { type: 'DefineIndicator'; data: DefineIndicator; recommendations: ReadonlyMap<string, RecommendationState> }
  | { type: 'RecordIndicatorValue'; data: RecordIndicatorValue };

export const indicatorIdOf = (data: Pick<DefineIndicator, 'state' | 'title'>): string =>
  plannedId(data.state, data.title);

function define(command: Extract<IndicatorCommand, { type: 'DefineIndicator' }>, indicator: IndicatorState) {
  const { data, recommendations } = command;
  const id = indicatorIdOf(data);
  if (indicator.exists) throw new LifecycleConflict(`indicator ${id} is already defined`);
  if (data.target.by <= data.baseline.on) {
    throw new RuleViolation(`the target date ${data.target.by} must come after the baseline's, ${data.baseline.on}`);
  }
  if (data.target.value === data.baseline.value) {
    throw new RuleViolation(
      `the target ${data.target.value} must differ from the baseline: progress is measured between them`,
    );
  }
  const recommendationIds = [...new Set(data.recommendationIds)];
  for (const rid of recommendationIds) {
    const recommendation = recommendations.get(rid);
    if (!recommendation?.exists) throw new RuleViolation(`recommendation ${rid} does not exist`);
    if (recommendation.state !== data.state) {
      throw new RuleViolation(`recommendation ${rid} concerns ${recommendation.state}, not ${data.state}`);
    }
  }
  const { state, title, unit, baseline, target } = data;
  const sdgTargets = sdgTargetsOf(data.sdgTargets ?? []);
  return [
    {
      type: 'IndicatorDefined' as const,
      data: { indicatorId: id, state, title, unit, baseline, target, recommendationIds, sdgTargets },
    },
  ];
}

function record(data: RecordIndicatorValue, indicator: IndicatorState): IndicatorEvent[] {
  if (!indicator.exists) throw new NotFound('the indicator does not exist: define it first');
  if (data.on < indicator.baseline.on) {
    throw new RuleViolation(
      `a value on ${data.on} precedes the baseline of indicator ${indicator.id}, set on ${indicator.baseline.on}`,
    );
  }
  return [{ type: 'IndicatorValueRecorded', data: { indicatorId: indicator.id, ...data } }];
}

function evolve(indicator: IndicatorState, event: IndicatorEvent): IndicatorState {
  if (event.type === 'IndicatorDefined') {
    const { indicatorId: id, ...defined } = event.data;
    return { exists: true, id, ...defined, values: [] };
  }
  if (!indicator.exists) return indicator;
  const { indicatorId: _id, ...value } = event.data;
  return { ...indicator, values: [...indicator.values, value] };
}

/** An indicator: a baseline, a target by a date, and values over time, measuring some recommendations. */
export const indicatorDecider: Decider<IndicatorCommand, IndicatorEvent, IndicatorState> = {
  initialState: () => ({ exists: false }),
  evolve,
  decide: (command, indicator) =>
    command.type === 'DefineIndicator' ? define(command, indicator) : record(command.data, indicator),
};
