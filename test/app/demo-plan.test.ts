import t from 'tap';
import { loadFoundingCase } from '../../scripts/demo/load.js';
import { CLUSTER_ID, INDICATOR_ID, INTERIOR, UPR_ID } from '../../scripts/demo/plan.js';
import { Followup } from '../../src/app/followup.js';

t.test('the demo grows a plan: a CAT and UPR cluster, three institutions, actions and an indicator', async (t) => {
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  await loadFoundingCase(followup);
  const plan = followup.readModels.plans.plan('KAZ', '2026-01-01');
  t.equal(plan.institutions.length, 3);
  const cluster = plan.clusters.find((c) => c.id === CLUSTER_ID);
  t.strictSame([...new Set(cluster?.members.map((m) => m.mechanism))].sort(), ['CAT', 'UPR']);
  t.ok(cluster?.members.some((m) => m.id === UPR_ID));
  t.strictSame(
    plan.actions.map((a) => [a.status, a.late]),
    [
      ['delayed', true],
      ['completed', false],
      ['under_way', false],
    ],
  );
  t.equal(plan.institutions.find((i) => i.id === INTERIOR)?.actions.late.length, 1);
  const indicator = plan.indicators.find((i) => i.id === INDICATOR_ID);
  t.equal(indicator?.values.length, 3);
  t.equal(followup.readModels.getRecommendation('cat-c-kaz-co-4-8', '2026-01-01')?.status, 'in_progress');
});
