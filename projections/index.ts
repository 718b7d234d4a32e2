import type { Database } from 'better-sqlite3';
import { upcastRecorded } from '../src/domain/upcasting.js';
import type { RecordedEvent } from '../src/eventstore/port.js';
import { idempotencyProjection } from './idempotency.js';
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
import { tokensProjection } from './tokens.js';

export * from './position.js';
export type { Projection } from './projection.js';
export * from './recommendations.js';
export * from './reports.js';

/** The read models behind the public queries (`ReadModels`): reports, recommendations and the position they reached. */
export const publicProjections: Projection[] = [reportsProjection, recommendationsProjection, positionProjection];

/**
 * Every read model the service keeps, in the order each event is applied to them: the public ones, then those only
 * commands read (tokens, answered Idempotency-Keys). All run in the transaction of the event, so the order changes
 * nothing a reader can see.
 */
export const serviceProjections: Projection[] = [...publicProjections, tokensProjection, idempotencyProjection];

/** Creates the tables and indexes of the given read models (default: the public ones); idempotent. */
export function migrateAll(db: Database, projections: readonly Projection[] = publicProjections): void {
  for (const projection of projections) projection.migrate(db);
}

/**
 * Binds the given read models (default: the public ones) and returns one function applying an event to each that
 * handles it. Call it inside the transaction that stores the event or advances the checkpoint.
 */
export function bindAll(
  db: Database,
  projections: readonly Projection[] = publicProjections,
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
