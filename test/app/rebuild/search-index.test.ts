/** The full-text index is derived from the search read model's rows: a rebuild makes it again, whole and exact. */
import t, { type Test } from 'tap';
import { searchProjection } from '../../../projections/index.js';
import { Followup } from '../../../src/app/followup.js';
import { rebuildInPlace, rebuildReadModels } from '../../../src/app/rebuild/rebuild.js';
import { tempDir } from '../import/uhri-fixtures.js';
import { runWorkload } from './workload.js';

function open(t: Test, dataDir: string): Followup {
  const followup = Followup.open({ dataDir });
  t.teardown(() => followup.close());
  return followup;
}

/** What searches answer: the ids found, in rank order, with the total. */
const answers = (followup: Followup) =>
  ['recommendation', 'torture', 'detention OR women', '"recommendation 1*"'].map((q) => {
    const page = followup.readModels.searchRecommendations({ q, limit: 500, today: '2026-01-01' });
    return { q, total: page.facets!.total, ids: page.items.map((item) => item.id) };
  });

/** FTS5's own check that the index holds exactly the rows' words; throws when not. */
const integrityCheck = (followup: Followup) =>
  followup.db.exec("INSERT INTO search_index (search_index) VALUES ('integrity-check')");

t.test('rebuilt in worker threads or in one, while the service writes, the index answers as before', async (t) => {
  const followup = open(t, tempDir(t));
  await runWorkload(followup, 5, 120);
  const before = answers(followup);
  t.ok(before[0]!.total > 10, 'the workload issued searchable recommendations');
  for (const workers of [1, 2]) {
    followup.db.exec("INSERT INTO search_index (search_index) VALUES ('delete-all')");
    const indexed = followup.db.prepare(
      "SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'recommendation'",
    );
    t.equal((indexed.get() as { n: number }).n, 0, 'the index emptied');
    await rebuildReadModels(followup.db, { scratchDir: tempDir(t), pageSize: 23, workers });
    t.doesNotThrow(() => integrityCheck(followup), `${workers} worker(s): the index matches the rows`);
    t.strictSame(answers(followup), before, `${workers} worker(s): the same answers`);
  }
  const [result] = await Promise.all([
    rebuildReadModels(followup.db, { scratchDir: tempDir(t), pageSize: 7, workers: 2 }),
    runWorkload(followup, 6, 60),
  ]);
  t.ok(result.events > 0);
  t.doesNotThrow(() => integrityCheck(followup), 'events applied in the swap are indexed');
  await runWorkload(followup, 7, 30);
  t.doesNotThrow(() => integrityCheck(followup), 'the triggers keep the index after the swap');
});

t.test('rebuilt in place (an upgrade), and filled for a database that had no search yet', async (t) => {
  const dataDir = tempDir(t);
  const first = Followup.open({ dataDir });
  await runWorkload(first, 9, 80);
  const before = answers(first);
  rebuildInPlace(first.db, [searchProjection]);
  t.strictSame(answers(first), before, 'rebuilt in place');
  // A database kept before the search existed: its read model forgotten, its index dropped.
  first.db.exec("DELETE FROM read_model_versions WHERE name = 'search'");
  first.db.exec('DROP TABLE search_index');
  first.db.exec('DROP TABLE search_documents');
  await first.close();
  const reopened = open(t, dataDir);
  t.strictSame(answers(reopened), before, 'filled from the log on opening');
});
