import type { Database } from 'better-sqlite3';

/**
 * The words of each recommendation a reader searches (its text, its measures' titles, the titles of the mandates
 * that made it, its themes) and, over them, an FTS5 index with English stemming, case and accents folded. The rows
 * of `search_documents` are the read model; the index is derived from them by triggers, and made again from them
 * whole after a rebuild swapped them in (`reindexSearch`). A row's `doc` is the log position of the recommendation's
 * issue, the same in every rebuild: hits of equal score are ranked by it. Each row also keeps the fields a search counts by
 * (State, mechanism, year, themes) and, as tokens in the index's hidden `facets` column, the same fields a search
 * filters by (facet-tokens.ts).
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
  `);
  // The ranking (bm25, read as the rank column): the recommendation's own text weighs twice the rest.
  const rank = db.prepare("SELECT v FROM search_index_config WHERE k = 'rank'").pluck().get();
  if (rank !== RANK) db.prepare("INSERT INTO search_index (search_index, rank) VALUES ('rank', ?)").run(RANK);
  createIndexTriggers(db);
}

// The facets column weighs nothing: a filter narrows the hits, it does not rank them.
const RANK = 'bm25(1.0, 0.5, 0.5, 0.5, 0.0)';

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

/** The index follows every row written, changed or deleted. */
function createIndexTriggers(db: Database): void {
  const columns = 'text, measures, mandates, themes, facets';
  const of = (row: 'new' | 'old') =>
    `${row}.doc, ${row}.text, ${row}.measures, ${row}.mandates, ${row}.themes, ${row}.facets`;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS search_documents_inserted AFTER INSERT ON search_documents BEGIN
      INSERT INTO search_index (rowid, ${columns}) VALUES (${of('new')});
    END;
    CREATE TRIGGER IF NOT EXISTS search_documents_deleted AFTER DELETE ON search_documents BEGIN
      INSERT INTO search_index (search_index, rowid, ${columns}) VALUES ('delete', ${of('old')});
    END;
    CREATE TRIGGER IF NOT EXISTS search_documents_updated AFTER UPDATE ON search_documents BEGIN
      INSERT INTO search_index (search_index, rowid, ${columns}) VALUES ('delete', ${of('old')});
      INSERT INTO search_index (rowid, ${columns}) VALUES (${of('new')});
    END;
  `);
}

/** Makes the index again from the rows, and the triggers that keep it: after the rows were replaced whole. */
export function reindexSearch(db: Database): void {
  createIndexTriggers(db);
  db.exec("INSERT INTO search_index (search_index) VALUES ('rebuild')");
}
