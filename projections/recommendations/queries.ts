import type { Database, Statement } from 'better-sqlite3';
import type { PriorityDesignation } from '../../src/domain/procedure/priority.js';
import type { SourceFacts } from '../../src/domain/recommendation/revise.js';
import type { TallyFirsts } from '../../src/domain/recommendation/status.js';
import type {
  AssessmentLevel,
  Commitment,
  ImplementationStatus,
  UprCycle,
  UprPosition,
} from '../../src/domain/vocabulary.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { itemsWithin } from '../page-bytes.js';
import { fromStoredJson, type StoredJson } from '../stored-json.js';
import { type RecommendationRow, VIEW_OF_ROW } from './rows.js';
import type { MeasurePage, MeasureView, RecommendationPage, RecommendationView } from './schemas.js';
import { recommendationView } from './view.js';

export type { MeasurePage, RecommendationPage } from './schemas.js';

/** What `GET /v1/recommendations` filters on; `limit` (at most 500) is enforced by the caller. */
export interface RecommendationFilter {
  state?: string;
  mechanism?: string;
  status?: ImplementationStatus;
  /** The current assessment's level, or `not_assessed` for recommendations never assessed. */
  level?: AssessmentLevel | 'not_assessed';
  /** true: only those overdue on `today`; false: only those not overdue on it. */
  overdue?: boolean;
  theme?: string;
  /** Special procedures: one of the mandates that made it. */
  mandate?: string;
  uprCycle?: UprCycle;
  priority?: PriorityDesignation;
  /** What it is to the State now (accepted, noted, …). */
  commitment?: Commitment;
  /** The id of the lead institution now (national planning). */
  leadInstitution?: string;
  /** One of the SDG targets (`16.3`) or goals (`16`) it serves. */
  sdg?: string;
  /** One of the groups of persons it concerns, as the source names them. */
  affectedPersons?: string;
  /** UPR: the position the State last gave on it. */
  position?: UprPosition;
  /** Issued in this year or later. */
  yearFrom?: number;
  /** Issued in this year or earlier. */
  yearTo?: number;
  limit: number;
  /** The page stops before its JSON passes this many bytes (at least one item), its cursor after the last served. */
  pageBytes?: number;
  /** The `next` of the previous page. */
  cursor?: string;
  /** The day overdue is judged on (the caller's today). */
  today: string;
  /** The languages the caller prefers, best first: each text is served in the first it has, else the original. */
  languages?: readonly string[];
}

/** What a recommendation's source last said of it, as recorded, with what a revision needs beside it. */
export interface RecordedSource {
  mechanism: string;
  responded: boolean;
  source: SourceFacts;
}

interface SourceRow {
  id: string;
  mechanism: string;
  text: string;
  themes: string;
  sdgs: string;
  affected_persons: string;
  recommending_states: string;
  unmapped_recommending_states: string | null;
  responded: number;
}

// Restates followUpOverdue: deadline strictly before the day, no reply received on or before it, not closed by then.
const OVERDUE = `(r.follow_up_deadline IS NOT NULL AND r.follow_up_deadline < :today
  AND (r.first_reply_on IS NULL OR r.first_reply_on > :today) AND (r.closed_on IS NULL OR r.closed_on > :today))`;

/** The WHERE condition of each filter, by the key its presence adds to the statement's shape. */
const CONDITIONS = {
  state: 'r.state = :state',
  mechanism: 'r.mechanism = :mechanism',
  status: 'r.status = :status',
  level: 'r.level = :level',
  notAssessed: 'r.level IS NULL',
  overdue: OVERDUE,
  notOverdue: `NOT ${OVERDUE}`,
  theme: 'r.id IN (SELECT t.recommendation_id FROM recommendation_themes t WHERE t.theme = :theme)',
  mandate: 'r.id IN (SELECT m.recommendation_id FROM recommendation_mandates m WHERE m.mandate = :mandate)',
  uprCycle: 'r.upr_cycle = :uprCycle',
  priority: 'r.priority = :priority',
  // restates commitmentOf(mechanism, position)
  commitment: `(CASE WHEN r.mechanism = 'SP' THEN 'special_procedure' WHEN r.mechanism <> 'UPR' THEN 'accepted'
    WHEN r.response_position IS NULL THEN 'pending' WHEN r.response_position = 'supported' THEN 'accepted'
    ELSE r.response_position END) = :commitment`,
  leadInstitution: 'r.lead_institution = :leadInstitution',
  // a target (16.3) names itself, alone or with its label (16.3 - Promote the rule of law); a goal (16) its targets
  sdg: `EXISTS (SELECT 1 FROM json_each(r.sdgs) g
    WHERE g.value = :sdg OR g.value LIKE :sdg || '.%' OR g.value LIKE :sdg || ' %')`,
  affectedPersons: 'EXISTS (SELECT 1 FROM json_each(r.affected_persons) p WHERE p.value = :affectedPersons)',
  position: 'r.response_position = :position',
  yearFrom: "r.issued_on >= :yearFrom || '-01-01'",
  yearTo: "r.issued_on <= :yearTo || '-12-31'",
  after: 'r.sort_key > :after',
} as const;
type Condition = keyof typeof CONDITIONS;

