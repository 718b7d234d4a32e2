import Sqlite, { type Database } from 'better-sqlite3';
import type { TallyFirsts } from '../src/domain/recommendation/status.js';
import type { RecordedEvent } from '../src/eventstore/port.js';
import { ReadModelChanges } from './changes.js';
import { idempotencyProjection } from './idempotency.js';
import {
  ActionQueries,
  actionsProjection,
  ClusterQueries,
  clustersProjection,
  IndicatorQueries,
  InstitutionQueries,
  indicatorsProjection,
  institutionsProjection,
  PlanQueries,
  ResponsibilityQueries,
  responsibilitiesProjection,
} from './planning.js';
import { EVERY_EVENT, PositionQueries, positionProjection } from './position.js';
import type { Projection } from './projection.js';
import { type TranslationTarget, TranslationTargetQueries } from './recommendations/translation-targets.js';
import type { RecommendationView } from './recommendations/view.js';
import {
  type RecommendationFilter,
  type RecommendationPage,
  RecommendationQueries,
  type RecordedSource,
  recommendationsProjection,
  StateQueries,
  type StateStatus,
  type StatesOverview,
} from './recommendations.js';
import { type ReportingCalendar, ReportingCycleQueries, reportingCycleProjection } from './reporting-cycle.js';
import { ReportQueries, type ReportView, reportsProjection } from './reports.js';
import {
  SEARCH_BOUNDS,
  type SearchBounds,
  type SearchFilter,
  type SearchPage,
  SearchQueries,
  searchProjection,
} from './search.js';
import { communicationsProjection, SpecialProcedureQueries, visitsProjection } from './special-procedures.js';
import { subscriptionsProjection } from './subscriptions.js';
import { tokensProjection } from './tokens.js';

export * from './planning.js';
export * from './position.js';
export { type Projected, type Projection, projection } from './projection.js';
export type { TranslationTarget } from './recommendations/translation-targets.js';
export * from './recommendations.js';
export * from './reporting-cycle.js';
export * from './reports.js';
export * from './search.js';
export * from './special-procedures.js';

/** What States plan: institutions, who is responsible, clusters, actions, indicators. */
export const planningProjections: Projection[] = [
  institutionsProjection,
  responsibilitiesProjection,
  clustersProjection,
  actionsProjection,
  indicatorsProjection,
];

/**
 * The read models behind the public queries (`ReadModels`): reports, recommendations, the words searched in them, the
 * plans, and the position they reached.
 */
export const publicProjections: Projection[] = [
  reportsProjection,
  reportingCycleProjection,
  recommendationsProjection,
  searchProjection,
  ...planningProjections,
  visitsProjection,
  communicationsProjection,
  positionProjection,
];

/**
 * Every read model the service keeps, in the order each event is applied to them: the public ones, then those only
 * commands read (tokens, answered Idempotency-Keys). All run in the transaction of the event, so the order changes
 * nothing a reader can see.
 */
export const serviceProjections: Projection[] = [
  ...publicProjections,
  tokensProjection,
  subscriptionsProjection,
  idempotencyProjection,
];

/**
 * Creates the tables and indexes of the given read models (default: the public ones); idempotent. Returns those whose
 * tables an older version of their code filled (`Projection.version`): they must be rebuilt from the log, and
 * `markRebuilt` said so, before they are read.
 */
export function migrateAll(db: Database, projections: readonly Projection[] = publicProjections): Projection[] {
  // A database the service kept before versions were recorded holds version 1 of every read model.
  const kept = hasTable(db, 'projection_position');
  const unversioned = kept && !hasTable(db, 'read_model_versions');
  db.exec('CREATE TABLE IF NOT EXISTS read_model_versions (name TEXT PRIMARY KEY, version INTEGER NOT NULL)');
  const stored = db.prepare<[string], { version: number }>('SELECT version FROM read_model_versions WHERE name = ?');
  const record = db.prepare('INSERT INTO read_model_versions (name, version) VALUES (?, ?)');
  const stale: Projection[] = [];
  for (const projection of projections) {
    // A read model new to a database that kept others has empty tables beside a log that may hold events: it is
    // filled from the log before it is read.
    const added = kept && !readModelTables([projection]).every((table) => hasTable(db, table));
    projection.migrate(db);
    // Written only when missing, so that a database nobody may write (an auditor's copy) still opens.
    let known = stored.get(projection.name);
    if (!known) {
      known = { version: unversioned ? 1 : versionOf(projection) };
      record.run(projection.name, known.version);
    }
    if (added || known.version < versionOf(projection)) stale.push(projection);
  }
  return stale;
}

