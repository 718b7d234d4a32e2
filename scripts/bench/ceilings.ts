/** What the machine allows at best, measured in the same run: HTTP, disk and replay ceilings. */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { benchRoot } from './generate.js';
import { freePort, type LoadResult, load, spawnNode, stop, waitForHttp } from './load.js';

/** fastify hello-world with a response schema, in its own process, under the same load as P1/P2; and its start-up. */
export async function httpCeiling(seconds: number, connections: number): Promise<LoadResult & { startupMs: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawnNode(new URL('./hello-server.js', import.meta.url).pathname, [], { PORT: String(port) });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/hello`, 15_000, 2);
    const startupMs = performance.now() - started;
    return { ...(await load({ url: `http://127.0.0.1:${port}/hello`, connections, seconds })), startupMs };
  } finally {
    await stop(child);
  }
}

export interface DiskCeiling {
  /** One transaction (so one fsync) per insert: the naive design. */
  singlePerSecond: number;
  /** Transactions of 100 inserts. */
  batchedRowsPerSecond: number;
}

/** Raw better-sqlite3 inserts of event-shaped rows, WAL and synchronous=FULL, like the store. */
export function diskCeiling(singles: number, batches: number): DiskCeiling {
  const dir = mkdtempSync(join(benchRoot(), 'disk-'));
  const db = new Sqlite(join(dir, 'raw.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stream TEXT NOT NULL,
      revision INTEGER NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE (stream, revision))`);
    const insert = db.prepare(
      'INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const data = JSON.stringify({
      recommendationId: 'cat-c-kaz-co-4-12',
      title: 'A measure',
      implementedOn: '2024-05-01',
    });
    const metadata = JSON.stringify({ actor: { tokenId: 't', name: 'n', role: 'state' }, hash: 'f'.repeat(64) });
    let n = 0;
    const row = () => {
      n++;
      insert.run(`id-${n}`, `recommendation-${n % 1000}`, Math.floor(n / 1000), 'MeasureImplemented', data, metadata);
    };
    const one = db.transaction(row);
    let started = performance.now();
    for (let i = 0; i < singles; i++) one();
    const singlePerSecond = singles / ((performance.now() - started) / 1000);
    const hundred = db.transaction(() => {
      for (let i = 0; i < 100; i++) row();
    });
    started = performance.now();
    for (let i = 0; i < batches; i++) hundred();
    const batchedRowsPerSecond = (batches * 100) / ((performance.now() - started) / 1000);
    return { singlePerSecond, batchedRowsPerSecond };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Raw `SELECT` of the whole events table with `JSON.parse` of each row's data and metadata: rows per second. */
export function replayCeiling(file: string): { rows: number; rowsPerSecond: number } {
  const db = new Sqlite(file, { readonly: true });
  try {
    const select = db.prepare<[], { data: string; metadata: string }>(
      'SELECT position, stream, revision, type, data, metadata FROM events',
    );
    const started = performance.now();
    let rows = 0;
    for (const row of select.iterate()) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
      rows++;
    }
    return { rows, rowsPerSecond: rows / ((performance.now() - started) / 1000) };
  } finally {
    db.close();
  }
}