/** A filter as SQL over `recommendations r`: the shape of its conditions (a statement's key) and their parameters. */
export interface FilterSql {
  /** The conditions' names in a fixed order: statements are prepared once per shape. */
  shape: string;
  /** `WHERE …` or the empty string. */
  where: string;
  params: Record<string, unknown>;
}

/** The SQL of every filter set, the cursor aside; `extra` conditions (already SQL) are added as given. */
export function filterSql(filter: Omit<RecommendationFilter, 'limit' | 'cursor'>, extra: readonly string[] = []) {
  const conditions: Condition[] = [];
  const params: Record<string, unknown> = { today: filter.today };
  const add = (condition: Condition, value?: unknown) => {
    conditions.push(condition);
    if (value !== undefined) params[condition] = value;
  };
  if (filter.state !== undefined) add('state', filter.state);
  if (filter.mechanism !== undefined) add('mechanism', filter.mechanism);
  if (filter.status !== undefined) add('status', filter.status);
  if (filter.level === 'not_assessed') add('notAssessed');
  else if (filter.level !== undefined) add('level', filter.level);
  if (filter.overdue !== undefined) add(filter.overdue ? 'overdue' : 'notOverdue');
  if (filter.theme !== undefined) add('theme', filter.theme);
  if (filter.mandate !== undefined) add('mandate', filter.mandate);
  if (filter.uprCycle !== undefined) add('uprCycle', filter.uprCycle);
  if (filter.priority !== undefined) add('priority', filter.priority);
  if (filter.commitment !== undefined) add('commitment', filter.commitment);
  if (filter.leadInstitution !== undefined) add('leadInstitution', filter.leadInstitution);
  if (filter.sdg !== undefined) add('sdg', filter.sdg);
  if (filter.affectedPersons !== undefined) add('affectedPersons', filter.affectedPersons);
  if (filter.position !== undefined) add('position', filter.position);
  if (filter.yearFrom !== undefined) add('yearFrom', String(filter.yearFrom).padStart(4, '0'));
  if (filter.yearTo !== undefined) add('yearTo', String(filter.yearTo).padStart(4, '0'));
  const sql = [...conditions.map((condition) => CONDITIONS[condition]), ...extra];
  return {
    shape: [...conditions, ...extra].join(','),
    where: sql.length > 0 ? `WHERE ${sql.join(' AND ')}` : '',
    params,
  };
}

/** The recommendation queries over one database. */
export class RecommendationQueries {
  private readonly selectOne: Statement<[string], RecommendationRow>;
  /** One prepared statement per combination of filters, made the first time it is asked for. */
  private readonly pages = new Map<string, Statement<Record<string, unknown>[], RecommendationRow>>();

  private readonly selectSources: Statement<[string], SourceRow>;
  private readonly selectMeasures: Statement<
    [string, number, number],
    { seq: number; measure: StoredJson<MeasureView> }
  >;
  private readonly countMeasures: Statement<[string, string], { total: number; found: number }>;
  private readonly selectFirsts: Statement<
    [{ id: string }],
    { issued: number | null; notStarted: number | null; measured: number | null; completed: number | null }
  >;

