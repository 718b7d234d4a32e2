import type { Database } from 'better-sqlite3';

/**
 * The words of each recommendation a reader searches (its text, its measures' titles, the titles of the mandates
 * that made it, its themes) and, over them, FTS5 indexes with English stemming, case and accents folded. The rows
 * of `search_documents` (a recommendation's own words) and `search_measures` (one row a measure's title) are the read
 * model; the indexes are derived from them by triggers, and made again from them whole after a rebuild swapped them in
 * (`reindexSearch`). A row's `doc` is the log position of the recommendation's issue, the same in every rebuild: hits
 * of equal score are ranked by it. Each row also keeps the fields a search counts by (State, mechanism, year, themes)
 * and, as tokens in the index's hidden `facets` column, the same fields a search filters by (facet-tokens.ts).
 *
 * A measure's title is a row of its own, keyed `doc * 2^32 + revision` (its recommendation, then the order recorded),
 * so that recording one indexes its few words only: kept in the recommendation's document, each measure re-indexed
 * every title before it (a cost growing with the measures). The document's `measures` column stays, always empty, so
 * that a search naming the column (`measures:word`) still parses; a search is answered per recommendation, its
 * measures' titles included, by measured.ts. The titles' index keeps no sizes of its own (`columnsize = 0`, one
 * page fewer written a measure): a title's score, asked only for the few recommendations found with their titles,
 * reads the title again.
 */
export function migrateSearch(db: Database): void {
  upgradeDocuments(db);
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_documents (
      doc INTEGER PRIMARY KEY,
      recommendation_id TEXT NOT NULL UNIQUE,
      text TEXT NOT NULL,
      measures TEXT NOT NULL,
      mandates TEXT NOT NULL,
      themes TEXT NOT NULL,
      revision INTEGER NOT NULL,
      state TEXT NOT NULL DEFAULT '',
      mechanism TEXT NOT NULL DEFAULT '',
      year TEXT NOT NULL DEFAULT '',
      facets TEXT NOT NULL DEFAULT ''
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
      text, measures, mandates, themes, facets,
      content = 'search_documents', content_rowid = 'doc', tokenize = 'porter unicode61 remove_diacritics 2'
    );
    CREATE TABLE IF NOT EXISTS search_measures (
      id INTEGER PRIMARY KEY,
      measures TEXT NOT NULL
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS search_measures_index USING fts5(
      measures, content = 'search_measures', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2',
      columnsize = 0
    );
  `);
  // The ranking (bm25, read as the rank column): the recommendation's own text weighs twice the rest.
  const rank = db.prepare("SELECT v FROM search_index_config WHERE k = 'rank'").pluck().get();
  if (rank !== RANK) db.prepare("INSERT INTO search_index (search_index, rank) VALUES ('rank', ?)").run(RANK);
  // A measure's title weighs what the document's measures column weighs.
  const measureRank = db.prepare("SELECT v FROM search_measures_index_config WHERE k = 'rank'").pluck().get();
  if (measureRank !== MEASURE_RANK)
    db.prepare("INSERT INTO search_measures_index (search_measures_index, rank) VALUES ('rank', ?)").run(MEASURE_RANK);
  createIndexTriggers(db);
}

// The facets column weighs nothing: a filter narrows the hits, it does not rank them.
const RANK = 'bm25(1.0, 0.5, 0.5, 0.5, 0.0)';
const MEASURE_RANK = 'bm25(0.5)';

/** A measure's row id: its recommendation's document, then its revision in the recommendation's stream. */
export const MEASURE_ID_SHIFT = 32;

/** The columns of the index a reader's words are searched in; `facets` is the filters' alone. */
export const SEARCHED_COLUMNS = ['text', 'measures', 'mandates', 'themes'] as const;

/**
 * A database kept before the facet fields (read model version 1): its rows and index are dropped, to be made again
 * as they are now and filled by the rebuild the version asks for.
 */
function upgradeDocuments(db: Database): void {
  const columns = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('search_documents')").all();
  if (columns.length === 0 || columns.some((column) => column.name === 'facets')) return;
  db.exec(`
    DROP TABLE IF EXISTS search_index;
    DROP TABLE search_documents;
  `);
}

/**
 * The indexes follow every row written, changed (in its words) or deleted. Triggers, not statements of the reducer:
 * one statement a measure instead of two.
 */
function createIndexTriggers(db: Database): void {
  const columns = 'text, measures, mandates, themes, facets';
  const of = (row: 'new' | 'old') =>
    `${row}.doc, ${row}.text, ${row}.measures, ${row}.mandates, ${row}.themes, ${row}.facets`;
  // A store of read model version 2 had it fire on every update, its revision's too: made again.
  const updated = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'search_documents_updated'")
    .pluck()
    .get() as string | undefined;
  if (updated !== undefined && !updated.includes('UPDATE OF')) db.exec('DROP TRIGGER search_documents_updated');
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS search_documents_inserted AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_index (rowid, ${columns}) VALUES (${of('new')});
    END;
    CREATE TRIGGER IF NOT EXISTS search_documents_deleted AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_index (search_index, rowid, ${columns}) VALUES ('delete', ${of('old')});
    END;
    CREATE TRIGGER IF NOT EXISTS search_documents_updated AFTER UPDATE OF ${columns} ON search_documents BEGIN
      INSERT INTO search_index (search_index, rowid, ${columns}) VALUES ('delete', ${of('old')});
      INSERT INTO search_index (rowid, ${columns}) VALUES (${of('new')});
    END;
    CREATE TRIGGER IF NOT EXISTS search_measures_inserted AFTER INSERT ON search_measures BEGIN
      INSERT INTO search_measures_index (rowid, measures) VALUES (new.id, new.measures);
    END;
    CREATE TRIGGER IF NOT EXISTS search_measures_deleted AFTER DELETE ON search_measures BEGIN
      INSERT INTO search_measures_index (search_measures_index, rowid, measures) VALUES ('delete', old.id, old.measures);
    END;
  `);
}

/** Makes the indexes again from the rows, and the triggers that keep them: after the rows were replaced whole. */
export function reindexSearch(db: Database): void {
  createIndexTriggers(db);
  db.exec("INSERT INTO search_index (search_index) VALUES ('rebuild')");
  db.exec("INSERT INTO search_measures_index (search_measures_index) VALUES ('rebuild')");
}
