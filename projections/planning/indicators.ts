import type { Database } from 'better-sqlite3';
import { type IndicatorStanding, standingOn } from '../../src/domain/indicator/track.js';
import { type Projection, projection } from '../projection.js';
import { revisionGuarded } from '../revision-guard.js';
import { RecordsWithChildren } from '../with-children.js';
import type { IndicatorView } from './schemas.js';

export type { IndicatorValueView, IndicatorView } from './schemas.js';

/** An indicator as recorded: its definition and every value, each with the position of its event. */
export type IndicatorRecord = Omit<IndicatorView, 'asOf' | keyof IndicatorStanding>;

interface IndicatorRow {
  id: string;
  state: string;
  title: string;
  unit: string;
  baseline_value: number;
  baseline_on: string;
  target_value: number;
  target_by: string;
  recommendation_ids: string;
  sdg_targets: string;
  position: string;
  revision: number;
}

interface ValueRow {
  indicator_id: string;
  value: number;
  on_day: string;
  source: string;
  position: string;
}

/** Indicators with their baseline, target and values over time. */
export const indicatorsProjection: Projection = projection({
  name: 'indicators',
  byStream: true,
  handles: ['IndicatorDefined', 'IndicatorValueRecorded'],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS indicators (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        title TEXT NOT NULL,
        unit TEXT NOT NULL,
        baseline_value REAL NOT NULL,
        baseline_on TEXT NOT NULL,
        target_value REAL NOT NULL,
        target_by TEXT NOT NULL,
        recommendation_ids TEXT NOT NULL,
        sdg_targets TEXT NOT NULL,
        position TEXT NOT NULL,
        revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS indicators_by_state ON indicators (state, title);
      CREATE TABLE IF NOT EXISTS indicator_values (
        indicator_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        value REAL NOT NULL,
        on_day TEXT NOT NULL,
        source TEXT NOT NULL,
        position TEXT NOT NULL,
        PRIMARY KEY (indicator_id, seq)
      ) WITHOUT ROWID;
    `);
  },
  bind(db) {
    const define = db.prepare(`
      INSERT OR IGNORE INTO indicators (id, state, title, unit, baseline_value, baseline_on, target_value, target_by,
        recommendation_ids, sdg_targets, position, revision)
      VALUES (:id, :state, :title, :unit, :baselineValue, :baselineOn, :targetValue, :targetBy, :recommendationIds,
        :sdgTargets, :position, :revision)
    `);
    const touch = revisionGuarded(db, 'indicators');
    const value = db.prepare(`
      INSERT OR IGNORE INTO indicator_values (indicator_id, seq, value, on_day, source, position)
      VALUES (:id, :seq, :value, :on, :source, :position)
    `);
    return (event) => {
      const { revision, position } = event;
      if (event.type === 'IndicatorDefined') {
        const d = event.data;
        define.run({
          id: d.indicatorId,
          state: d.state,
          title: d.title,
          unit: d.unit,
          baselineValue: d.baseline.value,
          baselineOn: d.baseline.on,
          targetValue: d.target.value,
          targetBy: d.target.by,
          recommendationIds: JSON.stringify(d.recommendationIds),
          sdgTargets: JSON.stringify(d.sdgTargets),
          position,
          revision,
        });
        return;
      }
      const d = event.data;
      if (touch.run({ id: d.indicatorId, revision }).changes === 0) return;
      value.run({ id: d.indicatorId, seq: revision, value: d.value, on: d.on, source: d.source, position });
    };
  },
});

/** An indicator with its values as recorded; a State's by title. */
export class IndicatorQueries extends RecordsWithChildren<IndicatorRow, 'indicator_id', ValueRow, IndicatorRecord> {
  constructor(db: Database) {
    super(db, record, {
      table: 'indicators',
      order: 'title, id',
      children: 'indicator_values',
      parentId: 'indicator_id',
      childOrder: ['seq'],
    });
  }
}

function record(row: IndicatorRow, values: readonly ValueRow[]): IndicatorRecord {
  return {
    id: row.id,
    state: row.state,
    title: row.title,
    unit: row.unit,
    baseline: { value: row.baseline_value, on: row.baseline_on },
    target: { value: row.target_value, by: row.target_by },
    recommendationIds: JSON.parse(row.recommendation_ids) as string[],
    sdgTargets: JSON.parse(row.sdg_targets) as string[],
    values: values.map((v) => ({ value: v.value, on: v.on_day, source: v.source, position: v.position })),
    position: row.position,
    revision: row.revision,
  };
}

/** The indicator as it stood on a day: the values dated on or before it, in date order, and its track then. */
export function indicatorOn(indicator: IndicatorRecord, day: string): IndicatorView {
  const values = indicator.values.filter((v) => v.on <= day).sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  return { ...indicator, values, asOf: day, ...standingOn(indicator, values, day) };
}
