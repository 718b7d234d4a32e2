import type { CalendarDate } from '../vocabulary.js';
import type { ActionEvent, ActionStatus } from './action.js';

type Planned = Extract<ActionEvent, { type: 'ActionPlanned' }>['data'];
export type ProgressReport = Omit<Extract<ActionEvent, { type: 'ActionProgressReported' }>['data'], 'actionId'>;

/** A planned action as its rules see it: the plan, and its progress reports in the order given. */
export type ActionState =
  | { exists: false }
  | ({ exists: true; id: string; progress: ProgressReport[] } & Omit<Planned, 'actionId'>);

/** What an action's progress reports say about a day: its status, percent, and the day it was completed. */
export interface ActionProgress {
  status: ActionStatus;
  percent?: number;
  /** The day the report saying `completed` was made, when it is on or before the day asked. */
  completedOn?: CalendarDate;
}

/** Statuses that end an action: no progress is reported after them. */
export const isFinal = (status: ActionStatus): boolean => status === 'completed' || status === 'cancelled';

/** The progress of an action on a day (now without one): the last report made on or before it, else `planned`. */
export function progressOn(progress: readonly ProgressReport[], day?: CalendarDate): ActionProgress {
  let status: ActionStatus = 'planned';
  let percent: number | undefined;
  let completedOn: CalendarDate | undefined;
  for (const report of progress) {
    if (day !== undefined && report.on > day) continue;
    status = report.status;
    if (report.percent !== undefined) percent = report.percent;
    if (report.status === 'completed') completedOn = report.on;
  }
  return { status, ...(percent !== undefined ? { percent } : {}), ...(completedOn ? { completedOn } : {}) };
}

/**
 * Whether an action is late on a day: its planned end has passed (strictly before the day) and it is not completed
 * on it. A cancelled action is not late: it will not be completed at all, and says so. Computed when read.
 */
export function isLate(plannedEnd: CalendarDate, status: ActionStatus, day: CalendarDate): boolean {
  return plannedEnd < day && !isFinal(status);
}

/** Whether an action serves a recommendation: named by it, or in its cluster (members given by the caller). */
export function actionServes(
  action: { recommendationIds: readonly string[] },
  clusterMembers: readonly string[],
  recommendationId: string,
): boolean {
  return action.recommendationIds.includes(recommendationId) || clusterMembers.includes(recommendationId);
}
