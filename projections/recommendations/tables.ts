import type { Database } from 'better-sqlite3';
import type { PriorityDesignation } from '../../src/domain/procedure/priority.js';
import type { PositionSourceKind } from '../../src/domain/procedure/upr-position.js';
import type {
  AssessmentLevel,
  Grade,
  ImplementationStatus,
  Mechanism,
  TextLanguage,
  UprCycle,
  UprPosition,
} from '../../src/domain/vocabulary.js';
import type { StoredJson } from '../stored-json.js';
import type {
  AssessmentView,
  DialogueEntry,
  MeasureView,
  MidTermReportView,
  ResponsibilityInForce,
} from './schemas.js';

/**
 * One row per recommendation: what the API serves, plus the effective dates that answer "as of day D" by
 * query (in_progress_from, implemented_from, first_reply_on, responded_on; assessments in their own table), and its
 * facts with the instant each was recorded, which answer "as recorded before instant T".
 */
export function migrateRecommendations(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS recommendations (
      id TEXT PRIMARY KEY,
      state TEXT NOT NULL,
      mechanism TEXT NOT NULL,
      symbol TEXT NOT NULL,
      paragraph TEXT NOT NULL,
      text TEXT NOT NULL,
      issued_on TEXT NOT NULL,
      report_id TEXT,
      themes TEXT NOT NULL,
      sdgs TEXT NOT NULL,
      affected_persons TEXT NOT NULL,
      recommending_states TEXT NOT NULL,
      status TEXT NOT NULL DEFAULT 'no_information',
      in_progress_from TEXT,
      implemented_from TEXT,
      follow_up_deadline TEXT,
      first_reply_on TEXT,
      response_position TEXT,
      responded_on TEXT,
      response_comment TEXT,
      assessment TEXT,
      level TEXT,
      revision INTEGER NOT NULL
    );
    -- One State as of a day (stateStatus), and the current status of every State read from the index alone.
    CREATE INDEX IF NOT EXISTS recommendations_by_state ON recommendations (state, issued_on);
    CREATE INDEX IF NOT EXISTS recommendations_by_state_status ON recommendations (state, status);
    CREATE INDEX IF NOT EXISTS recommendations_by_mechanism ON recommendations (mechanism, id);
    -- The deadline notices' scheduler looks up the follow-ups due over a few days, at start and every few minutes:
    -- without it, a scan of every recommendation. Partial: only those with a follow-up deadline have an entry.
    CREATE INDEX IF NOT EXISTS recommendations_by_follow_up_deadline ON recommendations (follow_up_deadline)
      WHERE follow_up_deadline IS NOT NULL;

    -- seq is the event's stream revision: among assessments of one day, the one recorded last wins.
    CREATE TABLE IF NOT EXISTS recommendation_assessments (
      recommendation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      assessed_on TEXT NOT NULL,
      grade TEXT NOT NULL,
      level TEXT NOT NULL,
      session INTEGER,
      comment TEXT,
      PRIMARY KEY (recommendation_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS recommendation_assessments_by_day
      ON recommendation_assessments (recommendation_id, assessed_on, seq);

    -- One row per measure, in the order recorded (seq is the event's stream revision): recording a measure adds a
    -- row instead of rewriting every earlier one.
    CREATE TABLE IF NOT EXISTS recommendation_measures (
      recommendation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      measure TEXT NOT NULL,
      PRIMARY KEY (recommendation_id, seq)
    ) WITHOUT ROWID;

    -- Every fact about a recommendation, with the day it took effect and the instant it was recorded (milliseconds):
    -- what was known before an instant is then a query, never a replay. seq is the event's stream revision; value is
    -- what the fact says (a measure: the status it gives; a response: the position; an assessment: the level).
    -- Each recommendation as a State's status counts it once every date it holds has passed (standing.ts): kept with
    -- each event, so that a status asked on or after its State's horizon (the latest of those dates) counts these
    -- rows alone, the State's rows side by side.
    CREATE TABLE IF NOT EXISTS recommendation_standing (
      state TEXT NOT NULL,
      recommendation_id TEXT NOT NULL,
      mechanism TEXT NOT NULL,
      deadline TEXT,
      status TEXT NOT NULL,
      level TEXT,
      response TEXT NOT NULL,
      reply_on TEXT,
      closed INTEGER NOT NULL,
      horizon TEXT NOT NULL,
      PRIMARY KEY (state, recommendation_id)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS recommendation_facts (
      recommendation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      fact TEXT NOT NULL,
      effective_on TEXT NOT NULL,
      recorded_at INTEGER NOT NULL,
      value TEXT,
      PRIMARY KEY (recommendation_id, seq)
    ) WITHOUT ROWID;

    -- The text in other languages than the original's, one row per language: the latest translation recorded.
    CREATE TABLE IF NOT EXISTS recommendation_translations (
      recommendation_id TEXT NOT NULL,
      language TEXT NOT NULL,
      text TEXT NOT NULL,
      PRIMARY KEY (recommendation_id, language)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS recommendation_themes (
      theme TEXT NOT NULL,
      recommendation_id TEXT NOT NULL,
      PRIMARY KEY (theme, recommendation_id)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS recommendation_mandates (
      mandate TEXT NOT NULL,
      recommendation_id TEXT NOT NULL,
      PRIMARY KEY (mandate, recommendation_id)
    ) WITHOUT ROWID;
  `);
  moveMeasuresToTheirTable(db);
  addSecondRoundColumns(db);
  addProcedureColumns(db);
  migrateStateCounts(db);
  db.exec(`
    -- The follow-up dialogue in the order recorded (seq is the event's stream revision): reminders, requests for
    -- further information, replies and the closure, each with its day and what it said.
    CREATE TABLE IF NOT EXISTS recommendation_follow_up_dialogue (
      recommendation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      entry TEXT NOT NULL,
      PRIMARY KEY (recommendation_id, seq)
    ) WITHOUT ROWID;
    -- UPR: the mid-term reports that covered it, in the order recorded (seq is the event's stream revision).
    CREATE TABLE IF NOT EXISTS recommendation_mid_term_reports (
      recommendation_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      entry TEXT NOT NULL,
      PRIMARY KEY (recommendation_id, seq)
    ) WITHOUT ROWID;
  `);
}

/**
 * Whether a row's recommendation counts among what its State committed to (`accepted` in `GET /v1/states`): treaty
 * bodies, and a UPR recommendation the State supported. Restates commitmentOf(mechanism, position) as
 * state-status.ts's COMMITMENT does, for one row (`new` or `old` in a trigger).
 */
const ACCEPTED = (row: string) =>
  `(CASE WHEN ${row}.mechanism = 'SP' THEN 0 WHEN ${row}.mechanism <> 'UPR' THEN 1
    WHEN ${row}.response_position = 'supported' THEN 1 ELSE 0 END)`;

/**
 * `state_counts`: each State's recommendations by current status and by whether it committed to them, what
 * `GET /v1/states` serves, kept by triggers on the rows in the transaction that changes them, so that the list is
 * read from ~10 rows a State instead of counted over every recommendation (1.3 s at 250,000). Triggers, not
 * statements of the reducer: the status and the position change in several statements, and the triggers fire on
 * exactly those that name them (a measure that leaves the status as it was names neither, and costs nothing here).
 * A count that falls to zero is deleted, so that the rows are those a count from scratch makes. A row's State and
 * mechanism never change; rows are never deleted but by clearing every table. A rebuild builds
 * its tables without triggers: `reindexStateCounts` counts them again from the rows swapped in.
 */
function migrateStateCounts(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS state_counts (
      state TEXT NOT NULL,
      accepted INTEGER NOT NULL,
      status TEXT NOT NULL,
      recommendations INTEGER NOT NULL,
      PRIMARY KEY (state, accepted, status)
    ) WITHOUT ROWID;
  `);
  createStateCountTriggers(db);
}

function createStateCountTriggers(db: Database): void {
  const add = (row: 'new' | 'old', by: 1 | -1) => `
      INSERT INTO state_counts (state, accepted, status, recommendations)
      VALUES (${row}.state, ${ACCEPTED(row)}, ${row}.status, ${by})
      ON CONFLICT (state, accepted, status) DO UPDATE SET recommendations = recommendations + (${by});`;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS state_counts_issued AFTER INSERT ON recommendations BEGIN${add('new', 1)}
    END;
    CREATE TRIGGER IF NOT EXISTS state_counts_changed AFTER UPDATE OF status, response_position, mechanism, state
      ON recommendations
      WHEN old.status IS NOT new.status OR old.state IS NOT new.state
        OR ${ACCEPTED('old')} IS NOT ${ACCEPTED('new')} BEGIN${add('old', -1)}
      DELETE FROM state_counts WHERE state = old.state AND accepted = ${ACCEPTED('old')} AND status = old.status
        AND recommendations = 0;${add('new', 1)}
    END;
  `);
}

/** Counts `state_counts` again from the rows, and makes its triggers again: after a rebuild swapped the rows in. */
export function reindexStateCounts(db: Database): void {
  createStateCountTriggers(db);
  db.exec(`
    DELETE FROM state_counts;
    INSERT INTO state_counts (state, accepted, status, recommendations)
      SELECT r.state, ${ACCEPTED('r')}, r.status, count(*) FROM recommendations r GROUP BY 1, 2, 3;
  `);
}

/** Columns added with the bodies' procedures, null where unknown: read model version 4 fills them from the log. */
const PROCEDURE_COLUMNS: Record<string, Record<string, string>> = {
  recommendations: {
    follow_up_deadline_from: 'TEXT',
    closed_on: 'TEXT',
    priority: 'TEXT',
    response_source: 'TEXT',
    response_source_symbol: 'TEXT',
  },
  recommendation_assessments: { part: 'TEXT', symbol: 'TEXT' },
  recommendation_facts: { part: 'TEXT' },
};

function addProcedureColumns(db: Database): void {
  for (const [table, added] of Object.entries(PROCEDURE_COLUMNS)) {
    const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all();
    for (const [name, type] of Object.entries(added)) {
      if (!columns.includes(name)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${name} ${type}`);
    }
  }
}

/** Columns added since the first round, each null where its fact is unknown (until the log fills them again). */
const SECOND_ROUND_COLUMNS = {
  not_started_from: 'TEXT',
  not_started: 'TEXT',
  mandates: 'TEXT',
  upr_session: 'INTEGER',
  upr_cycle: 'INTEGER',
  other_states_concerned: 'TEXT',
  unmapped_recommending_states: 'TEXT',
  // National planning: the institutions responsible now (JSON array, null when none) and the lead among them.
  responsibilities: 'TEXT',
  lead_institution: 'TEXT',
  /** recommendationOrder: lists come in document and paragraph order (8, 9, 10, 12(a)), not in id order. */
  sort_key: 'TEXT',
} as const;

/**
 * A table of version 2 lacks the second round's columns: added here so its indexes can be made, then the version
 * (3) has the table filled anew from the log (its `not_started` rows were never said: `no_information` now).
 */
function addSecondRoundColumns(db: Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('recommendations')").pluck().all();
  for (const [name, type] of Object.entries(SECOND_ROUND_COLUMNS)) {
    if (!columns.includes(name)) db.exec(`ALTER TABLE recommendations ADD COLUMN ${name} ${type}`);
  }
  partialIndexes(db);
  db.exec(`
    CREATE INDEX IF NOT EXISTS recommendations_in_order ON recommendations (sort_key);
    CREATE INDEX IF NOT EXISTS recommendations_by_state_in_order ON recommendations (state, sort_key);
  `);
}

/**
 * Columns most rows leave empty (a UPR cycle, a lead institution) are indexed only where set: an index entry per row
 * is a B-tree insert on every recommendation issued, and the filters on them (`= :value`) never match an empty one,
 * so SQLite uses the partial index for them. An index made whole by an earlier version is made again, where the
 * database may be written.
 */
const PARTIAL_INDEXES: Record<string, string> = {
  recommendations_by_upr_cycle: 'recommendations (upr_cycle, id) WHERE upr_cycle IS NOT NULL',
  recommendations_by_lead: 'recommendations (lead_institution, id) WHERE lead_institution IS NOT NULL',
  // The facts that turn a status and are rare (a statement that it had not started, the measure completing it):
  // the first of each in one seek, so a page of the history knows the status at its start without the events before
  // it (RecommendationQueries.statusFirsts). The common ones (the issue, the first measure) are near the start of
  // the recommendation's facts, found in their primary key's order; a measure that does not complete it adds no entry.
  recommendation_facts_by_kind:
    "recommendation_facts (recommendation_id, fact, value, seq) WHERE fact = 'not_started' OR value = 'implemented'",
};

function partialIndexes(db: Database): void {
  const existing = db
    .prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")
    .pluck();
  for (const [name, definition] of Object.entries(PARTIAL_INDEXES)) {
    const sql = existing.get(name);
    if (sql !== undefined && / WHERE /i.test(sql)) continue;
    if (sql !== undefined) {
      if (db.readonly) continue;
      db.exec(`DROP INDEX ${name}`);
    }
    db.exec(`CREATE INDEX ${name} ON ${definition}`);
  }
}

/**
 * Read models written before measures had their own table kept them as one JSON array per recommendation: the
 * array's entries become rows (their index as seq keeps their order before any later revision), and the column goes.
 */
function moveMeasuresToTheirTable(db: Database): void {
  const columns = db.prepare("SELECT name FROM pragma_table_info('recommendations')").pluck().all();
  if (!columns.includes('measures')) return;
  db.transaction(() => {
    db.exec(`
      INSERT OR IGNORE INTO recommendation_measures (recommendation_id, seq, measure)
        SELECT r.id, m.key, m.value FROM recommendations r, json_each(r.measures) m;
      ALTER TABLE recommendations DROP COLUMN measures;
    `);
  })();
}

/** The kinds of fact `recommendation_facts` keeps. */
export type Fact = 'issued' | 'response' | 'measure' | 'not_started' | 'reply' | 'assessment' | 'closure';

/** Measures a recommendation's view carries inline; the rest are paged from GET /v1/recommendations/{id}/measures. */
export const INLINE_MEASURES = 50;

/**
 * The first INLINE_MEASURES measures of the row's recommendation as one JSON array, in the order recorded (`r` is
 * the row), how many it has in all, and the cursor after the last one inlined (null when all are).
 */
export const MEASURES_OF_ROW = `(SELECT json_group_array(json(x.measure)) FROM (SELECT m.measure
    FROM recommendation_measures m WHERE m.recommendation_id = r.id ORDER BY m.seq LIMIT ${INLINE_MEASURES}) x) AS measures,
  (SELECT count(*) FROM recommendation_measures m WHERE m.recommendation_id = r.id) AS measure_count,
  (SELECT m.seq FROM recommendation_measures m WHERE m.recommendation_id = r.id
    ORDER BY m.seq LIMIT 1 OFFSET ${INLINE_MEASURES - 1}) AS measure_cursor`;

/** The translations of the row's recommendation as one JSON object, text by language. */
export const TRANSLATIONS_OF_ROW = `(SELECT json_group_object(t.language, t.text)
  FROM recommendation_translations t WHERE t.recommendation_id = r.id) AS translations`;
/** The follow-up dialogue of the row's recommendation as one JSON array, in the order recorded. */
export const DIALOGUE_OF_ROW = `(SELECT json_group_array(json(d.entry) ORDER BY d.seq)
  FROM recommendation_follow_up_dialogue d WHERE d.recommendation_id = r.id) AS dialogue`;

/** The mid-term reports that covered the row's recommendation as one JSON array, in the order recorded. */
export const MID_TERM_REPORTS_OF_ROW = `(SELECT json_group_array(json(m.entry) ORDER BY m.seq)
  FROM recommendation_mid_term_reports m WHERE m.recommendation_id = r.id) AS mid_term_reports`;

/** Every assessment of the row's recommendation as one JSON array, in the order recorded. */
export const ASSESSMENTS_OF_ROW = `(SELECT json_group_array(json_object('grade', a.grade, 'level', a.level,
    'assessedOn', a.assessed_on, 'part', a.part, 'symbol', a.symbol, 'session', a.session, 'comment', a.comment)
    ORDER BY a.seq)
  FROM recommendation_assessments a WHERE a.recommendation_id = r.id) AS assessments`;

/** What a view of the row needs beside its columns: measures, translations, the dialogue and every assessment. */
export const VIEW_OF_ROW = [
  MEASURES_OF_ROW,
  TRANSLATIONS_OF_ROW,
  DIALOGUE_OF_ROW,
  ASSESSMENTS_OF_ROW,
  MID_TERM_REPORTS_OF_ROW,
].join(', ');

/** An assessment as ASSESSMENTS_OF_ROW builds it: every key present, the absent parts null. */
export interface StoredAssessment {
  grade: Grade;
  level: AssessmentLevel;
  assessedOn: string;
  part: string | null;
  symbol: string | null;
  session: number | null;
  comment: string | null;
}

/**
 * A row of the recommendations table with VIEW_OF_ROW, as better-sqlite3 returns it: the columns typed as the
 * projection writes them, JSON columns as the text of the values they hold.
 */
export interface RecommendationRow {
  id: string;
  state: string;
  mechanism: Mechanism;
  symbol: string;
  paragraph: string;
  text: string;
  issued_on: string;
  report_id: string | null;
  themes: StoredJson<string[]>;
  sdgs: StoredJson<string[]>;
  affected_persons: StoredJson<string[]>;
  recommending_states: StoredJson<string[]>;
  measures: StoredJson<MeasureView[]>;
  /** How many measures it has in all, and the seq of the last one inlined when there are more than inlined. */
  measure_count: number;
  measure_cursor: number | null;
  /** JSON object of TRANSLATIONS_OF_ROW. */
  translations: StoredJson<Partial<Record<TextLanguage, string>>>;
  status: ImplementationStatus;
  not_started_from: string | null;
  /** JSON of the latest not-started statement, `{ recordedOn, note? }`. */
  not_started: StoredJson<{ recordedOn: string; note?: string }> | null;
  /** JSON arrays, null when empty. */
  mandates: StoredJson<string[]> | null;
  other_states_concerned: StoredJson<string[]> | null;
  unmapped_recommending_states: StoredJson<string[]> | null;
  upr_session: number | null;
  upr_cycle: UprCycle | null;
  priority: PriorityDesignation | null;
  /** JSON array of the responsibilities in force, `{ institutionId, role, assignedOn }`; null when none. */
  responsibilities: StoredJson<ResponsibilityInForce[]> | null;
  lead_institution: string | null;
  in_progress_from: string | null;
  implemented_from: string | null;
  follow_up_deadline: string | null;
  /** 'body_default' when the body's rule set the deadline; null when given. */
  follow_up_deadline_from: string | null;
  closed_on: string | null;
  /** JSON array of the mid-term reports that covered it, in the order recorded (MID_TERM_REPORTS_OF_ROW). */
  mid_term_reports: StoredJson<MidTermReportView[]>;
  /** JSON array of the dialogue's entries, in the order recorded (DIALOGUE_OF_ROW). */
  dialogue: StoredJson<DialogueEntry[]>;
  /** JSON array of every assessment, in the order recorded (ASSESSMENTS_OF_ROW). */
  assessments: StoredJson<StoredAssessment[]>;
  first_reply_on: string | null;
  response_position: UprPosition | null;
  responded_on: string | null;
  response_comment: string | null;
  response_source: PositionSourceKind | null;
  response_source_symbol: string | null;
  /** JSON of the current assessment, as the projection wrote it. */
  assessment: StoredJson<AssessmentView> | null;
  level: string | null;
  /** recommendationOrder of its symbol, paragraph and id. */
  sort_key: string;
  revision: number;
}
