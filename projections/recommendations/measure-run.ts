import type { Database } from 'better-sqlite3';

/** The columns of a recommendation's row the events read before they write it: its revision and its dates. */
export interface Stored {
  revision: number;
  status: string;
  not_started_from: string | null;
  in_progress_from: string | null;
  implemented_from: string | null;
  first_reply_on: string | null;
}

/**
 * The row of the recommendation measures were last applied to, as they left it. A recommendation's measures mostly
 * follow one another in the log (an import, a generated world): each then updates this copy, and the row is written
 * once, when an event of another kind or for another recommendation comes, or when the caller settles (the end of an
 * event, or of a rebuild's page) — one UPDATE and no read a measure, where each measure read and wrote the row.
 */
interface Held {
  id: string;
  /** The row as the events applied so far leave it. */
  stored: Stored;
  /** The status the table holds: named in the UPDATE only when it changed. */
  written: string;
  /** Whether the table is behind `stored`. */
  behind: boolean;
}

/** A run of measures on one recommendation, its row held in memory (see Held); one row is held at a time. */
export interface MeasureRun {
  /** The row as the events applied so far leave it: the one held, else as the table keeps it. */
  row(id: string): Stored | undefined;
  /** Before an event: the row held is written and dropped, unless the event is a measure on it. */
  before(id: string, type: string): void;
  /** Holds a row just inserted: measures following it need not read it. */
  issued(id: string, stored: Stored): void;
  /** Holds the row as a measure left it (`after`, from `before`): written when the run ends. */
  measured(id: string, before: Stored, after: Stored): void;
  /** Writes the row held, if the table is behind it. */
  settle(): void;
  /** Drops the row held (after settling, or when the transaction failed). */
  forget(): void;
}

/** Prepares the statements of a run of measures on one recommendation's row. */
export function bindMeasureRun(db: Database): MeasureRun {
  const selectStored = db.prepare<[string], Stored>(
    'SELECT revision, status, not_started_from, in_progress_from, implemented_from, first_reply_on FROM recommendations WHERE id = ?',
  );
  const recordMeasure = db.prepare(`
    UPDATE recommendations SET status = :status, in_progress_from = :inProgressFrom,
      implemented_from = :implementedFrom, revision = :revision
    WHERE id = :id
  `);
  // Most measures leave the status as it was: an UPDATE naming the column rewrites its index entry (a random page of
  // the (state, status) index written to the WAL) even when the value is the same, so it is named only when it changes.
  const recordMeasureSameStatus = db.prepare(`
    UPDATE recommendations SET in_progress_from = :inProgressFrom, implemented_from = :implementedFrom,
      revision = :revision
    WHERE id = :id
  `);
  let held: Held | undefined;
  const settle = () => {
    if (!held?.behind) return;
    const { id, stored } = held;
    const row = {
      id,
      inProgressFrom: stored.in_progress_from,
      implementedFrom: stored.implemented_from,
      revision: stored.revision,
    };
    if (stored.status === held.written) recordMeasureSameStatus.run(row);
    else recordMeasure.run({ ...row, status: stored.status });
    held.written = stored.status;
    held.behind = false;
  };
  const forget = () => {
    held = undefined;
  };
  return {
    row: (id) => (held?.id === id ? held.stored : selectStored.get(id)),
    before: (id, type) => {
      // Any statement but a measure's reads or writes the table as it is.
      if (held && (held.id !== id || type !== 'MeasureImplemented')) {
        settle();
        forget();
      }
    },
    issued: (id, stored) => {
      held = { id, stored, written: stored.status, behind: false };
    },
    measured: (id, before, after) => {
      held = { id, stored: after, written: held?.id === id ? held.written : before.status, behind: true };
    },
    settle,
    forget,
  };
}
