/** `followup replay` rebuilds the planning read models: the plan served after a rebuild is the plan served before. */
import t from 'tap';
import { loadFoundingCase } from '../../../scripts/demo/load.js';
import { Followup } from '../../../src/app/followup.js';
import { dumpReadModels, rebuildReadModels } from '../../../src/app/rebuild/rebuild.js';
import { tempDir } from '../import/uhri-fixtures.js';

t.test('the demo plan rebuilt from the log, in one thread or two, equals the live one', async (t) => {
  const followup = Followup.open({ dataDir: tempDir(t) });
  t.teardown(() => followup.close());
  await loadFoundingCase(followup);
  const plan = followup.readModels.plans.plan('KAZ', '2025-01-15');
  const live = dumpReadModels(followup.db);
  for (const table of ['institutions', 'responsibilities', 'clusters', 'cluster_members', 'actions', 'indicators']) {
    t.ok((live[table]?.length ?? 0) > 0, `${table} has rows`);
  }
  for (const workers of [1, 2]) {
    followup.db.exec('DELETE FROM action_progress; DELETE FROM cluster_members; UPDATE institutions SET name = 0');
    await rebuildReadModels(followup.db, { scratchDir: tempDir(t), workers });
    t.strictSame(dumpReadModels(followup.db), live, `${workers} worker(s): identical tables`);
    t.strictSame(followup.readModels.plans.plan('KAZ', '2025-01-15'), plan, `${workers} worker(s): the same plan`);
  }
});
