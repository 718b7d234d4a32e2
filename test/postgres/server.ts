/**
 * The PostgreSQL server the tests run against: FOLLOWUP_TEST_POSTGRES (default the local one, trust auth). Each test
 * file makes its own database and drops it; without a server the suite skips saying why, and with
 * FOLLOWUP_POSTGRES_REQUIRED=1 (CI) it fails instead.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

export const SERVER = process.env.FOLLOWUP_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUIRED = process.env.FOLLOWUP_POSTGRES_REQUIRED === '1';

/** Why no server can be used, or undefined when one answers. */
async function unreachable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return String(error instanceof Error ? error.message || error.name : error).split('\n')[0];
  } finally {
    await client.end().catch(() => {});
  }
}

/** The address of `database` on the test server. */
export function databaseUrl(database: string): string {
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * A new database for this test file, dropped when `t` ends; undefined (the file's tests skipped with the reason
 * printed, or failed where the server is required) when no server answers.
 */
export async function testDatabase(t: Test, suite: string): Promise<string | undefined> {
  const why = await unreachable();
  if (why !== undefined) {
    const line = `${suite} skipped: no PostgreSQL server at ${SERVER.replace(/:[^@/:]*@/, ':***@')} (${why})`;
    process.stderr.write(`${line}\n`);
    if (REQUIRED) t.fail(`${line}; FOLLOWUP_POSTGRES_REQUIRED=1 needs one`);
    else t.test(suite, { skip: line }, async () => {});
    return undefined;
  }
  const database = `followup_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await admin((client) => client.query(`CREATE DATABASE ${database}`));
  t.teardown(() => admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)));
  return databaseUrl(database);
}

/** Runs SQL on a database of the test server (to look at or tamper with what a store wrote). */
export async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
