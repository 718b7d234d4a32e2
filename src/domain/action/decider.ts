import type { ClusterState } from '../cluster/decider.js';
import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { plannedId } from '../identity.js';
import type { InstitutionState } from '../institution/institution.js';
import type { RecommendationState } from '../recommendation/decider.js';
import type { CalendarDate } from '../vocabulary.js';
import type { ActionEvent, PlanAction, ReportActionProgress } from './action.js';
import { type ActionState, isFinal, progressOn } from './state.js';

/** Planning carries what the rules check, loaded by the caller: the institution, the recommendations, the cluster. */
export type ActionCommand =
  | {
      type: 'PlanAction';
      data: PlanAction & { plannedOn: CalendarDate };
      institution: InstitutionState;
      recommendations: ReadonlyMap<string, RecommendationState>;
      cluster?: ClusterState;
    }
  | { type: 'ReportActionProgress'; data: ReportActionProgress };

export const actionIdOf = (data: Pick<PlanAction, 'state' | 'title'>): string => plannedId(data.state, data.title);

function plan(command: Extract<ActionCommand, { type: 'PlanAction' }>, action: ActionState): ActionEvent[] {
  const { data, institution, recommendations, cluster } = command;
  const id = actionIdOf(data);
  if (action.exists) throw new LifecycleConflict(`action ${id} is already planned`);
  const recommendationIds = [...new Set(data.recommendationIds ?? [])];
  if (recommendationIds.length === 0 && data.clusterId === undefined) {
    throw new RuleViolation('an action serves recommendations: name recommendationIds, a clusterId, or both');
  }
  if (data.plannedEnd <= data.plannedStart) {
    throw new RuleViolation(
      `an action ends after it starts: plannedEnd ${data.plannedEnd} must come after plannedStart ${data.plannedStart}`,
    );
  }
  if (!institution.exists) throw new RuleViolation(`institution ${data.institution} is not registered`);
  if (institution.state !== data.state) {
    throw new RuleViolation(`institution ${data.institution} belongs to ${institution.state}, not ${data.state}`);
  }
  for (const rid of recommendationIds) {
    const recommendation = recommendations.get(rid);
    if (!recommendation?.exists) throw new RuleViolation(`recommendation ${rid} does not exist`);
    if (recommendation.state !== data.state) {
      throw new RuleViolation(`recommendation ${rid} concerns ${recommendation.state}, not ${data.state}`);
    }
  }
  if (data.clusterId !== undefined) {
    if (!cluster?.exists) throw new RuleViolation(`cluster ${data.clusterId} does not exist`);
    if (cluster.state !== data.state) {
      throw new RuleViolation(`cluster ${data.clusterId} is ${cluster.state}'s, not ${data.state}'s`);
    }
  }
  const { state, title, clusterId, plannedStart, plannedEnd, budget, description, plannedOn } = data;
  return [
    {
      type: 'ActionPlanned',
      data: {
        actionId: id,
        state,
        title,
        recommendationIds,
        ...(clusterId !== undefined ? { clusterId } : {}),
        institutionId: data.institution,
        plannedStart,
        plannedEnd,
        ...(budget ? { budget } : {}),
        ...(description ? { description } : {}),
        plannedOn,
      },
    },
  ];
}

function report(data: ReportActionProgress, action: ActionState): ActionEvent[] {
  if (!action.exists) throw new NotFound('the action does not exist: plan it first');
  const now = progressOn(action.progress);
  if (isFinal(now.status)) {
    const last = action.progress.at(-1)!;
    throw new LifecycleConflict(`action ${action.id} was ${now.status} on ${last.on}: no progress follows`);
  }
  const last = action.progress.at(-1);
  if (last && data.on < last.on) {
    throw new RuleViolation(
      `progress of action ${action.id} was last reported on ${last.on}: a report cannot go back to ${data.on}`,
    );
  }
  if (data.status === 'completed' && data.percent !== undefined && data.percent !== 100) {
    throw new RuleViolation(`a completed action is 100% done, not ${data.percent}%`);
  }
  const percent = data.status === 'completed' ? 100 : data.percent;
  const { on, status, note } = data;
  return [
    {
      type: 'ActionProgressReported',
      data: {
        actionId: action.id,
        on,
        status,
        ...(percent !== undefined ? { percent } : {}),
        ...(note ? { note } : {}),
      },
    },
  ];
}

function evolve(action: ActionState, event: ActionEvent): ActionState {
  if (event.type === 'ActionPlanned') {
    const { actionId: id, ...planned } = event.data;
    return { exists: true, id, ...planned, progress: [] };
  }
  if (!action.exists) return action;
  const { actionId: _id, ...progress } = event.data;
  return { ...action, progress: [...action.progress, progress] };
}

/** A planned action: who does what for which recommendations by when, and how far it got. */
export const actionDecider: Decider<ActionCommand, ActionEvent, ActionState> = {
  initialState: () => ({ exists: false }),
  evolve,
  decide: (command, action) => (command.type === 'PlanAction' ? plan(command, action) : report(command.data, action)),
};
