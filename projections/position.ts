import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../src/eventstore/port.js';
import type { Projection } from './projection.js';

/** Matches every event type in a projection's `handles`. */
export const EVERY_EVENT = '*';

/**
 * The instant an event was recorded, in milliseconds, as "recorded before" compares it; an instant that cannot be
 * read counts as recorded before any other, as a replay that could not place it would keep it.
 */
export function recordedMs(recordedAt: string): number {
  const ms = Date.parse(recordedAt);
  return Number.isNaN(ms) ? Number.MIN_SAFE_INTEGER : ms;
}

// Positions are decimal strings that may exceed 2^53: compare by length, then as text.
const BELOW = (column: string, value: string) =>
  `(length(${column}) < length(${value}) OR (length(${column}) = length(${value}) AND ${column} < ${value}))`;

/** Moves the position read model forward to a position, never back. */
function prepareAdvance(db: Database) {
  return db.prepare(`
    INSERT INTO projection_position (id, position) VALUES (1, :position)
    ON CONFLICT (id) DO UPDATE SET position = excluded.position WHERE ${BELOW('position', 'excluded.position')}
  `);
}

/**
 * The global position of the last event the read models applied: the ETag of aggregate reads, and where a
 * catch-up subscription resumes. It advances with every event the runner feeds, handled elsewhere or not.
 * Beside it, the log's instants: for each millisecond an event was recorded in, the last position recorded in or
 * before it, so "the log as it stood before instant T" is one index seek (appends committed together may be
 * recorded a few milliseconds out of order, hence the last position *up to* each instant, not *at* it).
 */
export const positionProjection: Projection = {
  name: 'position',
  version: 2,
  handles: [EVERY_EVENT],
  migrate(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS projection_position (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS log_instants (
        recorded_at INTEGER PRIMARY KEY,
        position TEXT NOT NULL
      );
    `);
  },
  bind(db) {
    const advance = prepareAdvance(db);
    const record = bindInstants(db);
    return (event: RecordedEvent) => {
      advance.run({ position: event.position });
      record(recordedMs(event.metadata.recordedAt), event.position);
    };
  },
  bindBatch(db) {
    const advance = prepareAdvance(db);
    const record = bindInstantsOfMany(db);
    return (events) => {
      const last = events.at(-1);
      if (!last) return;
      advance.run({ position: last.position });
      record(events.map((event) => ({ ms: recordedMs(event.metadata.recordedAt), position: event.position })));
    };
  },
};

/** Whether decimal position `a` comes after `b` (positions may exceed 2^53: by length, then as text). */
const after = (a: string, b: string): boolean => a.length > b.length || (a.length === b.length && a > b);

/** Records that `position` was recorded at `ms`: it is the last position up to that instant and every later one. */
export function bindInstants(db: Database): (ms: number, position: string) => void {
  const at = db.prepare(`
    INSERT INTO log_instants (recorded_at, position) VALUES (:ms, :position)
    ON CONFLICT (recorded_at) DO UPDATE SET position = excluded.position WHERE ${BELOW('position', 'excluded.position')}
  `);
  const later = db.prepare(
    `UPDATE log_instants SET position = :position WHERE recorded_at > :ms AND ${BELOW('position', ':position')}`,
  );
  // Instants after this one exist only when appends committed together were recorded out of order: a read finds
  // them, and the update (a write that may change many rows, so SQLite opens a statement journal for it, which costs
  // more than the rest of the event's read models together) runs only then.
  const laterExists = db.prepare<{ ms: number; position: string }>(
    `SELECT 1 FROM log_instants WHERE recorded_at > :ms AND ${BELOW('position', ':position')} LIMIT 1`,
  );
  return (ms, position) => {
    at.run({ ms, position });
    if (laterExists.get({ ms, position }) !== undefined) later.run({ ms, position });
  };
}

/**
 * Records the instants of events stored together: each distinct instant once, with the last position recorded up to
 * it, which leaves the table as `bindInstants` applied to each event in turn would (instants in rising order, so
 * that a later instant's position includes every earlier one's).
 */
export function bindInstantsOfMany(db: Database): (events: readonly { ms: number; position: string }[]) => void {
  const record = bindInstants(db);
  return (events) => {
    const lastAt = new Map<number, string>();
    for (const { ms, position } of events) {
      const known = lastAt.get(ms);
      if (known === undefined || after(position, known)) lastAt.set(ms, position);
    }
    let upTo: string | undefined;
    for (const ms of [...lastAt.keys()].sort((a, b) => a - b)) {
      const position = lastAt.get(ms)!;
      if (upTo === undefined || after(position, upTo)) upTo = position;
      record(ms, upTo);
    }
  };
}

/** Reads the position the read models have reached, now or as the log stood before an instant. */
export class PositionQueries {
  private readonly select: Statement<[], { position: string }>;
  private readonly selectBefore: Statement<[number], { position: string }>;

  constructor(db: Database) {
    this.select = db.prepare('SELECT position FROM projection_position WHERE id = 1');
    this.selectBefore = db.prepare(
      'SELECT position FROM log_instants WHERE recorded_at < ? ORDER BY recorded_at DESC LIMIT 1',
    );
  }

  /** The global position of the last applied event, "0" before any. */
  currentPosition(): string {
    return this.select.get()?.position ?? '0';
  }

  /** The global position of the last event recorded before `ms`, "0" when none was. */
  positionRecordedBefore(ms: number): string {
    return this.selectBefore.get(ms)?.position ?? '0';
  }
}
