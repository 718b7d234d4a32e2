import t from 'tap';
import {
  actionStream,
  clusterStream,
  indicatorStream,
  institutionStream,
  recommendationStream,
} from '../../src/domain/identity.js';
import { CAT, issue, UPR } from './kazakhstan.js';
import { Log } from './log.js';

const PROSECUTOR = 'kaz-prosecutor-general-s-office';
const INTERIOR = 'kaz-ministry-of-internal-affairs';
const CLUSTER = 'kaz-torture-prevention';
const ACTION = 'kaz-train-investigators';
const INDICATOR = 'kaz-complaints-investigated';

/** A small plan: two institutions, a cluster of a CAT and a UPR recommendation, one action, one indicator. */
function planned() {
  const log = new Log();
  const cat = issue(log, { paragraph: '10' });
  const upr = issue(log, { mechanism: 'UPR', symbol: UPR, paragraph: '137.1', issuedOn: '2020-03-20' });
  log.append(institutionStream(PROSECUTOR), 'InstitutionRegistered', {
    institutionId: PROSECUTOR,
    state: 'KAZ',
    name: "Prosecutor-General's Office",
    kind: 'prosecution',
  });
  log.append(institutionStream(INTERIOR), 'InstitutionRegistered', {
    institutionId: INTERIOR,
    state: 'KAZ',
    name: 'Ministry of Internal Affairs',
  });
  log.append(recommendationStream(cat), 'ResponsibilityAssigned', {
    recommendationId: cat,
    institutionId: PROSECUTOR,
    role: 'lead',
    assignedOn: '2023-06-01',
  });
  log.append(recommendationStream(cat), 'ResponsibilityAssigned', {
    recommendationId: cat,
    institutionId: INTERIOR,
    role: 'support',
    assignedOn: '2023-06-01',
  });
  log.append(clusterStream(CLUSTER), 'ClusterFormed', {
    clusterId: CLUSTER,
    state: 'KAZ',
    title: 'Torture prevention',
    formedOn: '2023-06-01',
    recommendationIds: [cat, upr],
  });
  log.append(actionStream(ACTION), 'ActionPlanned', {
    actionId: ACTION,
    state: 'KAZ',
    title: 'Train investigators',
    recommendationIds: [],
    clusterId: CLUSTER,
    institutionId: PROSECUTOR,
    plannedStart: '2023-07-01',
    plannedEnd: '2023-12-31',
    plannedOn: '2023-06-15',
  });
  log.append(actionStream(ACTION), 'ActionProgressReported', {
    actionId: ACTION,
    on: '2023-09-01',
    status: 'under_way',
    percent: 40,
  });
  log.append(indicatorStream(INDICATOR), 'IndicatorDefined', {
    indicatorId: INDICATOR,
    state: 'KAZ',
    title: 'Complaints investigated',
    unit: '%',
    baseline: { value: 20, on: '2023-01-01' },
    target: { value: 80, by: '2025-01-01' },
    recommendationIds: [cat],
    sdgTargets: ['16.3'],
  });
  log.append(indicatorStream(INDICATOR), 'IndicatorValueRecorded', {
    indicatorId: INDICATOR,
    value: 30,
    on: '2024-01-01',
    source: 'Prosecutor-General: annual statistics',
  });
  return { log, cat, upr };
}

