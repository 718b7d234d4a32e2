/** R7: a store that cannot be written answers StoreUnavailable, keeps nothing half-applied, and recovers. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { verifyChains } from '../../src/eventstore/integrity.js';
import { StoreUnavailable } from '../../src/eventstore/port.js';
import { type OpenDatabaseOptions, openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { collect, newEvent, settle, unique } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-eventstore-faults-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function fresh(t: Test, options: OpenDatabaseOptions = {}) {
  const path = join(dir, `${unique()}.db`);
  const db = openDatabase(path, options);
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  return { path, db, store };
}

async function unavailable(t: Test, append: Promise<unknown>, code: RegExp): Promise<void> {
  const error = await append.then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof StoreUnavailable, 'rejects with StoreUnavailable');
  t.match((error as Error | undefined)?.cause, { code }, 'the SQLite error is its cause');
}

t.test('a read-only database: StoreUnavailable, nothing stored, then recovery', async (t) => {
  const { db, store } = fresh(t);
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const head = await store.headPosition();
  db.pragma('query_only = ON');
  await unavailable(t, store.append(stream, [newEvent('B')], { expectedRevision: 0 }), /^SQLITE_READONLY/);
  t.equal(await store.headPosition(), head, 'nothing was appended');
  t.equal(await store.ping(), true, 'reads still answer');
  db.pragma('query_only = OFF');
  const next = await store.append(stream, [newEvent('B')], { expectedRevision: 0 });
  t.equal(next.revision, 1, 'appends work again once the database is writable');
  t.equal((await verifyChains(store)).ok, true);
});

t.test('a database opened read-only refuses appends with StoreUnavailable', async (t) => {
  const { path, store } = fresh(t);
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const ro = openDatabase(path, { readonly: true });
  const readonly = new SqliteEventStore(ro, { ownsDatabase: true });
  t.teardown(() => readonly.close());
  await unavailable(t, readonly.append(stream, [newEvent('B')], { expectedRevision: 0 }), /^SQLITE_READONLY/);
  t.equal((await collect(readonly.readStream(stream))).length, 1, 'it still reads');
});

t.test('disk full: the whole batch rolls back, nothing is corrupted, appends resume with space', async (t) => {
  const { db, store } = fresh(t);
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A', { text: 'a'.repeat(1000) })], { expectedRevision: 'no_stream' });
  const head = await store.headPosition();
  const pages = Number(db.pragma('page_count', { simple: true }));
  db.pragma(`max_page_count = ${pages}`);
  const big = 'x'.repeat(200_000);
  const small = `report-${unique()}`;
  const { errors } = await settle([
    store.append(stream, [newEvent('B', { big })], { expectedRevision: 0 }),
    store.append(small, [newEvent('C')], { expectedRevision: 'no_stream' }),
  ]);
  t.equal(errors.length, 2, 'both appends of the failed transaction reject');
  t.ok(errors.every((e) => e instanceof StoreUnavailable && (e.cause as { code?: string }).code === 'SQLITE_FULL'));
  t.equal(await store.headPosition(), head, 'nothing was appended');
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  db.pragma('max_page_count = 1073741823');
  const next = await store.append(stream, [newEvent('B', { big })], { expectedRevision: 0 });
  t.equal(next.revision, 1, 'the same append succeeds once there is room');
  await store.append(small, [newEvent('C')], { expectedRevision: 'no_stream' });
  const verified = await verifyChains(store);
  t.same(verified.breaks, [], 'the chains are intact');
});

t.test('a lock held past busy_timeout: StoreUnavailable, then recovery', async (t) => {
  const { path, store } = fresh(t, { busyTimeoutMs: 20 });
  const stream = `report-${unique()}`;
  await store.append(stream, [newEvent('A')], { expectedRevision: 'no_stream' });
  const other = new Sqlite(path);
  other.exec('BEGIN IMMEDIATE');
  await unavailable(t, store.append(stream, [newEvent('B')], { expectedRevision: 0 }), /^SQLITE_BUSY/);
  other.exec('ROLLBACK');
  other.close();
  t.equal((await store.append(stream, [newEvent('B')], { expectedRevision: 0 })).revision, 1);
});

t.test('a file that cannot be opened: StoreUnavailable', async (t) => {
  t.throws(() => openDatabase(join(dir, 'no-such-dir', 'x.db')), StoreUnavailable, 'a missing directory');
  t.throws(() => openDatabase(dir), StoreUnavailable, 'a directory');
});
