import type { Database } from 'better-sqlite3';
import { migrateStateCounts } from './state-counts.js';

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
