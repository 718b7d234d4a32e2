import type { Database, Statement } from 'better-sqlite3';

/**
 * The UPDATE a later event of a row's stream makes: sets `columns` (SQL assignments; none, the revision alone) and
 * the row's revision to the event's, only where the row's is older. So an event applied twice changes nothing, and
 * the statement's `changes` says whether the event was new to the row. Bound by name: `:id`, `:revision`, and the
 * columns' own.
 */
export function revisionGuarded(db: Database, table: string, columns?: string): Statement {
  const set = columns === undefined ? 'revision = :revision' : `${columns}, revision = :revision`;
  return db.prepare(`UPDATE ${table} SET ${set} WHERE id = :id AND revision < :revision`);
}
