import type { Database } from 'better-sqlite3';
import { ACCEPTED_OF } from './commitment.js';

/** Whether a row's recommendation counts among what its State committed to, for one row (`new` or `old`). */
const ACCEPTED = (row: string) => ACCEPTED_OF(`${row}.mechanism`, `${row}.response_position`);

/**
 * `state_counts`: each State's recommendations by current status and by whether it committed to them, what
 * `GET /v1/states` serves, kept by triggers on the rows in the transaction that changes them, so that the list is
 * read from ~10 rows a State instead of counted over every recommendation (1.3 s at 250,000). Triggers, not
 * statements of the reducer: the status and the position change in several statements, and the triggers fire on
 * exactly those that name them (a measure that leaves the status as it was names neither, and costs nothing here).
 * A count that falls to zero is deleted, so that the rows are those a count from scratch makes. A row's State and
 * mechanism never change; rows are never deleted but by clearing every table. A rebuild builds
 * its tables without triggers: `reindexStateCounts` counts them again from the rows swapped in.
 */
export function migrateStateCounts(db: Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS state_counts (
      state TEXT NOT NULL,
      accepted INTEGER NOT NULL,
      status TEXT NOT NULL,
      recommendations INTEGER NOT NULL,
      PRIMARY KEY (state, accepted, status)
    ) WITHOUT ROWID;
  `);
  // Once, at the first open by code whose triggers differ: the counts again in the transaction that replaces them.
  db.transaction(() => {
    if (makeTriggers(db)) recount(db);
  })();
}

/** The triggers keeping `state_counts`, by name: each as SQLite keeps its text (`sqlite_master.sql`). */
function triggers(): Record<string, string> {
  const add = (row: 'new' | 'old', by: 1 | -1) => `
      INSERT INTO state_counts (state, accepted, status, recommendations)
      VALUES (${row}.state, ${ACCEPTED(row)}, ${row}.status, ${by})
      ON CONFLICT (state, accepted, status) DO UPDATE SET recommendations = recommendations + (${by});`;
  return {
    state_counts_issued: `CREATE TRIGGER state_counts_issued AFTER INSERT ON recommendations BEGIN${add('new', 1)}
    END`,
    state_counts_changed: `CREATE TRIGGER state_counts_changed AFTER UPDATE OF status, response_position, mechanism, state
      ON recommendations
      WHEN old.status IS NOT new.status OR old.state IS NOT new.state
        OR ${ACCEPTED('old')} IS NOT ${ACCEPTED('new')} BEGIN${add('old', -1)}
      DELETE FROM state_counts WHERE state = old.state AND accepted = ${ACCEPTED('old')} AND status = old.status
        AND recommendations = 0;${add('new', 1)}
    END`,
  };
}

/**
 * Makes the triggers that are missing, and makes again those a store keeps as an earlier version of this code wrote
 * them (the rule of what counts as accepted, commitmentOf, is derived into their text): returns whether any was made
 * again, when the counts, kept by the rule before, must be counted again. A store nobody may write keeps its own.
 */
function makeTriggers(db: Database): boolean {
  const kept = db
    .prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
    .pluck();
  const wanted = Object.entries(triggers())
    .map(([name, sql]) => ({ name, sql, was: kept.get(name) }))
    .filter(({ sql, was }) => was !== sql);
  const replaced = wanted.some(({ was }) => was !== undefined);
  if (replaced && db.readonly) return false;
  for (const { name, sql } of wanted) {
    db.exec(`DROP TRIGGER IF EXISTS ${name}`);
    db.exec(sql);
  }
  return replaced;
}

/** Counts `state_counts` again from the rows. */
function recount(db: Database): void {
  db.exec(`
    DELETE FROM state_counts;
    INSERT INTO state_counts (state, accepted, status, recommendations)
      SELECT r.state, ${ACCEPTED('r')}, r.status, count(*) FROM recommendations r GROUP BY 1, 2, 3;
  `);
}

/** Counts `state_counts` again from the rows, and makes its triggers again: after a rebuild swapped the rows in. */
export function reindexStateCounts(db: Database): void {
  makeTriggers(db);
  recount(db);
}
