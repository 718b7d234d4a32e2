/** The store's own fsync of the WAL (WalSync), with node:fs observed: loaded alone so the mocks reach it. */
import * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { StoreUnavailable } from '../../src/eventstore/port.js';
import { openDatabase } from '../../src/eventstore/sqlite/database.js';
import { newEvent, unique } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-walsync-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const file = () => join(dir, `${unique()}.db`);

type Fdatasync = (fd: number, done: (error: Error | null) => void) => void;

/** The store class with WalSync's fdatasync replaced. */
async function storeSyncingWith(t: Test, fdatasync: Fdatasync) {
  const walSync = await t.mockImport('../../src/eventstore/sqlite/wal-sync.js', { 'node:fs': { ...fs, fdatasync } });
  const store = await t.mockImport<typeof import('../../src/eventstore/sqlite/store.js')>(
    '../../src/eventstore/sqlite/store.js',
    { '../../src/eventstore/sqlite/wal-sync.js': walSync },
  );
  return store.SqliteEventStore;
}

t.test('the store syncs the WAL itself: COMMIT without fsync, an append resolved only after fdatasync', async (t) => {
  const synced: number[] = [];
  const Store = await storeSyncingWith(t, (fd: number, done: (error: Error | null) => void) =>
    fs.fdatasync(fd, (error) => {
      synced.push(Date.now());
      done(error);
    }),
  );
  const db = openDatabase(file());
  const store = new Store(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  t.equal(db.pragma('synchronous', { simple: true }), 1, 'synchronous=NORMAL: the store syncs instead');
  const stream = `s-${unique()}`;
  const appended = store.append(stream, [newEvent('Tested')], { expectedRevision: 'no_stream' });
  t.equal(synced.length, 0, 'nothing synced before the batch commits');
  await appended;
  t.equal(synced.length, 1, 'resolved once its WAL sync completed');
  await Promise.all([1, 2, 3].map(() => store.append(stream, [newEvent('Tested')], { expectedRevision: 'any' })));
  t.equal(synced.length, 2, 'appends committed together share one sync');
});

t.test('a failed WAL sync refuses its appends as unavailable; later appends sync again', async (t) => {
  let failing = true;
  const Store = await storeSyncingWith(t, (fd: number, done: (error: Error | null) => void) =>
    failing
      ? setImmediate(() => done(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })))
      : fs.fdatasync(fd, done),
  );
  const db = openDatabase(file());
  const store = new Store(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  const stream = `s-${unique()}`;
  await t.rejects(store.append(stream, [newEvent('Tested')], { expectedRevision: 'no_stream' }), StoreUnavailable);
  failing = false;
  const next = await store.append(`s-${unique()}`, [newEvent('Tested')], { expectedRevision: 'no_stream' });
  t.equal(next.revision, 0, 'the store recovers when the disk does');
});
