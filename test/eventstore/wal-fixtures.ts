/** What the WAL checkpoint tests share: database files in a temp folder, appends a page each, reading back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { openDatabase, SqliteEventStore, type SqliteEventStoreOptions } from '../../src/eventstore/sqlite/index.js';
import { collect, newEvent, unique } from './fixtures.js';

export { until } from '../notifications/receiver.js';

const PAGE = 4096;
/** A WAL frame: a page and its 24-byte header. */
export const FRAME = PAGE + 24;
/** An event's data fills most of a page: each append writes at least one page of its own. */
export const payload = 'x'.repeat(3000);

/** Names a new database file in a temp folder that is removed when `t` ends. */
export function databaseFiles(t: Test, prefix: string): () => string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return () => join(dir, `${unique()}.db`);
}

/** The store on a connection to `path`, and another connection that reads; both closed when `t` ends. */
export function storeAndReader(t: Test, path: string, options: SqliteEventStoreOptions) {
  const db = openDatabase(path);
  const store = new SqliteEventStore(db, options);
  const reader = openDatabase(path);
  t.teardown(async () => {
    await store.close();
    if (db.open) db.close();
    if (reader.open) reader.close();
  });
  return { db, store, reader };
}

/** `count` appends of one event each to `stream`, committed together; resolves with how many were acknowledged. */
export async function appendRound(store: SqliteEventStore, stream: string, round: number, count: number) {
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      store.append(stream, [newEvent('Tested', { round, i, payload })], { expectedRevision: 'any' }),
    ),
  );
  return results.length;
}

/** The stream's events, read by a store opened anew on the file. */
export async function readBack(path: string, stream: string): Promise<RecordedEvent[]> {
  const db = openDatabase(path);
  const store = new SqliteEventStore(db, { walCheckpoints: false });
  try {
    return await collect(store.readStream(stream));
  } finally {
    await store.close();
    db.close();
  }
}