  constructor(private readonly db: Database) {
    this.selectOne = db.prepare(`SELECT r.*, ${VIEW_OF_ROW} FROM recommendations r WHERE r.id = ?`);
    this.selectMeasures = db.prepare(
      'SELECT seq, measure FROM recommendation_measures WHERE recommendation_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    // The first fact of each kind the status is tallied from: the rare ones (not started, completed) by one seek in
    // the partial index recommendation_facts_by_kind, the issue and the first measure in the primary key's order
    // (the issue is the first fact; the first measure comes after the facts recorded before it, never many).
    const first = (where: string) =>
      `(SELECT seq FROM recommendation_facts WHERE recommendation_id = @id AND ${where} ORDER BY seq LIMIT 1)`;
    this.selectFirsts = db.prepare(`SELECT ${first("fact = 'issued'")} AS issued,
        ${first("fact = 'not_started' AND value IS NULL")} AS notStarted, ${first("fact = 'measure'")} AS measured,
        ${first("fact = 'measure' AND value = 'implemented'")} AS completed`);
    this.countMeasures = db.prepare(`SELECT
        (SELECT count(*) FROM recommendation_measures WHERE recommendation_id = ?) AS total,
        EXISTS (SELECT 1 FROM recommendations WHERE id = ?) AS found`);
    this.selectSources = db.prepare(`
      SELECT id, mechanism, text, themes, sdgs, affected_persons, recommending_states, unmapped_recommending_states,
        response_position IS NOT NULL AS responded
      FROM recommendations WHERE id IN (SELECT value FROM json_each(?))
    `);
  }

  /**
   * A page of a recommendation's measures in the order recorded, after the cursor (`next` of the previous page, or
   * of the view's `moreMeasures`); undefined when no recommendation has this id.
   */
  measuresPage(id: string, after: number, limit: number, pageBytes?: number): MeasurePage | undefined {
    const counted = this.countMeasures.get(id, id);
    if (!counted?.found) return undefined;
    const rows = this.selectMeasures.all(id, after, limit + 1);
    const measures = rows.slice(0, limit).map((row) => fromStoredJson(row.measure));
    const served = itemsWithin(measures, pageBytes);
    return {
      id,
      measures: measures.slice(0, served),
      total: counted.total,
      next: rows.length > served ? String(rows[served - 1]?.seq) : null,
    };
  }

  /**
   * Where the recommendation's status first became each thing, from its facts (issued, not started, measured,
   * completed): each a stream revision, absent when none was recorded. Its status after any revision follows
   * (`tallyAfter`), without the events before it.
   */
  statusFirsts(id: string): TallyFirsts {
    const row = this.selectFirsts.get({ id });
    return {
      issued: row?.issued ?? undefined,
      notStarted: row?.notStarted ?? undefined,
      measured: row?.measured ?? undefined,
      completed: row?.completed ?? undefined,
    };
  }

  /** The recorded sources of those of these recommendations that exist, by id: an import's batch in one query. */
  recordedSources(ids: readonly string[]): Map<string, RecordedSource> {
    const found = new Map<string, RecordedSource>();
    for (const row of this.selectSources.all(JSON.stringify(ids))) {
      found.set(row.id, {
        mechanism: row.mechanism,
        responded: row.responded === 1,
        source: {
          text: row.text,
          themes: JSON.parse(row.themes) as string[],
          sdgs: JSON.parse(row.sdgs) as string[],
          affectedPersons: JSON.parse(row.affected_persons) as string[],
          recommendingStates: JSON.parse(row.recommending_states) as string[],
          unmappedRecommendingStates: JSON.parse(row.unmapped_recommending_states ?? '[]') as string[],
        },
      });
    }
    return found;
  }

  /**
   * The recommendation with overdue judged on `today`, its text in the first of `languages` it has (else the
   * original), or undefined when no recommendation has this id.
   */
  getRecommendation(id: string, today: string, languages: readonly string[] = []): RecommendationView | undefined {
    const row = this.selectOne.get(id);
    return row && recommendationView(row, today, languages);
  }

  /** One page of recommendations in document and paragraph order (recommendationOrder), after the cursor's. */
  listRecommendations(filter: RecommendationFilter): RecommendationPage {
    const after = filter.cursor === undefined ? [] : [CONDITIONS.after];
    const { shape, where, params } = filterSql(filter, after);
    if (filter.cursor !== undefined) params.after = decodeCursor(filter.cursor);
    params.limit = filter.limit + 1;
    let statement = this.pages.get(shape);
    if (!statement) {
      statement = this.db.prepare(
        `SELECT r.*, ${VIEW_OF_ROW} FROM recommendations r ${where} ORDER BY r.sort_key LIMIT :limit`,
      );
      this.pages.set(shape, statement);
    }
    const rows = statement.all(params);
    const items = rows
      .slice(0, filter.limit)
      .map((row) => recommendationView(row, filter.today, filter.languages ?? []));
    const served = itemsWithin(items, filter.pageBytes);
    const last = rows[served - 1];
    return {
      items: items.slice(0, served),
      next: rows.length > served && last ? encodeCursor(last.sort_key) : null,
    };
  }
}
