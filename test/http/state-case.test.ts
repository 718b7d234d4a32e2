/**
 * Lists of States inside request bodies (recommending States, other States concerned, a token's States) and the
 * planning commands and reads take a State as the rest of the API does: its code in any case or its name, answered
 * and recorded under its upper-case code; one that names no State is refused naming the field, and changes nothing.
 */
import t from 'tap';
import {
  ADMIN_TOKEN,
  assertProblem,
  eventCount,
  get,
  loadFoundingCase,
  PARA_10,
  post,
  serviceFor,
  uprRecommendation,
} from './harness.js';

t.test('a token for States named in any case, or by name', async (t) => {
  const { app } = await serviceFor(t);
  const issued = await post(app, '/v1/tokens', ADMIN_TOKEN, {
    name: 'NMIRF',
    role: 'state',
    states: ['kaz', 'Uzbekistan'],
  });
  t.equal(issued.status, 201, issued.body);
  t.strictSame(issued.json.states, ['KAZ', 'UZB']);
  const bad = await post(app, '/v1/tokens', ADMIN_TOKEN, { name: 'NMIRF', role: 'state', states: ['kaz', 'xxq'] });
  assertProblem(t, bad, 400, 'an unknown State');
  t.match(bad.json.detail, /states\.1|states\[1\]/, 'names the item of the list');
  t.match(bad.json.detail, /alpha-3 code \(KAZ, in any case\) or its name/);
});

t.test('recommending States and other States concerned in any case', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const upr = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...uprRecommendation,
    paragraph: '137.9',
    recommendingStates: ['nor', 'Fra', 'Germany'],
  });
  t.equal(upr.status, 201, upr.body);
  t.strictSame((await get(app, `/v1/recommendations/${upr.json.id}`)).json.recommendingStates, ['NOR', 'FRA', 'DEU']);

  const joint = await post(app, '/v1/recommendations', tokens.secretariat, {
    state: 'blr',
    mechanism: 'SP',
    symbol: 'A/HRC/53/50',
    paragraph: '102',
    text: 'Release all persons detained for exercising their rights.',
    issuedOn: '2023-06-01',
    mandates: ['arbitrary-detention'],
    otherStatesConcerned: ['ltu'],
  });
  t.equal(joint.status, 201, joint.body);
  t.equal(joint.json.id, 'a-hrc-53-50-102-blr');
  t.match((await get(app, '/v1/recommendations/a-hrc-53-50-102-blr')).json, {
    state: 'BLR',
    otherStatesConcerned: ['LTU'],
  });

  const before = await eventCount(service);
  const bad = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...uprRecommendation,
    paragraph: '137.10',
    recommendingStates: ['nor', 'narnia'],
  });
  assertProblem(t, bad, 400, 'an unknown recommending State');
  t.match(bad.json.detail, /recommendingStates/);
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('the planning commands and reads in any case', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const institution = await post(app, '/v1/institutions', tokens.kaz, {
    state: 'kaz',
    name: "Prosecutor-General's Office",
    kind: 'prosecution',
  });
  t.equal(institution.status, 201, institution.body);
  t.equal(institution.json.id, 'kaz-prosecutor-general-s-office');
  const cluster = await post(app, '/v1/clusters', tokens.kaz, {
    state: 'Kaz',
    title: 'Torture prevention',
    recommendationIds: [PARA_10],
    formedOn: '2023-06-01',
  });
  t.equal(cluster.status, 201, cluster.body);
  const action = await post(app, '/v1/actions', tokens.kaz, {
    state: 'kaz',
    title: 'Train investigators',
    recommendationIds: [PARA_10],
    institution: 'kaz-prosecutor-general-s-office',
    plannedStart: '2023-07-01',
    plannedEnd: '2023-12-31',
    plannedOn: '2023-06-15',
  });
  t.equal(action.status, 201, action.body);
  const indicator = await post(app, '/v1/indicators', tokens.kaz, {
    state: 'Kazakhstan',
    title: 'Share of complaints investigated',
    unit: '%',
    baseline: { value: 20, on: '2023-01-01' },
    target: { value: 80, by: '2025-01-01' },
    recommendationIds: [PARA_10],
  });
  t.equal(indicator.status, 201, indicator.body);

  t.equal((await get(app, '/v1/institutions?state=kaz')).json.items.length, 1);
  const clusters = await get(app, '/v1/clusters?state=kaz');
  t.equal(clusters.json.state, 'KAZ', 'answered under its code');
  t.equal(clusters.json.items.length, 1);
  t.equal((await get(app, '/v1/actions?state=kaz')).json.items.length, 1);
  t.equal((await get(app, '/v1/indicators?state=kaz')).json.items.length, 1);
  const plan = await get(app, '/v1/states/kaz/plan');
  t.equal(plan.status, 200, plan.body);
  t.equal(plan.json.state, 'KAZ');

  const before = await eventCount(service);
  const bad = await post(app, '/v1/institutions', tokens.kaz, { state: 'kz-x', name: 'Ministry', kind: 'ministry' });
  assertProblem(t, bad, 400, 'an unknown State');
  t.match(bad.json.detail, /state/);
  t.equal(await eventCount(service), before, 'nothing appended');
});
