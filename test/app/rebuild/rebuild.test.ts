/** `followup replay`'s library: rebuilt read models equal the live ones, even with writes during the rebuild. */
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { readModelTables, serviceProjections } from '../../../projections/index.js';
import { Followup } from '../../../src/app/followup.js';
import { dumpReadModels, rebuildReadModels } from '../../../src/app/rebuild/rebuild.js';
import { openDatabase } from '../../../src/eventstore/sqlite/database.js';
import { tempDir } from '../import/uhri-fixtures.js';
import { projectFromScratch, runWorkload } from './workload.js';

function open(t: Test, dataDir = ':memory:'): Followup {
  const followup = Followup.open({ dataDir });
  t.teardown(() => followup.close());
  return followup;
}

for (const seed of [1, 2, 3]) {
  t.test(`after a random workload (seed ${seed}), the rebuilt read models equal the live ones`, async (t) => {
    const followup = open(t);
    await runWorkload(followup, seed, 300);
    const live = dumpReadModels(followup.db);
    t.ok((live.recommendations?.length ?? 0) > 10, 'the workload issued recommendations');
    t.ok((live.idempotency?.length ?? 0) > 0, 'and answered idempotency keys');
    const result = await rebuildReadModels(followup.db, { scratchDir: tempDir(t), pageSize: 37 });
    t.strictSame(dumpReadModels(followup.db), live, 'identical table dumps');
    t.strictSame(await projectFromScratch(followup), live, 'and equal to a projection from scratch');
    t.equal(result.position, followup.readModels.currentPosition());
    t.strictSame(result.tables, readModelTables());
    // The service's statements, prepared before the swap, now write to and read the swapped-in tables.
    await runWorkload(followup, seed + 100, 50);
    t.strictSame(dumpReadModels(followup.db), await projectFromScratch(followup), 'the service goes on writing');
  });
}

t.test('split between worker threads or built in one, the rebuilt read models equal the live ones', async (t) => {
  const followup = open(t, tempDir(t));
  await runWorkload(followup, 21, 300);
  const live = dumpReadModels(followup.db);
  t.ok((live.idempotency?.length ?? 0) > 0 && (live.tokens?.length ?? 0) > 0, 'every kind of read model has rows');
  for (const workers of [1, 2, 3]) {
    followup.db.exec("UPDATE recommendations SET status = 'implemented', text = 'tampered'");
    followup.db.exec('DELETE FROM idempotency');
    const result = await rebuildReadModels(followup.db, { scratchDir: tempDir(t), pageSize: 17, workers });
    t.strictSame(dumpReadModels(followup.db), live, `${workers} worker(s): identical table dumps`);
    t.equal(result.position, followup.readModels.currentPosition(), `${workers} worker(s): up to the head`);
    t.equal(result.events, Number(result.position), `${workers} worker(s): every event counted once`);
  }
});

t.test('events appended while the rebuild runs are applied in the swap', async (t) => {
  const followup = open(t);
  await runWorkload(followup, 7, 200);
  const [result] = await Promise.all([
    rebuildReadModels(followup.db, { scratchDir: tempDir(t), pageSize: 5 }),
    runWorkload(followup, 8, 200),
  ]);
  t.ok(result.events > 0);
  t.strictSame(dumpReadModels(followup.db), await projectFromScratch(followup));
  t.equal(followup.readModels.currentPosition(), await followup.store.headPosition());
});

t.test('a rebuild from another connection (another process) while the service writes', async (t) => {
  const dir = tempDir(t);
  const followup = open(t, dir);
  await runWorkload(followup, 11, 150);
  const replay = openDatabase(join(dir, 'followup.db'));
  t.teardown(() => replay.close());
  const [result] = await Promise.all([
    rebuildReadModels(replay, { scratchDir: dir, pageSize: 10 }),
    runWorkload(followup, 12, 150),
  ]);
  t.ok(result.eventsPerSecond > 0);
  t.strictSame(dumpReadModels(followup.db), await projectFromScratch(followup));
});

t.test('one read model rebuilt alone; the others are left as they are', async (t) => {
  const followup = open(t);
  await runWorkload(followup, 5, 200);
  const live = dumpReadModels(followup.db);
  // A read model gone wrong, and another one changed by hand, to see which the rebuild touches.
  followup.db.exec("UPDATE recommendations SET status = 'implemented', text = 'tampered'");
  followup.db.exec("UPDATE tokens SET name = 'left alone'");
  const recommendations = serviceProjections.filter((projection) => projection.name === 'recommendations');
  const result = await rebuildReadModels(followup.db, { projections: recommendations, scratchDir: tempDir(t) });
  t.strictSame(result.tables, [
    'recommendation_assessments',
    'recommendation_facts',
    'recommendation_follow_up_dialogue',
    'recommendation_mandates',
    'recommendation_measures',
    'recommendation_mid_term_reports',
    'recommendation_standing',
    'recommendation_themes',
    'recommendation_translations',
    'recommendations',
    'state_counts',
  ]);
  const after = dumpReadModels(followup.db);
  t.strictSame(after.recommendations, live.recommendations, 'the rebuilt read model is right again');
  t.ok(
    (after.tokens as { name: string }[]).every((token) => token.name === 'left alone'),
    'the others are untouched',
  );
});

t.test('an empty log rebuilds to empty read models', async (t) => {
  const followup = open(t);
  const result = await rebuildReadModels(followup.db, { scratchDir: tempDir(t) });
  t.match(result, { events: 0, caughtUp: 0, position: '0' });
  t.ok(Object.values(dumpReadModels(followup.db)).every((rows) => rows.length === 0));
});
