/** The projection runner fed by the SQLite store's real subscription: exactly-once effect, resume, readiness. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import t, { type Test } from 'tap';
import { migrateAll, type Projection, positionProjection } from '../../projections/index.js';
import { ProjectionRunner } from '../../src/app/replica/projection-runner.js';
import type { EventStore, RecordedEvent } from '../../src/eventstore/port.js';
import { openDatabase, SqliteEventStore } from '../../src/eventstore/sqlite/index.js';
import { newEvent, unique } from '../eventstore/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'followup-runner-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** Counts how often each event reached the read model; a second application would make a count 2. */
function countingProjection(failOnce?: { position: string }): Projection {
  let failed = false;
  return {
    name: 'counting',
    handles: ['*'],
    migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, times INTEGER NOT NULL)'),
    bind(db) {
      const add = db.prepare(
        'INSERT INTO seen (id, times) VALUES (?, 1) ON CONFLICT (id) DO UPDATE SET times = times + 1',
      );
      return (event: RecordedEvent) => {
        add.run(event.id);
        // After writing: the failure must roll the write back with the checkpoint.
        if (failOnce && !failed && event.position === failOnce.position) {
          failed = true;
          throw new Error('the disk filled up');
        }
      };
    },
  };
}

function logStore(t: Test) {
  const db = openDatabase(join(dir, `log-${unique()}.db`));
  const store = new SqliteEventStore(db);
  t.teardown(async () => {
    await store.close();
    db.close();
  });
  return store;
}

function replicaDb(t: Test, file = join(dir, `replica-${unique()}.db`)): Database {
  const db = openDatabase(file);
  t.teardown(() => db.close());
  return db;
}

async function appendMany(store: EventStore, count: number, category = 'report'): Promise<string> {
  let position = '0';
  for (let i = 0; i < count; i++) {
    const result = await store.append(`${category}-${i % 7}`, [newEvent('Noted', { i })], { expectedRevision: 'any' });
    position = result.position;
  }
  return position;
}

function runner(store: EventStore, db: Database, projections: Projection[], target = () => store.headPosition()) {
  migrateAll(db, projections);
  return new ProjectionRunner({ store, db, projections, target, backoff: { initial: 5, max: 20 } });
}

const seen = (db: Database) => db.prepare('SELECT times, count(*) AS n FROM seen GROUP BY times').all();

t.test('a failure mid-way rolls back with its checkpoint; the retry applies every event exactly once', async (t) => {
  const store = logStore(t);
  const head = await appendMany(store, 60);
  const failAt = String(BigInt(head) - 20n);
  const db = replicaDb(t);
  const errors: unknown[] = [];
  const projections = [countingProjection({ position: failAt }), positionProjection];
  migrateAll(db, projections);
  const feeding = new ProjectionRunner({
    store,
    db,
    projections,
    target: () => store.headPosition(),
    backoff: { initial: 5, max: 20 },
    onError: (error) => errors.push(error),
  });
  t.equal(feeding.ready(), false, 'not ready before it starts');
  feeding.start();
  t.equal(await feeding.waitFor(head, 10_000), true, 'reaches the head');
  t.equal(errors.length, 1, 'the failure was reported once');
  t.same(seen(db), [{ times: 1, n: 60 }], 'each of the 60 events applied once');
  t.equal(feeding.position(), head, 'the checkpoint is the last event');
  t.equal(feeding.ready(), true, 'ready once caught up');
  await feeding.stop();
});

