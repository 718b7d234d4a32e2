/**
 * P1 and P2 with two replicas on PostgreSQL: the generated world copied into a database of its own on the bench's
 * server (FOLLOWUP_BENCH_POSTGRES, default the local one), two `followup serve` processes on it, each driven by half
 * the connections (as a round-robin load balancer would), and the database dropped at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { copyLog, PostgresEventStore } from '../../src/eventstore/postgres/index.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { benchRoot, type GeneratedStore } from './generate.js';
import { type LoadResult, load, stop, waitForHttp } from './load.js';
import { measureBody, STATUS_REQUESTS, spawnServe } from './serve.js';

const SERVER = process.env.FOLLOWUP_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface ReplicaFigures {
  /** Events copied from the embedded log into PostgreSQL per second (`followup copy`'s path). */
  copyPerSecond: number;
  /** From spawning two replicas on the copied log to both answering /ready (each read the whole log). */
  catchUpMs: number;
  status: LoadResult;
  measures: LoadResult;
}

async function admin(run: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await run(client);
  } finally {
    await client.end();
  }
}

/** Two loads at once, half the connections on each replica; the rates add up, the latencies are the worse one's. */
async function both(bases: string[], options: Omit<Parameters<typeof load>[0], 'url'>, split: (i: number) => unknown) {
  const results = await Promise.all(
    bases.map((url, i) => load({ ...options, url, connections: options.connections / 2, ...(split(i) as object) })),
  );
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);
  return {
    requestsPerSecond: sum((r) => r.requestsPerSecond),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
  };
}

/** The figures, or why they could not be taken (no server). */
export async function servedOnPostgres(
  world: GeneratedStore,
  seconds: number,
  connections: number,
  log: (line: string) => void,
): Promise<ReplicaFigures | { skipped: string }> {
  const database = `followup_bench_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  try {
    await admin((client) => client.query(`CREATE DATABASE ${database}`));
  } catch (error) {
    return { skipped: `no PostgreSQL server at ${SERVER} (${error instanceof Error ? error.message : error})` };
  }
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const dirs: string[] = [];
  try {
    const db = openDatabase(world.file, { readonly: true });
    const source = new SqliteEventStore(db);
    const ids = (
      db.prepare('SELECT id FROM recommendations ORDER BY random() LIMIT 1000').all() as { id: string }[]
    ).map((row) => row.id);
    const target = await PostgresEventStore.connect(url.toString());
    let started = performance.now();
    const copied = await copyLog(source, target, { batch: 2000 });
    const copyPerSecond = copied.copied / ((performance.now() - started) / 1000);
    log(`copied ${copied.copied.toLocaleString('en')} events to PostgreSQL: ${Math.round(copyPerSecond)} events/s`);
    await target.close();
    await source.close();
    db.close();

    const token = randomBytes(24).toString('hex');
    const bases: string[] = [];
    const children = [];
    started = performance.now();
    for (let i = 0; i < 2; i++) {
      const dataDir = mkdtempSync(join(benchRoot(), 'replica-'));
      dirs.push(dataDir);
      const replica = await spawnServe(dataDir, { FOLLOWUP_STORE: url.toString(), FOLLOWUP_ADMIN_TOKEN: token });
      bases.push(replica.base);
      children.push(replica.child);
    }
    try {
      await Promise.all(bases.map((base) => waitForHttp(`${base}/ready`, 30 * 60_000, 50)));
      const catchUpMs = performance.now() - started;
      log(`two replicas caught up with the log in ${Math.round(catchUpMs)} ms`);
      const status = await both(bases, { connections, seconds }, () => ({
        requests: STATUS_REQUESTS,
      }));
      // Each replica starts half-way along the list from the other: both write the same streams, rarely at once.
      const measures = await both(
        bases,
        { connections, seconds, method: 'POST', headers: { authorization: `Bearer ${token}` } },
        (replica) => ({
          requests: ids.map((_, i) => {
            const id = ids[(i + replica * 500) % ids.length]!;
            return { path: `/v1/recommendations/${id}/measures`, body: measureBody(i) };
          }),
        }),
      );
      return { copyPerSecond, catchUpMs, status, measures };
    } finally {
      await Promise.all(children.map((child) => stop(child)));
    }
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await admin((client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).catch(() => {});
  }
}