/** Records that these read models were filled anew from the log by the current code. */
export function markRebuilt(db: Database, projections: readonly Projection[]): void {
  const record = db.prepare('INSERT OR REPLACE INTO read_model_versions (name, version) VALUES (?, ?)');
  for (const projection of projections) record.run(projection.name, versionOf(projection));
}

/**
 * The tables a set of read models keeps, found by migrating them into an empty database: their rows, not the
 * indexes derived from them (virtual tables and the tables these keep, made again by `Projection.reindex`).
 */
export function readModelTables(projections: readonly Projection[] = serviceProjections): string[] {
  const { tables, derived } = schemaOf(projections);
  return tables.filter((table) => !derived.some((index) => table === index || table.startsWith(`${index}_`)));
}

/** The virtual tables of a set of read models (their full-text indexes). */
export function readModelIndexes(projections: readonly Projection[] = serviceProjections): string[] {
  return schemaOf(projections).derived;
}

function schemaOf(projections: readonly Projection[]): { tables: string[]; derived: string[] } {
  const scratch = new Sqlite(':memory:');
  try {
    for (const projection of projections) projection.migrate(scratch);
    const tables = scratch
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all();
    return {
      tables: tables.map((row) => row.name),
      derived: tables.filter((row) => /^CREATE VIRTUAL TABLE/i.test(row.sql)).map((row) => row.name),
    };
  } finally {
    scratch.close();
  }
}

const quoted = (table: string): string => `"${table.replaceAll('"', '""')}"`;

/** Empties the tables of these read models, so that they are filled again from the log's first event. */
export function clearReadModels(db: Database, projections: readonly Projection[]): void {
  db.transaction(() => {
    for (const table of readModelTables(projections)) db.prepare(`DELETE FROM ${quoted(table)}`).run();
  })();
}

/**
 * Drops the tables of these read models and creates them as the current code keeps them, empty: the caller fills them
 * from the log's first event, in the same transaction when it can.
 */
export function resetReadModels(db: Database, projections: readonly Projection[]): void {
  db.transaction(() => {
    for (const index of readModelIndexes(projections)) db.exec(`DROP TABLE IF EXISTS ${quoted(index)}`);
    for (const table of readModelTables(projections)) db.exec(`DROP TABLE IF EXISTS ${quoted(table)}`);
    for (const projection of projections) projection.migrate(db);
    markRebuilt(db, projections);
  })();
}

const versionOf = (projection: Projection): number => projection.version ?? 1;

function hasTable(db: Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
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
  return (event) => {
    for (const apply of byType.get(event.type) ?? []) apply(event);
    for (const apply of everyEvent) apply(event);
  };
}

/**
 * The read models as the embedded store runs them in the transaction storing the events: `apply` for each event (read
 * models without `bindBatch`), `settle` once per transaction with all the events it stored (those with it), both in
 * the order of `projections`.
 */
export function bindInline(
  db: Database,
  projections: readonly Projection[] = publicProjections,
): { apply: (event: RecordedEvent) => void; settle: (events: readonly RecordedEvent[]) => void } {
  const apply = bindAll(
    db,
    projections.filter((projection) => !projection.bindBatch),
  );
  const settles = projections.flatMap((projection) => (projection.bindBatch ? [projection.bindBatch(db)] : []));
  return {
    apply,
    settle: (events) => {
      for (const settle of settles) settle(events);
    },
  };
}

