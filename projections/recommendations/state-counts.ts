import type { Database } from 'better-sqlite3';

/**
 * Whether a row's recommendation counts among what its State committed to (`accepted` in `GET /v1/states`): treaty
 * bodies, and a UPR recommendation the State supported. Restates commitmentOf(mechanism, position) as
 * state-status.ts's COMMITMENT does, for one row (`new` or `old` in a trigger).
 */
const ACCEPTED = (row: string) =>
  `(CASE WHEN ${row}.mechanism = 'SP' THEN 0 WHEN ${row}.mechanism <> 'UPR' THEN 1
    WHEN ${row}.response_position = 'supported' THEN 1 ELSE 0 END)`;

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
  createStateCountTriggers(db);
}

function createStateCountTriggers(db: Database): void {
  const add = (row: 'new' | 'old', by: 1 | -1) => `
      INSERT INTO state_counts (state, accepted, status, recommendations)
      VALUES (${row}.state, ${ACCEPTED(row)}, ${row}.status, ${by})
      ON CONFLICT (state, accepted, status) DO UPDATE SET recommendations = recommendations + (${by});`;
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS state_counts_issued AFTER INSERT ON recommendations BEGIN${add('new', 1)}
    END;
    CREATE TRIGGER IF NOT EXISTS state_counts_changed AFTER UPDATE OF status, response_position, mechanism, state
      ON recommendations
      WHEN old.status IS NOT new.status OR old.state IS NOT new.state
        OR ${ACCEPTED('old')} IS NOT ${ACCEPTED('new')} BEGIN${add('old', -1)}
      DELETE FROM state_counts WHERE state = old.state AND accepted = ${ACCEPTED('old')} AND status = old.status
        AND recommendations = 0;${add('new', 1)}
    END;
  `);
}

/** Counts `state_counts` again from the rows, and makes its triggers again: after a rebuild swapped the rows in. */
export function reindexStateCounts(db: Database): void {
  createStateCountTriggers(db);
  db.exec(`
    DELETE FROM state_counts;
    INSERT INTO state_counts (state, accepted, status, recommendations)
      SELECT r.state, ${ACCEPTED('r')}, r.status, count(*) FROM recommendations r GROUP BY 1, 2, 3;
  `);
}
