/**
 * Rebuilds read models from the log while the service may be running: the events are applied to fresh tables in
 * scratch databases (by worker threads, one per part of the work, when the machine has more than one core), then
 * one IMMEDIATE transaction on the live database replaces the tables' contents and applies the events appended
 * meanwhile. Readers never see a half-built read model; writers wait only for the swap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import {
  bindAll,
  markRebuilt,
  migrateAll,
  type Projection,
  readModelTables,
  resetReadModels,
  serviceProjections,
} from '../../../projections/index.js';
import { type EventRow, toRecorded } from '../../eventstore/sqlite/statements.js';
import { type Progress, silentProgress } from '../progress.js';
import { type PlannedJob, planRebuild } from './plan.js';
import { buildScratch, quote } from './scratch.js';
import type { WorkerJob, WorkerReport } from './worker.js';

export interface RebuildOptions {
  /** The read models to rebuild; default every one the service keeps. */
  projections?: readonly Projection[];
  /** Where the scratch database is built; default the system's temporary folder. */
  scratchDir?: string;
  /** Events applied per transaction of the scratch database. Default 5000. */
  pageSize?: number;
  /**
   * Worker threads sharing the read models kept by stream (plus one for the others). Default 2 for a database file
   * of 100,000 events or more on a machine with two cores or more; 1 builds everything in this thread.
   */
  workers?: number;
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

/** The names of the read models a rebuild can replace: every one the service keeps. */
export const READ_MODEL_NAMES = serviceProjections.map((projection) => projection.name);

