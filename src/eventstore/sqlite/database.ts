import { openSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { StoreUnavailable } from '../port.js';
import { sqliteCode, toStoreError } from './errors.js';

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before failing with StoreUnavailable. Default 5000. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the SQLite file holding the event log and the read models: WAL, `synchronous=FULL`
 * (a resolved append is on disk), a busy timeout, foreign keys on, and the `events` table migrated.
 * The caller owns the returned Database and closes it. Failure to open throws StoreUnavailable.
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  let db: Database;
  try {
    db = new Sqlite(file, { readonly: options.readonly ?? false });
  } catch (error) {
    throw new StoreUnavailable(`cannot open database ${file}`, { cause: error });
  }
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // 32 MiB of page cache (default 2 MiB): index pages of a large log stay in memory for random-key inserts.
    db.pragma('cache_size = -32768');
    // Statement journals (a statement that may change many rows) and the savepoints of a batch run again append by
    // append hold the pages they change; past 64 KiB SQLite spills them to a temporary file, which every such
    // statement then wrote and deleted. Temporary storage in memory keeps them there (and the sorts of large reads).
    db.pragma('temp_store = MEMORY');
    if (!options.readonly) migrateEventStore(db);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error);
  }
}

/**
 * Why the database cannot be written now, or undefined when it can: a write (the header's user_version, unchanged) in
 * a transaction rolled back at once. Another connection's write lock is no such reason, and is not waited for.
 */
export function writeFault(db: Database): StoreUnavailable | undefined {
  if (!db.open) return new StoreUnavailable('the database is closed');
  if (db.inTransaction) return undefined;
  const timeout = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.pragma(`user_version = ${Number(db.pragma('user_version', { simple: true }))}`);
    return undefined;
  } catch (error) {
    if (sqliteCode(error)?.startsWith('SQLITE_BUSY')) return undefined;
    const fault = toStoreError(error);
    if (fault instanceof StoreUnavailable) return fault;
    throw error;
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * The log: `position` is the global position (rowid, never reused while the last row stays), `UNIQUE(stream,
 * revision)` makes a lost update impossible whatever the code above does; `data` and `metadata` are JSON text
 * (metadata holds the hash chain). The index by type serves type-filtered reads of the feed. Idempotent.
 */
export function migrateEventStore(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL CHECK (revision >= 0),
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      UNIQUE (stream, revision)
    ) STRICT;
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
  `);
}

export function hasEventsTable(db: Database): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get() !== undefined;
}

/**
 * One of the files of a file database in WAL mode (`-wal`, `-shm`: both exist while a connection is open in that
 * mode), opened for reading; undefined otherwise (in memory, read-only, another journal mode, the file not there).
 */
export function openWalFile(db: Database, suffix: '-wal' | '-shm'): number | undefined {
  if (db.memory || db.readonly) return undefined;
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return undefined;
  try {
    return openSync(`${db.name}${suffix}`, 'r');
  } catch {
    return undefined;
  }
}