t.test('a restart resumes at the checkpoint; redelivered events are not applied again', async (t) => {
  const store = logStore(t);
  const file = join(dir, `replica-${unique()}.db`);
  const first = await appendMany(store, 25);
  const db1 = openDatabase(file);
  const one = runner(store, db1, [countingProjection(), positionProjection]);
  one.start();
  await one.waitFor(first, 10_000);
  await one.stop();
  db1.close();
  const head = await appendMany(store, 15);
  // A log that replays from the start whatever it is asked: the checkpoint alone must prevent double effects.
  const replaying: EventStore = { ...store, subscribe: () => store.subscribe({}) } as EventStore;
  replaying.headPosition = () => store.headPosition();
  const db2 = replicaDb(t, file);
  const two = runner(replaying, db2, [countingProjection(), positionProjection]);
  two.start();
  t.equal(await two.waitFor(head, 10_000), true);
  t.same(seen(db2), [{ times: 1, n: 40 }], '40 events, each applied once across the restart');
  t.equal(two.applied, 15, 'the second run applied only the 15 new events');
  t.equal(two.rebuilds, 0, 'a checkpoint within the log is kept');
  await two.stop();
});

t.test(
  'a checkpoint beyond the log (the log started again, shorter): the read models are rebuilt from it',
  async (t) => {
    const old = logStore(t);
    const file = join(dir, `replica-${unique()}.db`);
    const oldHead = await appendMany(old, 30);
    const db1 = openDatabase(file);
    const one = runner(old, db1, [countingProjection(), positionProjection]);
    one.start();
    await one.waitFor(oldHead, 10_000);
    await one.stop();
    db1.close();
    // A node recreated without its data: a new log, whose positions start below the replica's checkpoint.
    const log = logStore(t);
    const head = await appendMany(log, 5, 'recommendation');
    t.ok(BigInt(head) < BigInt(oldHead), `the new log ends at ${head}, the checkpoint is ${oldHead}`);
    const db2 = replicaDb(t, file);
    const projections = [countingProjection(), positionProjection];
    migrateAll(db2, projections);
    const errors: unknown[] = [];
    const two = new ProjectionRunner({
      store: log,
      db: db2,
      projections,
      target: () => log.headPosition(),
      backoff: { initial: 5, max: 20 },
      onError: (error) => errors.push(error),
    });
    two.start();
    await two.whenCaughtUp();
    t.equal(two.rebuilds, 1);
    t.equal(two.position(), head, "the checkpoint is the new log's head");
    t.same(seen(db2), [{ times: 1, n: 5 }], "the old log's 30 events are gone; the new log's 5 applied once");
    t.match(errors, [{ name: 'CheckpointBeyondLog', checkpoint: oldHead, head }], 'said once, with both positions');
    const later = await appendMany(log, 3);
    t.ok(BigInt(later) < BigInt(oldHead), 'new events still below the old checkpoint…');
    t.equal(await two.waitFor(later, 10_000), true, '…are applied, not skipped as seen');
    t.same(seen(db2), [{ times: 1, n: 8 }]);
    t.equal(two.ready(), true);
    await two.stop();
  },
);

t.test('live events keep flowing after the catch-up; waitFor gives up past its bound', async (t) => {
  const store = logStore(t);
  await appendMany(store, 3);
  const db = replicaDb(t);
  const feeding = runner(store, db, [countingProjection(), positionProjection]);
  feeding.start();
  await feeding.waitFor(await store.headPosition(), 10_000);
  const later = await appendMany(store, 4, 'recommendation');
  t.equal(await feeding.waitFor(later, 10_000), true, 'a live event reaches the read models');
  t.same(seen(db), [{ times: 1, n: 7 }]);
  t.equal(await feeding.waitFor(String(BigInt(later) + 1000n), 30), false, 'a position not yet written: false');
  await feeding.stop();
  t.equal(await feeding.waitFor(String(BigInt(later) + 1n), 10_000), false, 'a stopped runner does not wait');
});

t.test('an empty log: ready at once', async (t) => {
  const store = logStore(t);
  const db = replicaDb(t);
  const feeding = runner(store, db, [positionProjection]);
  feeding.start();
  await feeding.waitFor('0', 1000);
  await new Promise((resolve) => setImmediate(resolve));
  t.equal(feeding.ready(), true);
  await feeding.stop();
});