/** Every query the read models answer, over one migrated database (statements prepared once, here). */
export class ReadModels {
  readonly position: PositionQueries;
  /** Where a State's status, or the recommendations, last changed: what their kept answers are tagged with. */
  readonly changes: ReadModelChanges;
  readonly reports: ReportQueries;
  readonly reportingCycle: ReportingCycleQueries;
  readonly recommendations: RecommendationQueries;
  readonly states: StateQueries;
  readonly institutions: InstitutionQueries;
  readonly responsibilities: ResponsibilityQueries;
  readonly clusters: ClusterQueries;
  readonly actions: ActionQueries;
  readonly indicators: IndicatorQueries;
  readonly plans: PlanQueries;
  readonly search: SearchQueries;
  readonly translationTargets: TranslationTargetQueries;
  /** Country visits and communications of the special procedures. */
  readonly specialProcedures: SpecialProcedureQueries;

  constructor(db: Database, searchBounds: Partial<SearchBounds> = {}) {
    this.specialProcedures = new SpecialProcedureQueries(db);
    this.position = new PositionQueries(db);
    this.changes = new ReadModelChanges(db, this.position);
    this.search = new SearchQueries(
      db,
      { currentPosition: () => this.changes.recommendationsChanged() },
      { ...SEARCH_BOUNDS, ...searchBounds },
    );
    this.translationTargets = new TranslationTargetQueries(db);
    this.reportingCycle = new ReportingCycleQueries(db);
    this.reports = new ReportQueries(db, this.reportingCycle);
    this.recommendations = new RecommendationQueries(db);
    this.states = new StateQueries(
      db,
      this.position,
      this.reportingCycle,
      (state, asOf, recordedBefore) => this.specialProcedures.counts(state, asOf, recordedBefore),
      (state) => this.changes.stateStatus(state),
    );
    this.institutions = new InstitutionQueries(db);
    this.responsibilities = new ResponsibilityQueries(db);
    this.clusters = new ClusterQueries(db);
    this.actions = new ActionQueries(db);
    this.indicators = new IndicatorQueries(db);
    this.plans = new PlanQueries(
      db,
      this.position,
      this.institutions,
      this.responsibilities,
      this.clusters,
      this.actions,
      this.indicators,
    );
  }

  currentPosition(): string {
    return this.position.currentPosition();
  }

  getReport(id: string): ReportView | undefined {
    return this.reports.getReport(id);
  }

  getRecommendation(id: string, today: string, languages: readonly string[] = []): RecommendationView | undefined {
    return this.recommendations.getRecommendation(id, today, languages);
  }

  /** A page of a recommendation's measures, after a cursor; undefined when it does not exist. */
  measuresPage(id: string, after: number, limit: number, pageBytes?: number) {
    return this.recommendations.measuresPage(id, after, limit, pageBytes);
  }

  /** Where a recommendation's status first became each thing (stream revisions), from its facts. */
  statusFirsts(id: string): TallyFirsts {
    return this.recommendations.statusFirsts(id);
  }

  /** The recorded sources of those of these recommendations that exist, by id. */
  recordedSources(ids: readonly string[]): Map<string, RecordedSource> {
    return this.recommendations.recordedSources(ids);
  }

  /** The recorded recommendations a record of a language export is for, with their translation in `language`. */
  translationTargetsOf(id: string, language: string): TranslationTarget[] {
    return this.translationTargets.targets(id, language);
  }

  listRecommendations(filter: RecommendationFilter): RecommendationPage {
    return this.recommendations.listRecommendations(filter);
  }

  /** Recommendations matching words, best first, with the facet counts of them all. */
  searchRecommendations(filter: SearchFilter): SearchPage {
    return this.search.search(filter);
  }

  /** A State's status on a day; with `recordedBefore` (milliseconds), as the log stood before that instant. */
  stateStatus(state: string, asOf: string, recordedBefore?: number): StateStatus {
    return this.states.stateStatus(state, asOf, recordedBefore);
  }

  /** A State's reports on a day: lists of issues, replies, dialogues, observations and where each next report stands. */
  reportingCalendar(state: string, asOf: string): ReportingCalendar {
    return this.reportingCycle.calendar(state, asOf, this.currentPosition());
  }

  statesOverview(): StatesOverview {
    return this.states.statesOverview();
  }
}
