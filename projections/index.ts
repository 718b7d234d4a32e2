import type { Database } from 'better-sqlite3';
import { upcastRecorded } from '../src/app/upcasting.js';
import type { RecordedEvent } from '../src/eventstore/port.js';
import { EVERY_EVENT, PositionQueries, positionProjection } from './position.js';
import type { Projection } from './projection.js';
import type { RecommendationView } from './recommendations/view.js';
import {
  type RecommendationFilter,
  type RecommendationPage,
  RecommendationQueries,
  recommendationsProjection,
  StateQueries,
  type StateStatus,
  type StatesOverview,
} from './recommendations.js';
import { ReportQueries, type ReportView, reportsProjection } from './reports.js';

export * from './position.js';
export type { Projection } from './projection.js';
export * from './recommendations.js';
export * from './reports.js';

/** Every read model; the position last, so it records the event the others have just applied. */
export const allProjections: Projection[] = [reportsProjection, recommendationsProjection, positionProjection];

/** Creates every read model's tables and indexes; idempotent. */
export function migrateAll(db: Database, projections: readonly Projection[] = allProjections): void {
  for (const projection of projections) projection.migrate(db);
}

/**
 * Binds every read model and returns one function applying an event to each that handles it.
 * Call it inside the transaction that stores the event or advances the checkpoint.
 */
export function bindAll(
  db: Database,
  projections: readonly Projection[] = allProjections,
): (event: RecordedEvent) => void {
  const byType = new Map<string, ((event: RecordedEvent) => void)[]>();
  const everyEvent: ((event: RecordedEvent) => void)[] = [];
  for (const projection of projections) {
    const apply = projection.bind(db);
    for (const type of projection.handles) {
      if (type === EVERY_EVENT) everyEvent.push(apply);
      else byType.set(type, [...(byType.get(type) ?? []), apply]);
    }
  }
  return (stored) => {
    // Read models see every event in its current shape, whatever version it was stored with.
    const event = upcastRecorded(stored);
    for (const apply of byType.get(event.type) ?? []) apply(event);
    for (const apply of everyEvent) apply(event);
  };
}

/** Every query the read models answer, over one migrated database (statements prepared once, here). */
export class ReadModels {
  readonly position: PositionQueries;
  readonly reports: ReportQueries;
  readonly recommendations: RecommendationQueries;
  readonly states: StateQueries;

  constructor(db: Database) {
    this.position = new PositionQueries(db);
    this.reports = new ReportQueries(db);
    this.recommendations = new RecommendationQueries(db);
    this.states = new StateQueries(db, () => this.position.currentPosition());
  }

  currentPosition(): string {
    return this.position.currentPosition();
  }

  getReport(id: string): ReportView | undefined {
    return this.reports.getReport(id);
  }

  getRecommendation(id: string, today: string): RecommendationView | undefined {
    return this.recommendations.getRecommendation(id, today);
  }

  listRecommendations(filter: RecommendationFilter): RecommendationPage {
    return this.recommendations.listRecommendations(filter);
  }

  stateStatus(state: string, asOf: string): StateStatus {
    return this.states.stateStatus(state, asOf);
  }

  statesOverview(): StatesOverview {
    return this.states.statesOverview();
  }
}
