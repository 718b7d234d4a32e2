/** PostgreSQL connection strings: `postgres://user@host:5432/db?schema=followup`, the schema being ours to pick. */
import pg from 'pg';

const SCHEME = /^postgres(ql)?:\/\//;
/** An unquoted PostgreSQL identifier: it is put into SQL text, so nothing else is accepted. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export const DEFAULT_SCHEMA = 'followup';

export function isPostgresUrl(text: string): boolean {
  return SCHEME.test(text);
}

export interface PostgresTarget {
  /** The connection string for the driver, without our own `schema` parameter. */
  connectionString: string;
  /** The schema holding the log's tables. */
  schema: string;
}

/** Splits our `schema` parameter off the connection string; throws RangeError on a bad string or schema name. */
export function parsePostgresUrl(text: string): PostgresTarget {
  if (!isPostgresUrl(text)) throw new RangeError('a PostgreSQL connection string starts with postgres://');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RangeError('the PostgreSQL connection string is not a valid URL');
  }
  const schema = url.searchParams.get('schema') ?? DEFAULT_SCHEMA;
  assertSchemaName(schema);
  url.searchParams.delete('schema');
  return { connectionString: url.toString(), schema };
}

export function assertSchemaName(schema: string): void {
  if (!IDENTIFIER.test(schema)) {
    throw new RangeError(`invalid schema name ${JSON.stringify(schema)}: lower-case letters, digits and _`);
  }
}

/** The connection string without its password, for logs and messages. */
export function redactPostgresUrl(text: string): string {
  return text.replace(/^(postgres(?:ql)?:\/\/[^:@/]*):[^@/]*@/, '$1:***@');
}

/** `json` columns come back as their text: the store parses it itself, to report a corrupt event as such. */
export function rawJsonTypes(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.JSON, (text: string) => text);
  return types;
}

export interface PoolSettings {
  connectionString: string;
  max: number;
  /** How long a write waits for the log's lock (another writer's commit) before failing. */
  lockTimeoutMs: number;
}

export function openPool(settings: PoolSettings): pg.Pool {
  return new pg.Pool({
    connectionString: settings.connectionString,
    max: settings.max,
    types: rawJsonTypes(),
    application_name: 'followup',
    connectionTimeoutMillis: 10_000,
    lock_timeout: settings.lockTimeoutMs,
    // A writer that stops talking mid-transaction must not hold the log's lock: the server ends its session.
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
  });
}