t.test('the plan folds clusters, institutions, actions and indicators on the day asked', async (t) => {
  const { log, cat, upr } = planned();
  const plan = log.models.plans.plan('KAZ', '2024-02-01');
  t.equal(plan.clusters.length, 1);
  const [cluster] = plan.clusters;
  t.strictSame(
    cluster?.members.map((m) => [m.id, m.mechanism, m.lead ?? null]),
    [
      [cat, 'CAT', PROSECUTOR],
      [upr, 'UPR', null],
    ],
  );
  t.equal(cluster?.recommendations.byStatus.no_information, 2);
  t.strictSame(cluster?.actions.late, [
    { id: ACTION, title: 'Train investigators', institutionId: PROSECUTOR, plannedEnd: '2023-12-31' },
  ]);
  t.equal(cluster?.actions.byStatus.under_way, 1);
  t.equal(cluster?.indicators.byTrack.off_track, 1, '30 of 20→80 after half the time is behind the line');
  const prosecutor = plan.institutions.find((i) => i.id === PROSECUTOR);
  t.strictSame(prosecutor?.lead, [cat]);
  t.equal(prosecutor?.actions.late.length, 1);
  const interior = plan.institutions.find((i) => i.id === INTERIOR);
  t.strictSame(interior?.support, [cat]);
  t.equal(interior?.actions.count, 0);
  t.equal(plan.actions[0]?.percent, 40);
  t.equal(plan.indicators[0]?.latest?.value, 30);
  t.equal(plan.indicators[0]?.values[0]?.position, log.events.at(-1)?.position);
});

t.test('asOf: a day before the plan existed shows none of it; a day mid-way shows the action on time', async (t) => {
  const { log } = planned();
  const before = log.models.plans.plan('KAZ', '2023-05-31');
  t.strictSame(before.clusters, []);
  t.strictSame(before.actions, []);
  t.equal(before.institutions.find((i) => i.id === PROSECUTOR)?.lead.length, 0);
  const midway = log.models.plans.plan('KAZ', '2023-10-01');
  t.equal(midway.actions[0]?.late, false);
  t.equal(midway.actions[0]?.status, 'under_way');
  t.equal(midway.indicators[0]?.track, 'no_data', 'no value yet on that day');
});

t.test('the recommendation shows and filters by its lead; withdrawing a lead clears it', async (t) => {
  const { log, cat } = planned();
  const view = log.models.getRecommendation(cat, '2024-01-01');
  t.equal(view?.leadInstitution, PROSECUTOR);
  t.equal(view?.revision, 2, 'the responsibilities moved the revision');
  t.equal(view?.responsibilities?.length, 2);
  const page = log.models.listRecommendations({ leadInstitution: PROSECUTOR, limit: 10, today: '2024-01-01' });
  t.strictSame(
    page.items.map((r) => r.id),
    [cat],
  );
  log.append(recommendationStream(cat), 'ResponsibilityWithdrawn', {
    recommendationId: cat,
    institutionId: PROSECUTOR,
    withdrawnOn: '2024-03-01',
  });
  const after = log.models.getRecommendation(cat, '2024-04-01');
  t.equal(after?.leadInstitution, undefined);
  t.strictSame(
    after?.responsibilities?.map((r) => r.institutionId),
    [INTERIOR],
  );
  t.equal(log.models.plans.plan('KAZ', '2024-02-01').clusters[0]?.members[0]?.lead, PROSECUTOR, 'still lead then');
  t.equal(log.models.plans.plan('KAZ', '2024-03-01').clusters[0]?.members[0]?.lead, undefined, 'not from then');
  t.equal(
    log.models.listRecommendations({ leadInstitution: PROSECUTOR, limit: 10, today: '2024-01-01' }).items.length,
    0,
  );
});

t.test('an event delivered twice changes nothing', async (t) => {
  const { log } = planned();
  const before = log.models.plans.plan('KAZ', '2024-02-01');
  for (const event of log.events) log.redeliver(event);
  t.strictSame(log.models.plans.plan('KAZ', '2024-02-01'), before);
});

t.test('removing a member leaves it out from that day, in its history still', async (t) => {
  const { log, upr } = planned();
  log.append(clusterStream(CLUSTER), 'RecommendationUnclustered', {
    clusterId: CLUSTER,
    recommendationId: upr,
    on: '2024-01-15',
  });
  const cluster = log.models.plans.cluster(CLUSTER, '2024-02-01');
  t.equal(cluster?.members.length, 1);
  t.equal(cluster?.history.find((m) => m.recommendationId === upr)?.removedOn, '2024-01-15');
  t.equal(log.models.plans.cluster(CLUSTER, '2024-01-14')?.members.length, 2);
  t.equal(cluster?.revision, 1);
  void CAT;
});
