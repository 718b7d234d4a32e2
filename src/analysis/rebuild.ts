/**
 * Rebuilds read models from the log while the service may be running: the events are applied to fresh tables in a
 * scratch database, then one IMMEDIATE transaction on the live database replaces the tables' contents and applies
 * the events appended meanwhile. Readers never see a half-built read model; writers wait only for the swap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import { bindAll, migrateAll, type Projection, positionProjection } from '../../projections/index.js';
import { serviceProjections } from '../app/followup.js';
import type { RecordedEvent } from '../eventstore/port.js';
import { type EventRow, toRecorded } from '../eventstore/sqlite/statements.js';
import { type Progress, silentProgress } from './progress.js';

export interface RebuildOptions {
  /** The read models to rebuild; default every one the service keeps. */
  projections?: readonly Projection[];
  /** Where the scratch database is built; default the system's temporary folder. */
  scratchDir?: string;
  /** Events applied per transaction of the scratch database. Default 5000. */
  pageSize?: number;
  progress?: Progress;
}

export interface RebuildResult {
  projections: string[];
  tables: string[];
  /** Events read from the log, those appended during the rebuild included. */
  events: number;
  /** Of those, the ones appended during the rebuild and applied in the swap. */
  caughtUp: number;
  /** Position of the last event applied. */
  position: string;
  /** The longest the swap held the write lock (a table's staging copy, or the renames): what a writer waited. */
  swapSeconds: number;
  seconds: number;
  eventsPerSecond: number;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** The tables a set of read models keeps, found by migrating them into an empty database. */
export function readModelTables(projections: readonly Projection[] = serviceProjections): string[] {
  const db = new Sqlite(':memory:');
  try {
    migrateAll(db, projections);
    return tablesOf(db);
  } finally {
    db.close();
  }
}

function tablesOf(db: Database, schema = 'main'): string[] {
  return db
    .prepare<[], { name: string }>(
      `SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
    )
    .all()
    .map((row) => row.name);
}

/** Every row of the read models' tables, in a stable order: two databases with equal dumps answer alike. */
export function dumpReadModels(
  db: Database,
  projections: readonly Projection[] = serviceProjections,
): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const table of readModelTables(projections)) {
    const columns = columnsOf(db, table);
    dump[table] = db.prepare(`SELECT * FROM main.${quote(table)} ORDER BY ${columns.map(quote).join(', ')}`).all();
  }
  return dump;
}

function columnsOf(db: Database, table: string, schema = 'main'): string[] {
  return db
    .prepare<[], { name: string }>(
      `SELECT name FROM pragma_table_info(${`'${table.replaceAll("'", "''")}'`}, '${schema}')`,
    )
    .all()
    .map((row) => row.name);
}

/** Applies every event after `after` to `apply`, a page at a time; returns the count and the last position. */
function pageThrough(db: Database, pageSize: number) {
  const page = db
    .prepare<[bigint, number], EventRow>(
      'SELECT position, id, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .safeIntegers(true);
  return (after: bigint): EventRow[] => page.all(after, pageSize);
}

export async function rebuildReadModels(db: Database, options: RebuildOptions = {}): Promise<RebuildResult> {
  const projections = options.projections ?? serviceProjections;
  const pageSize = Math.max(1, options.pageSize ?? 5000);
  const progress = options.progress ?? silentProgress;
  const started = process.hrtime.bigint();
  const scratch = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'followup-rebuild-'));
  const file = join(scratch, 'read-models.db');
  const nextPage = pageThrough(db, pageSize);
  let after = 0n;
  let events = 0;
  try {
    const fresh = new Sqlite(file);
    try {
      // A scratch file: nothing to recover if the process dies, so no journal and no fsync.
      fresh.pragma('journal_mode = OFF');
      fresh.pragma('synchronous = OFF');
      // Index pages of a large read model stay in memory while it is built.
      fresh.pragma('cache_size = -65536');
      migrateAll(fresh, projections);
      dropSecondaryIndexes(fresh);
      // Every read model but the position sees each event; the position is only read as of a page's last one.
      const apply = bindAll(
        fresh,
        projections.filter((projection) => projection !== positionProjection),
      );
      const advance = projections.includes(positionProjection) ? positionProjection.bind(fresh) : undefined;
      const applyPage = fresh.transaction((rows: EventRow[]) => {
        let last: RecordedEvent | undefined;
        for (const row of rows) {
          last = toRecorded(row);
          apply(last);
        }
        if (last) advance?.(last);
      });
      const head = db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events').get()?.head;
      progress.start(head ?? 0);
      for (let rows = nextPage(after); rows.length > 0; rows = nextPage(after)) {
        applyPage(rows);
        events += rows.length;
        after = rows.at(-1)!.position;
        progress.update(events);
        // Between pages, a service sharing this process answers its requests.
        await yieldToEventLoop();
      }
    } finally {
      fresh.close();
      progress.stop();
    }
    const { tables, caughtUp, position, longestLock } = swapIn(db, file, projections, nextPage, after);
    events += caughtUp;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return {
      projections: projections.map((p) => p.name),
      tables,
      events,
      caughtUp,
      position: String(position),
      swapSeconds: longestLock,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : events,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The scratch tables are only a source of rows for the swap: the indexes queries use are not needed there, and
 * keeping them would cost most of the rebuild. Primary keys and UNIQUE constraints, which the projections look
 * rows up by, stay.
 */
function dropSecondaryIndexes(db: Database): void {
  const indexes = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX ${quote(name)}`);
}

const staging = (table: string): string => `${table}__rebuilt`;

interface SchemaRow {
  name: string;
  sql: string;
}

/**
 * Copies each rebuilt table into a staging table beside the live one, one short transaction a table (writers wait
 * only for that copy), so the swap itself renames tables instead of copying rows.
 */
function stage(db: Database, table: string): number {
  const live = db
    .prepare<[string], SchemaRow>("SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name = ?")
    .get(table);
  if (!live) throw new Error(`read model table ${table} is missing`);
  // The live definition (it may have gained columns since), under the staging name.
  const definition = live.sql.replace(
    /^CREATE TABLE\s+(?:IF NOT EXISTS\s+)?("[^"]+"|\S+?)(\s*\()/i,
    (_, _name, paren) => {
      return `CREATE TABLE main.${quote(staging(table))}${paren}`;
    },
  );
  const columns = columnsOf(db, table, 'rebuilt').map(quote).join(', ');
  return timed(() =>
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS main.${quote(staging(table))}`);
      db.exec(definition);
      db.exec(`INSERT INTO main.${quote(staging(table))} (${columns}) SELECT ${columns} FROM rebuilt.${quote(table)}`);
    })(),
  );
}

/** Seconds a function took. */
function timed(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * One IMMEDIATE transaction: each live table is replaced by its staging table (renamed, its indexes created again),
 * then the events appended since the rebuild read them are applied.
 */
function swapIn(
  db: Database,
  file: string,
  projections: readonly Projection[],
  nextPage: (after: bigint) => EventRow[],
  rebuiltUpTo: bigint,
) {
  migrateAll(db, projections);
  db.prepare('ATTACH DATABASE ? AS rebuilt').run(file);
  let tables: string[];
  let longestLock = 0;
  try {
    tables = tablesOf(db, 'rebuilt');
    for (const table of tables) longestLock = Math.max(longestLock, stage(db, table));
  } finally {
    db.exec('DETACH DATABASE rebuilt');
  }
  const indexesOf = db.prepare<[string], SchemaRow>(
    "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
  );
  const started = process.hrtime.bigint();
  const swapped = db
    .transaction(() => {
      for (const table of tables) {
        const indexes = indexesOf.all(table);
        db.exec(`DROP TABLE main.${quote(table)}`);
        db.exec(`ALTER TABLE main.${quote(staging(table))} RENAME TO ${quote(table)}`);
        for (const index of indexes) db.exec(index.sql);
      }
      // Prepared after the renames: the statements name the swapped-in tables.
      const apply = bindAll(db, projections);
      let caughtUp = 0;
      let after = rebuiltUpTo;
      for (let rows = nextPage(after); rows.length > 0; rows = nextPage(after)) {
        for (const row of rows) apply(toRecorded(row));
        caughtUp += rows.length;
        after = rows.at(-1)!.position;
      }
      return { tables, caughtUp, position: after };
    })
    .immediate();
  const swap = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...swapped, longestLock: Math.max(longestLock, swap) };
}
