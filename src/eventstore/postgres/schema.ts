/** The log's tables in their own schema, and the migration creating them. */
import type pg from 'pg';

export interface Tables {
  schema: string;
  events: string;
  head: string;
  /** The channel told of each commit (LISTEN/NOTIFY). */
  channel: string;
}

export function tablesOf(schema: string): Tables {
  return { schema, events: `"${schema}".events`, head: `"${schema}".log_head`, channel: `${schema}_events` };
}

/**
 * `events`: `position` is the global position, handed out under the lock on `log_head` (see store.ts), so it is
 * gapless and in commit order; `UNIQUE (stream, revision)` makes a lost update impossible whatever the code above
 * does; `idempotency_key` is set on the first event of an append made under an Idempotency-Key, unique, so one key
 * appends once across every replica. `data` and `metadata` are `json`, kept as the text written (the hash chain
 * covers their content). `log_head` holds one row: the last position handed out.
 */
function ddl(t: Tables): string {
  return `
    CREATE SCHEMA IF NOT EXISTS "${t.schema}";
    CREATE TABLE IF NOT EXISTS ${t.events} (
      position bigint PRIMARY KEY CHECK (position > 0),
      id text NOT NULL UNIQUE,
      stream text NOT NULL,
      category text GENERATED ALWAYS AS (split_part(stream, '-', 1)) STORED,
      revision integer NOT NULL CHECK (revision >= 0),
      type text NOT NULL,
      data json NOT NULL,
      metadata json NOT NULL,
      idempotency_key text,
      UNIQUE (stream, revision)
    );
    CREATE UNIQUE INDEX IF NOT EXISTS events_idempotency_key ON ${t.events} (idempotency_key)
      WHERE idempotency_key IS NOT NULL;
    CREATE INDEX IF NOT EXISTS events_by_type ON ${t.events} (type, position);
    CREATE INDEX IF NOT EXISTS events_by_category ON ${t.events} (category, position);
    CREATE TABLE IF NOT EXISTS ${t.head} (
      only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
      position bigint NOT NULL
    );
    INSERT INTO ${t.head} (position) SELECT COALESCE(max(position), 0) FROM ${t.events} ON CONFLICT DO NOTHING;
  `;
}

/** Creates what is missing; idempotent, and safe when several replicas start at once (they take turns). */
export async function migrateEventStore(pool: pg.Pool, tables: Tables): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`followup migrate ${tables.schema}`]);
    await client.query(ddl(tables));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
