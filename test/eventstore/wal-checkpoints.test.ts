/** The WAL checkpoints run by a worker thread rather than inside the writer's COMMIT (WalCheckpoints). */
import { statSync } from 'node:fs';
import t from 'tap';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { newEvent, unique } from './fixtures.js';
import { appendRound, databaseFiles, FRAME, payload, readBack, storeAndReader, until } from './wal-fixtures.js';

const file = databaseFiles(t, 'followup-walcheckpoints-');

t.test('a worker thread checkpoints the WAL; the writer does not, and the WAL file stays bounded', async (t) => {
  const path = file();
  const db = openDatabase(path);
  const threshold = 20;
  const restartAt = 100;
  const store = new SqliteEventStore(db, { walCheckpoints: { threshold, restartAt } });
  t.teardown(async () => {
    await store.close();
    if (db.open) db.close();
  });
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'no automatic checkpoint inside COMMIT');
  t.match(
    store.walCheckpointStats(),
    { background: 0, onWriter: 0, running: false },
    'nothing before a checkpoint is due',
  );

  const stream = `s-${unique()}`;
  const rounds = 120;
  let largestWal = 0;
  for (let round = 0; round < rounds; round++) {
    await appendRound(store, stream, round, 8);
    // Paced by the worker (on a busy machine a checkpoint may take longer than many rounds): what is bounded is
    // the WAL as the checkpoints leave it, not what commits add while one runs.
    await until(() => !store.walCheckpointStats()?.running, 20_000, 'the checkpoint running is done');
    largestWal = Math.max(largestWal, statSync(`${path}-wal`).size);
  }
  const stats = store.walCheckpointStats()!;
  t.ok(stats.background > 0, `checkpoints ran in the worker (${stats.background})`);

  // Without checkpoints the WAL would hold every page written: ~960 events of ~3 kB, more than 960 frames. Started
  // over once past `restartAt` frames: that, a checkpoint's threshold and a few batches of 8 events.
  const written = rounds * 8;
  const bound = (restartAt + threshold + 4 * 8 * 2) * FRAME + 32;
  t.ok(written * FRAME > 3 * bound, 'more was written than the bound holds');
  t.ok(largestWal <= bound, `the WAL file stayed within ${bound} bytes (largest ${largestWal})`);
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 0, 'still none inside COMMIT');

  await store.close();
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'closed: SQLite checkpoints by itself again');
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the database is whole');
  db.close();

  const events = await readBack(path, stream);
  t.equal(events.length, written, 'every event appended is read back after reopening');
  t.strictSame(
    events.slice(-2).map((event) => event.data),
    [
      { round: rounds - 1, i: 6, payload },
      { round: rounds - 1, i: 7, payload },
    ],
    'the last ones whole',
  );
});

t.test('a reader holding an old snapshot delays the WAL starting over, and nothing is lost', async (t) => {
  const path = file();
  const { store, reader } = storeAndReader(t, path, { walCheckpoints: { threshold: 10, restartAt: 40 } });
  const stream = `s-${unique()}`;
  const append = (round: number) => appendRound(store, stream, round, 4);
  await append(0);
  const count = reader.prepare('SELECT count(*) AS n FROM events');
  // A read transaction left open: its snapshot pins the WAL.
  reader.exec('BEGIN');
  t.equal((count.get() as { n: number }).n, 4, 'the reader sees the first batch');
  for (let round = 1; round <= 40; round++) await append(round);
  t.equal((count.get() as { n: number }).n, 4, 'and still only that while its snapshot lasts');
  const pinned = statSync(`${path}-wal`).size;
  t.ok(pinned > 160 * FRAME, `meanwhile the WAL grew past four times restartAt (${pinned} bytes)`);
  reader.exec('COMMIT');
  for (let round = 41; round <= 80; round++) {
    await append(round);
    await until(() => !store.walCheckpointStats()?.running, 20_000, 'the checkpoint running is done');
  }
  const after = statSync(`${path}-wal`).size;
  t.ok(
    after <= pinned + 3 * 8 * FRAME,
    `released, the WAL started over: its file grew by at most a few batches (${pinned} → ${after})`,
  );
  t.equal((count.get() as { n: number }).n, 81 * 4, 'and the reader sees every append');
  t.equal(reader.pragma('integrity_check', { simple: true }), 'ok', 'the database is whole');
});

t.test('once writes pause, a WAL file grown past truncateAbove is truncated, after a reader lets go', async (t) => {
  const path = file();
  const wal = () => statSync(`${path}-wal`).size;
  const truncateAbove = 256 * 1024;
  const idleMs = 50;
  const { db, store, reader } = storeAndReader(t, path, {
    walCheckpoints: { threshold: 20, restartAt: 400, idleMs, truncateAbove },
  });
  const stream = `s-${unique()}`;
  const burst = async (rounds: number) => {
    for (let round = 0; round < rounds; round++) await appendRound(store, stream, round, 8);
  };
  const count = reader.prepare('SELECT count(*) AS n FROM events');
  const pause = () => new Promise((resolve) => setTimeout(resolve, 6 * idleMs));

  await burst(100);
  t.ok(wal() > truncateAbove, `a burst grew the WAL file past the limit (${wal()} bytes)`);
  await until(() => wal() <= truncateAbove, 20_000, 'the WAL file is truncated');
  t.equal(wal(), 0, 'writes paused: the WAL file is truncated to nothing');
  const truncated = store.walCheckpointStats()?.truncated ?? 0;
  t.ok(truncated >= 1, 'by the checkpoints');
  await pause();
  t.equal(store.walCheckpointStats()?.truncated, truncated, 'and not again while nothing is written');

  // A reader that holds a snapshot taken during a burst keeps the WAL until it lets go.
  await burst(20);
  reader.exec('BEGIN');
  const seen = (count.get() as { n: number }).n;
  await burst(80);
  await pause();
  t.ok(wal() > truncateAbove, `a reader still on the WAL: not truncated (${wal()} bytes)`);
  t.equal((count.get() as { n: number }).n, seen, 'and its snapshot holds');
  reader.exec('COMMIT');
  await until(() => wal() <= truncateAbove, 20_000, 'the WAL file is truncated once the reader let go');
  t.ok((store.walCheckpointStats()?.truncated ?? 0) > truncated, 'then it is truncated');
  t.equal((count.get() as { n: number }).n, 200 * 8, 'the reader sees every append');

  await burst(10);
  t.ok(wal() > 0, 'writes start a new WAL');
  await store.close();
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the database is whole');
  db.close();
  t.equal((await readBack(path, stream)).length, 210 * 8, 'every event appended is read back after reopening');
});

t.test('in memory, or when asked not to, SQLite keeps its own checkpoints', async (t) => {
  const memory = openDatabase(':memory:');
  const inMemory = new SqliteEventStore(memory, { ownsDatabase: true });
  t.equal(inMemory.walCheckpointStats(), undefined, 'in memory: no worker');
  await inMemory.close();

  const db = openDatabase(file());
  const store = new SqliteEventStore(db, { walCheckpoints: false });
  t.equal(store.walCheckpointStats(), undefined, 'walCheckpoints: false: no worker');
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), 1000, 'and COMMIT checkpoints as SQLite does');
  await store.append(`s-${unique()}`, [newEvent('Tested')], { expectedRevision: 'no_stream' });
  await store.close();
  db.close();
});
