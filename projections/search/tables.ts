import type { Database } from 'better-sqlite3';

/**
 * The words of each recommendation a reader searches (its text, its measures' titles, the titles of the mandates
 * that made it, its themes) and, over them, an FTS5 index with English stemming, case and accents folded. The rows
 * of `search_documents` are the read model; the index is derived from them by triggers, and made again from them
 * whole after a rebuild swapped them in (`reindexSearch`).
 */
export function migrateSearch(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_documents (
      recommendation_id TEXT NOT NULL UNIQUE,
      text TEXT NOT NULL,
      measures TEXT NOT NULL,
      mandates TEXT NOT NULL,
      themes TEXT NOT NULL,
      revision INTEGER NOT NULL
    );
    CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5(
      text, measures, mandates, themes,
      content = 'search_documents', tokenize = 'porter unicode61 remove_diacritics 2'
    );
  `);
  // The ranking (bm25, read as the rank column): the recommendation's own text weighs twice the rest.
  const rank = db.prepare("SELECT v FROM search_index_config WHERE k = 'rank'").pluck().get();
  if (rank !== RANK) db.prepare("INSERT INTO search_index (search_index, rank) VALUES ('rank', ?)").run(RANK);
  createIndexTriggers(db);
}

const RANK = 'bm25(1.0, 0.5, 0.5, 0.5)';

/** The index follows every row written, changed or deleted. */
function createIndexTriggers(db: Database): void {
  const columns = 'text, measures, mandates, themes';
  const of = (row: 'new' | 'old') => `${row}.rowid, ${row}.text, ${row}.measures, ${row}.mandates, ${row}.themes`;
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
