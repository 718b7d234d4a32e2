import type { Database } from 'better-sqlite3';
import type { ActionStatus } from '../../src/domain/action/action.js';
import { isLate, progressOn } from '../../src/domain/action/state.js';
import { type Projection, projection } from '../projection.js';
import { revisionGuarded } from '../revision-guard.js';
import { RecordsWithChildren } from '../with-children.js';
import type { ActionView } from './schemas.js';

export type { ActionView } from './schemas.js';

/** An action as recorded: its plan and every progress report, each with the position of its event. */
export type ActionRecord = Omit<ActionView, 'asOf' | 'status' | 'percent' | 'completedOn' | 'late'>;

interface ActionRow {
  id: string;
  state: string;
  title: string;
  recommendation_ids: string;
  cluster_id: string | null;
  institution_id: string;
  planned_start: string;
  planned_end: string;
  budget: string | null;
  description: string | null;
  planned_on: string;
  position: string;
  revision: number;
}

interface ProgressRow {
  action_id: string;
  on_day: string;
  status: ActionStatus;
  percent: number | null;
  note: string | null;
  position: string;
}

/** Planned actions and their progress reports. */
export const actionsProjection: Projection = projection({
  name: 'actions',
  byStream: true,
  handles: ['ActionPlanned', 'ActionProgressReported'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS actions (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        title TEXT NOT NULL,
        recommendation_ids TEXT NOT NULL,
        cluster_id TEXT,
        institution_id TEXT NOT NULL,
        planned_start TEXT NOT NULL,
        planned_end TEXT NOT NULL,
        budget TEXT,
        description TEXT,
        planned_on TEXT NOT NULL,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS actions_by_state ON actions (state, planned_end);
      CREATE INDEX IF NOT EXISTS actions_by_institution ON actions (institution_id, planned_end);
      CREATE TABLE IF NOT EXISTS action_progress (
        action_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        on_day TEXT NOT NULL,
        status TEXT NOT NULL,
        percent REAL,
        note TEXT,
        position TEXT NOT NULL,
        PRIMARY KEY (action_id, seq)
      ) WITHOUT ROWID;
    `);
  },
  bind(db) {
    const plan = db.prepare(`
      INSERT OR IGNORE INTO actions (id, state, title, recommendation_ids, cluster_id, institution_id, planned_start,
        planned_end, budget, description, planned_on, position, revision)
      VALUES (:id, :state, :title, :recommendationIds, :clusterId, :institutionId, :plannedStart, :plannedEnd, :budget,
        :description, :plannedOn, :position, :revision)
    `);
    const touch = revisionGuarded(db, 'actions');
    const report = db.prepare(`
      INSERT OR IGNORE INTO action_progress (action_id, seq, on_day, status, percent, note, position)
      VALUES (:id, :seq, :on, :status, :percent, :note, :position)
    `);
    return (event) => {
      const { revision, position } = event;
      if (event.type === 'ActionPlanned') {
        const d = event.data;
        plan.run({
          id: d.actionId,
          state: d.state,
          title: d.title,
          recommendationIds: JSON.stringify(d.recommendationIds),
          clusterId: d.clusterId ?? null,
          institutionId: d.institutionId,
          plannedStart: d.plannedStart,
          plannedEnd: d.plannedEnd,
          budget: d.budget ? JSON.stringify(d.budget) : null,
          description: d.description ?? null,
          plannedOn: d.plannedOn,
          position,
          revision,
        });
        return;
      }
      const d = event.data;
      if (touch.run({ id: d.actionId, revision }).changes === 0) return;
      report.run({
        id: d.actionId,
        seq: revision,
        on: d.on,
        status: d.status,
        percent: d.percent ?? null,
        note: d.note ?? null,
        position,
      });
    };
  },
});

/** An action with its progress reports; a State's by planned start. */
export class ActionQueries extends RecordsWithChildren<ActionRow, 'action_id', ProgressRow, ActionRecord> {
  constructor(db: Database) {
    super(db, record, {
      table: 'actions',
      order: 'planned_start, id',
      children: 'action_progress',
      parentId: 'action_id',
      childOrder: ['seq'],
    });
  }
}

function record(row: ActionRow, progress: readonly ProgressRow[]): ActionRecord {
  return {
    id: row.id,
    state: row.state,
    title: row.title,
    recommendationIds: JSON.parse(row.recommendation_ids) as string[],
    ...(row.cluster_id !== null && { clusterId: row.cluster_id }),
    institutionId: row.institution_id,
    plannedStart: row.planned_start,
    plannedEnd: row.planned_end,
    ...(row.budget !== null && { budget: JSON.parse(row.budget) as { amount: number; currency: string } }),
    ...(row.description !== null && { description: row.description }),
    plannedOn: row.planned_on,
    progress: progress.map((p) => ({
      on: p.on_day,
      status: p.status,
      ...(p.percent !== null && { percent: p.percent }),
      ...(p.note !== null && { note: p.note }),
      position: p.position,
    })),
    position: row.position,
    revision: row.revision,
  };
}

/** The action as it stood on a day: only reports made on or before it count; late judged on it. */
export function actionOn(action: ActionRecord, day: string): ActionView {
  const { status, percent, completedOn } = progressOn(action.progress, day);
  return {
    ...action,
    progress: action.progress.filter((p) => p.on <= day),
    asOf: day,
    status,
    ...(percent !== undefined && { percent }),
    ...(completedOn !== undefined && { completedOn }),
    late: isLate(action.plannedEnd, status, day),
  };
}
