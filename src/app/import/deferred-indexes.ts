/**
 * A large import into tables that are still empty builds their secondary indexes once at the end, from the rows in
 * order, instead of inserting every row into each of them at random places. The indexes are dropped only while the
 * tables are empty (a fresh store: nobody reads through them yet) and made again when the import ends, whatever
 * its outcome; a process that stops in between leaves them missing, and opening the store makes them again (each
 * read model creates its indexes if they do not exist).
 */
import type { Database } from 'better-sqlite3';

export interface DeferredIndexes {
  /** Makes the dropped indexes again; idempotent. */
  restore(): void;
}

const NOTHING: DeferredIndexes = { restore() {} };

/** Drops the secondary indexes (not those of a primary key or a UNIQUE constraint) of these tables when all are empty. */
export function deferIndexes(db: Database, tables: readonly string[]): DeferredIndexes {
  if (db.readonly || db.inTransaction) return NOTHING;
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const exists = db.prepare<[string], number>("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
  if (!tables.every((table) => exists.get(table) !== undefined)) return NOTHING;
  if (tables.some((table) => db.prepare(`SELECT 1 FROM ${quoted(table)} LIMIT 1`).get() !== undefined)) return NOTHING;
  const indexes = db
    .prepare<unknown[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
       AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables);
  if (indexes.length === 0) return NOTHING;
  db.transaction(() => {
    for (const { name } of indexes) db.exec(`DROP INDEX IF EXISTS ${quoted(name)}`);
  }).immediate();
  let restored = false;
  return {
    restore() {
      if (restored) return;
      restored = true;
      db.transaction(() => {
        for (const { sql } of indexes)
          db.exec(sql.replace(/^CREATE (UNIQUE )?INDEX /i, 'CREATE $1INDEX IF NOT EXISTS '));
      }).immediate();
    },
  };
}