/** The service's read models with these names; every one when none is named. */
export function readModelsNamed(names: readonly string[] | undefined): Projection[] {
  return names?.length
    ? serviceProjections.filter((projection) => names.includes(projection.name))
    : serviceProjections;
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

/** The events after a position, a page at a time. */
function pageThrough(db: Database, pageSize: number) {
  const page = db
    .prepare<[bigint, number], EventRow>(
      'SELECT position, id, stream, revision, type, data, metadata FROM events WHERE position > ? ORDER BY position LIMIT ?',
    )
    .safeIntegers(true);
  return (after: bigint): EventRow[] => page.all(after, pageSize);
}

/**
 * Fills read models anew from the embedded log in one transaction, in this thread: what opening the store does once
 * when an upgrade changed what they keep (`Projection.version`), before anything reads them.
 */
export function rebuildInPlace(db: Database, projections: readonly Projection[], pageSize = 5000): void {
  const nextPage = pageThrough(db, pageSize);
  db.transaction(() => {
    resetReadModels(db, projections);
    const apply = bindAll(db, projections);
    for (let after = 0n, rows = nextPage(after); rows.length > 0; rows = nextPage(after)) {
      for (const row of rows) apply(toRecorded(row));
      after = rows.at(-1)!.position;
    }
  }).immediate();
}

/** The log size from which a rebuild uses worker threads unless told otherwise. */
const PARALLEL_FROM = 100_000n;

export async function rebuildReadModels(db: Database, options: RebuildOptions = {}): Promise<RebuildResult> {
  const projections = options.projections ?? serviceProjections;
  const pageSize = Math.max(1, options.pageSize ?? 5000);
  const progress = options.progress ?? silentProgress;
  const started = process.hrtime.bigint();
  const scratch = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'followup-rebuild-'));
  try {
    const head = db.prepare<[], { head: bigint | null }>('SELECT max(position) AS head FROM events').safeIntegers(true);
    const upTo = head.get()?.head ?? 0n;
    // Workers open the file themselves and know the service's read models by name only. Starting one costs ~0.7 s,
    // more than a small log takes in one thread.
    const canSplit = !db.memory && projections.every((projection) => serviceProjections.includes(projection));
    const byDefault = upTo >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 1;
    const workers = canSplit ? Math.max(1, options.workers ?? byDefault) : 1;
    const jobs = planRebuild(projections, workers, scratch);
    const countRebuilt = () =>
      db.prepare<[bigint], { n: number }>('SELECT count(*) AS n FROM events WHERE position <= ?').get(upTo)!.n;
    let rebuilt = 0;
    progress.start(Number(upTo));
    try {
      if (jobs.length === 1) {
        await buildScratch(db, { ...jobs[0]!, pageSize, upTo }, (_, at) => progress.update(Number(at)));
        rebuilt = countRebuilt();
      } else {
        const working = inWorkers(db.name, jobs, pageSize, upTo, progress);
        // Counted while the workers run (a scan of the log's key, ~0.3 s at 1M events), not after them.
        try {
          rebuilt = countRebuilt();
        } finally {
          await working;
        }
      }
    } finally {
      progress.stop();
    }
    const files = jobs.map((job) => job.file);
    const { tables, caughtUp, position, longestLock } = swapIn(db, files, projections, pageThrough(db, pageSize), upTo);
    const events = rebuilt + caughtUp;
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

/** Runs each job in its own worker thread; progress follows the one furthest behind. Any failure fails the rebuild. */
async function inWorkers(
  source: string,
  jobs: readonly PlannedJob[],
  pageSize: number,
  upTo: bigint,
  progress: Progress,
): Promise<void> {
  const reached = jobs.map(() => 0);
  const workers = jobs.map((job) => {
    const data: WorkerJob = {
      source,
      file: job.file,
      projections: job.projections.map((projection) => projection.name),
      pageSize,
      upTo: String(upTo),
      ...(job.where !== undefined && { where: job.where }),
    };
    return new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
  });
  const finished = workers.map(
    (worker, i) =>
      new Promise<void>((resolve, reject) => {
        worker.on('message', (report: WorkerReport) => {
          reached[i] = report.kind === 'page' ? Number(report.position) : Number(upTo);
          progress.update(Math.min(...reached));
        });
        worker.once('error', reject);
        worker.once('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`rebuild worker ${i + 1} stopped with exit code ${code}`)),
        );
      }),
  );
  try {
    await Promise.all(finished);
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}

const staging = (table: string): string => `${table}__rebuilt`;

interface SchemaRow {
  name: string;
  sql: string;
}

/**
 * Copies a rebuilt table into a staging table beside the live one, in one short transaction (writers wait only for
 * that copy), so the swap itself renames tables instead of copying rows. The rows of every scratch database holding
 * the table (attached as `from`) go in together, in key order: the staging table's key index then grows at its end
 * instead of taking each row at a random place.
 */
function stage(db: Database, table: string, from: readonly string[]): number {
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
  const columns = columnsOf(db, table, from[0]).map(quote).join(', ');
  const key = db
    .prepare<[string, string], { name: string }>('SELECT name FROM pragma_table_info(?, ?) WHERE pk > 0 ORDER BY pk')
    .all(table, from[0]!)
    .map((column) => quote(column.name));
  const rows = from.map((schema) => `SELECT ${columns} FROM ${schema}.${quote(table)}`).join(' UNION ALL ');
  const order = key.length > 0 ? ` ORDER BY ${key.join(', ')}` : '';
  return timed(() =>
    db.transaction(() => {
      db.exec(`DROP TABLE IF EXISTS main.${quote(staging(table))}`);
      db.exec(definition);
      db.exec(`INSERT INTO main.${quote(staging(table))} (${columns}) SELECT ${columns} FROM (${rows})${order}`);
    })(),
  );
}

/**
 * Stages every rebuilt table; returns the longest a copy held the write lock. The staging tables are nobody's until
 * the swap renames them, and a crash before it leaves only tables the next rebuild drops: their copies are committed
 * without waiting for the disk (`synchronous = NORMAL`, still atomic in WAL mode; the swap's own transaction syncs
 * the WAL as every other write does), with a larger page cache for the copies' pages. The connection's settings are
 * restored after (nothing else runs on it meanwhile: this is one synchronous stretch of the event loop).
 */
function stageAll(db: Database, holders: ReadonlyMap<string, string[]>): number {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  let longest = 0;
  try {
    db.pragma('synchronous = NORMAL');
    db.pragma(`cache_size = ${STAGING_CACHE_KIB}`);
    for (const [table, from] of holders) longest = Math.max(longest, stage(db, table, from));
  } finally {
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
  }
  return longest;
}

/** The page cache of the staging copies: 256 MiB at most, taken as pages are used. */
const STAGING_CACHE_KIB = -262144;

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
  files: readonly string[],
  projections: readonly Projection[],
  nextPage: (after: bigint) => EventRow[],
  rebuiltUpTo: bigint,
) {
  migrateAll(db, projections);
  const rebuilt = new Set(readModelTables(projections));
  const attached: string[] = [];
  const holders = new Map<string, string[]>();
  let longestLock = 0;
  try {
    for (const [i, file] of files.entries()) {
      const schema = `rebuilt_${i}`;
      db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
      attached.push(schema);
      for (const table of tablesOf(db, schema)) {
        if (rebuilt.has(table)) holders.set(table, [...(holders.get(table) ?? []), schema]);
      }
    }
    longestLock = stageAll(db, holders);
  } finally {
    for (const schema of attached) db.exec(`DETACH DATABASE ${schema}`);
  }
  const tables = [...holders.keys()].sort();
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
      // Indexes derived from the rows (full text) are made again from the rows swapped in.
      for (const projection of projections) projection.reindex?.(db);
      // Prepared after the renames: the statements name the swapped-in tables.
      const apply = bindAll(db, projections);
      let caughtUp = 0;
      let after = rebuiltUpTo;
      for (let rows = nextPage(after); rows.length > 0; rows = nextPage(after)) {
        for (const row of rows) apply(toRecorded(row));
        caughtUp += rows.length;
        after = rows.at(-1)!.position;
      }
      markRebuilt(db, projections);
      return { tables, caughtUp, position: after };
    })
    .immediate();
  const swap = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...swapped, longestLock: Math.max(longestLock, swap) };
}
