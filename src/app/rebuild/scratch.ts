/** One scratch database of rebuilt read models, built from a range of the log: in process or in a worker. */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Database } from 'better-sqlite3';
import Sqlite from 'better-sqlite3';
import {
  bindAll,
  bindInstantsOfMany,
  migrateAll,
  type Projection,
  positionProjection,
  recordedMs,
} from '../../../projections/index.js';
import { type EventRow, toRecorded } from '../../eventstore/sqlite/statements.js';

export interface ScratchJob {
  /** The scratch file to create. */
  file: string;
  projections: readonly Projection[];
  /** Events applied per transaction of the scratch database. */
  pageSize: number;
  /** The last position rebuilt: every job of one rebuild stops at the same event. */
  upTo: bigint;
  /** An SQL condition on `events`: only the events this job's read models need (default every event). */
  where?: string;
}

export const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

const COLUMNS = 'position, id, stream, revision, type, data, metadata';

/**
 * Applies the events of (0, upTo] matching the job's condition to fresh tables in its scratch file, a page per
 * transaction, and reports each page; the position read model is written once, as of `upTo`, and its instants from the events' metadata alone. Returns the events
 * applied.
 */
export async function buildScratch(
  source: Database,
  job: ScratchJob,
  onPage: (applied: number, position: bigint) => void = () => {},
): Promise<number> {
  const where = job.where ? ` AND (${job.where})` : '';
  const page = source
    .prepare<[bigint, bigint, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ?${where} ORDER BY position LIMIT ?`,
    )
    .safeIntegers(true);
  const last = source
    .prepare<[bigint], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position <= ? ORDER BY position DESC LIMIT 1`)
    .safeIntegers(true);
  const fresh = new Sqlite(job.file);
  try {
    // A scratch file: nothing to recover if the process dies, so no journal and no fsync.
    fresh.pragma('journal_mode = OFF');
    fresh.pragma('synchronous = OFF');
    // Index pages of a large read model stay in memory while it is built.
    fresh.pragma('cache_size = -65536');
    migrateAll(fresh, job.projections);
    dropSecondaryIndexes(fresh);
    // Every read model but the position sees each event; the position is only read as of the last one. Those that
    // take a page at once (`bindPage`) take it after the others applied it: no read model reads another's tables.
    const others = job.projections.filter((projection) => projection !== positionProjection);
    const apply = bindAll(
      fresh,
      others.filter((projection) => !projection.bindPage),
    );
    const byPage = others.flatMap((projection) => (projection.bindPage ? [projection.bindPage(fresh)] : []));
    const applyPage = fresh.transaction((rows: EventRow[]) => {
      const events = rows.map(toRecorded);
      for (const event of events) apply(event);
      for (const applyEvents of byPage) applyEvents(events);
    });
    let applied = 0;
    let after = 0n;
    for (let rows = page.all(after, job.upTo, job.pageSize); rows.length > 0; ) {
      applyPage(rows);
      applied += rows.length;
      after = rows.at(-1)!.position;
      onPage(applied, after);
      // Between pages, a service sharing this thread answers its requests.
      await yieldToEventLoop();
      rows = page.all(after, job.upTo, job.pageSize);
    }
    if (job.projections.includes(positionProjection)) {
      const final = last.get(job.upTo);
      if (final) positionProjection.bind(fresh)(toRecorded(final));
      recordInstants(source, fresh, job.upTo);
    }
    return applied;
  } finally {
    fresh.close();
  }
}

/** Events whose instants are recorded together: one row per distinct instant among them. */
const INSTANTS_AT_ONCE = 10_000;

/** The log's instants up to `upTo`, read from the metadata alone: the position read model's second table. */
function recordInstants(source: Database, fresh: Database, upTo: bigint): void {
  const instants = source
    .prepare<[bigint], { position: bigint; recordedAt: string }>(
      "SELECT position, json_extract(metadata, '$.recordedAt') AS recordedAt FROM events WHERE position <= ? ORDER BY position",
    )
    .safeIntegers(true);
  const record = bindInstantsOfMany(fresh);
  fresh.transaction(() => {
    let events: { ms: number; position: string }[] = [];
    for (const { position, recordedAt } of instants.iterate(upTo)) {
      events.push({ ms: recordedMs(recordedAt), position: String(position) });
      if (events.length === INSTANTS_AT_ONCE) {
        record(events);
        events = [];
      }
    }
    record(events);
  })();
}

/**
 * The scratch tables are only a source of rows for the swap: the indexes queries use are not needed there, and
 * keeping them would cost most of the rebuild; nor are the triggers keeping derived indexes (full text), made again
 * from the rows once swapped in. Primary keys and UNIQUE constraints, which the projections look rows up by, stay.
 */
function dropSecondaryIndexes(db: Database): void {
  const triggers = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger'").all();
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${quote(name)}`);
  const indexes = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX ${quote(name)}`);
}
