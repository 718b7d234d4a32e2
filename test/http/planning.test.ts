import t from 'tap';
import {
  assertProblem,
  eventCount,
  get,
  loadFoundingCase,
  PARA_10,
  PARA_12A,
  post,
  type Service,
  serviceFor,
  UPR_ID,
} from './harness.js';

const PROSECUTOR = 'kaz-prosecutor-general-s-office';
const INTERIOR = 'kaz-ministry-of-internal-affairs';
const CLUSTER = 'kaz-torture-prevention';
const ACTION = 'kaz-train-investigators-of-torture-complaints';
const INDICATOR = 'kaz-share-of-torture-complaints-investigated';

const del = (service: Service, url: string, token: string, headers: Record<string, string> = {}) =>
  service.app.inject({ method: 'DELETE', url, headers: { authorization: `Bearer ${token}`, ...headers } });

/** The whole loop over REST: institutions, responsibilities, a cluster, an action and its progress, an indicator. */
async function planned(service: Service) {
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const steps: [string, unknown][] = [
    ['/v1/institutions', { state: 'KAZ', name: "Prosecutor-General's Office", kind: 'prosecution' }],
    ['/v1/institutions', { state: 'KAZ', name: 'Ministry of Internal Affairs', kind: 'ministry' }],
    [
      `/v1/recommendations/${PARA_10}/responsibilities`,
      { institution: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01' },
    ],
    [
      `/v1/recommendations/${PARA_10}/responsibilities`,
      { institution: INTERIOR, role: 'support', assignedOn: '2023-06-01' },
    ],
    [
      '/v1/clusters',
      {
        state: 'KAZ',
        title: 'Torture prevention',
        theme: 'Torture',
        recommendationIds: [PARA_10, UPR_ID],
        formedOn: '2023-06-01',
      },
    ],
    [
      '/v1/actions',
      {
        state: 'KAZ',
        title: 'Train investigators of torture complaints',
        clusterId: CLUSTER,
        recommendationIds: [PARA_10],
        institution: PROSECUTOR,
        plannedStart: '2023-07-01',
        plannedEnd: '2023-12-31',
        budget: { amount: 1000000, currency: 'KZT' },
        plannedOn: '2023-06-15',
      },
    ],
    [`/v1/actions/${ACTION}/progress`, { on: '2023-09-01', status: 'under_way', percent: 40 }],
    [
      '/v1/indicators',
      {
        state: 'KAZ',
        title: 'Share of torture complaints investigated',
        unit: '%',
        baseline: { value: 20, on: '2023-01-01' },
        target: { value: 80, by: '2025-01-01' },
        recommendationIds: [PARA_10],
        sdgTargets: ['16.3'],
      },
    ],
    [`/v1/indicators/${INDICATOR}/values`, { value: 30, on: '2024-01-01', source: 'Prosecutor-General statistics' }],
  ];
  const answers = [];
  for (const [url, body] of steps) {
    const answer = await post(app, url, tokens.kaz, body);
    if (answer.status >= 300) throw new Error(`${url} answered ${answer.status}: ${answer.body}`);
    answers.push(answer);
  }
  return answers;
}

t.test('the loop over REST: each command answers as the contract says, and the reads show it', async (t) => {
  const service = await serviceFor(t);
  const { app } = service;
  const answers = await planned(service);
  const [institution, , lead, , cluster, action, progress, indicator, value] = answers;
  t.equal(institution?.status, 201);
  t.equal(institution?.json.id, PROSECUTOR);
  t.equal(institution?.headers.location, `/v1/institutions/${PROSECUTOR}`);
  t.equal(lead?.status, 200);
  t.strictSame(lead?.json.events, ['ResponsibilityAssigned']);
  t.equal(cluster?.status, 201);
  t.equal(cluster?.headers.location, `/v1/clusters/${CLUSTER}`);
  t.equal(action?.status, 201);
  t.equal(action?.json.id, ACTION);
  t.equal(progress?.status, 200);
  t.equal(progress?.headers.etag, 'W/"1"');
  t.equal(indicator?.status, 201);
  t.equal(value?.json.revision, 1);

  const institutions = await get(app, '/v1/institutions?state=KAZ');
  t.strictSame(
    institutions.json.items.map((i: { id: string }) => i.id),
    [INTERIOR, PROSECUTOR],
  );
  t.equal((await get(app, '/v1/institutions?state=UZB')).json.items.length, 0);
  t.equal((await get(app, `/v1/institutions/${PROSECUTOR}`)).json.kind, 'prosecution');

  const recommendation = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(recommendation.json.leadInstitution, PROSECUTOR);
  t.equal(recommendation.json.responsibilities.length, 2);
  t.equal(recommendation.headers.etag, 'W/"2"');
  const led = await get(app, `/v1/recommendations?leadInstitution=${PROSECUTOR}`);
  t.strictSame(
    led.json.items.map((r: { id: string }) => r.id),
    [PARA_10],
  );

  const clusters = await get(app, '/v1/clusters?state=KAZ&asOf=2024-02-01');
  t.equal(clusters.json.items.length, 1);
  const one = await get(app, `/v1/clusters/${CLUSTER}?asOf=2024-02-01`);
  t.equal(one.status, 200);
  t.strictSame(
    one.json.members.map((m: { id: string; mechanism: string; status: string }) => [m.id, m.mechanism, m.status]),
    [
      [PARA_10, 'CAT', 'no_information'],
      [UPR_ID, 'UPR', 'no_information'],
    ],
    'a CAT and a UPR recommendation in one cluster, with their status',
  );
  t.equal(one.json.members[0].lead, PROSECUTOR);
  t.equal(one.json.actions.late[0].id, ACTION);

  const late = await get(app, '/v1/actions?state=KAZ&late=true&asOf=2024-02-01');
  t.strictSame(
    late.json.items.map((a: { id: string }) => a.id),
    [ACTION],
  );
  t.equal((await get(app, '/v1/actions?state=KAZ&late=true&asOf=2023-10-01')).json.items.length, 0, 'not late yet');
  const actionView = await get(app, `/v1/actions/${ACTION}?asOf=2024-02-01`);
  t.equal(actionView.json.status, 'under_way');
  t.equal(actionView.json.percent, 40);
  t.equal(actionView.json.late, true);

  const indicatorView = await get(app, `/v1/indicators/${INDICATOR}?asOf=2024-02-01`);
  t.equal(indicatorView.json.track, 'off_track');
  t.equal(indicatorView.json.values.length, 1);
  t.strictSame(indicatorView.json.sdgTargets, ['16.3']);
  t.equal((await get(app, '/v1/indicators?state=KAZ')).json.items.length, 1);

  const todo = await get(app, `/v1/institutions/${PROSECUTOR}/todo?asOf=2024-02-01`);
  t.equal(todo.json.actions[0].id, ACTION);
  t.equal(todo.json.recommendations[0].role, 'lead');
});

t.test('the plan on a day: per cluster and institution; asOf before the plan shows none of it', async (t) => {
  const service = await serviceFor(t);
  const { app } = service;
  await planned(service);
  const plan = await get(app, '/v1/states/KAZ/plan?asOf=2024-02-01');
  t.equal(plan.status, 200);
  t.equal(plan.json.asOf, '2024-02-01');
  const [cluster] = plan.json.clusters;
  t.equal(cluster.recommendations.count, 2);
  t.equal(cluster.actions.byStatus.under_way, 1);
  t.equal(cluster.actions.late[0].title, 'Train investigators of torture complaints');
  t.equal(cluster.indicators.byTrack.off_track, 1);
  const prosecutor = plan.json.institutions.find((i: { id: string }) => i.id === PROSECUTOR);
  t.strictSame(prosecutor.lead, [PARA_10]);
  t.equal(prosecutor.actions.late.length, 1);
  const interior = plan.json.institutions.find((i: { id: string }) => i.id === INTERIOR);
  t.strictSame(interior.support, [PARA_10]);

  const before = await get(app, '/v1/states/KAZ/plan?asOf=2023-05-31');
  t.strictSame(before.json.clusters, []);
  t.strictSame(before.json.actions, []);
  const midway = await get(app, '/v1/states/KAZ/plan?asOf=2023-10-01');
  t.equal(midway.json.actions[0].late, false);
  t.equal(midway.json.indicators[0].track, 'no_data');
  assertProblem(t, await get(app, '/v1/states/KAZ/plan?asOf=yesterday'), 400);
  assertProblem(t, await get(app, '/v1/states/KAZ/plan?since=2020-01-01'), 400);
});

t.test('members and responsibilities are removed from a day on; the history keeps them', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await planned(service);
  const added = await post(app, `/v1/clusters/${CLUSTER}/recommendations`, tokens.kaz, {
    recommendationIds: [PARA_12A],
    on: '2023-07-01',
  });
  t.equal(added.status, 200);
  t.strictSame(added.json.events, ['RecommendationsClustered']);
  const removed = await del(service, `/v1/clusters/${CLUSTER}/recommendations/${UPR_ID}?on=2024-01-15`, tokens.kaz);
  t.equal(removed.statusCode, 200);
  t.strictSame(removed.json().events, ['RecommendationUnclustered']);
  const cluster = await get(app, `/v1/clusters/${CLUSTER}?asOf=2024-02-01`);
  t.strictSame(
    cluster.json.members.map((m: { id: string }) => m.id),
    [PARA_10, PARA_12A],
  );
  t.equal(
    cluster.json.history.find((m: { recommendationId: string }) => m.recommendationId === UPR_ID).removedOn,
    '2024-01-15',
  );
  const earlier = await get(app, `/v1/clusters/${CLUSTER}?asOf=2024-01-14`);
  t.equal(earlier.json.members.length, 3);

  const withdrawn = await del(
    service,
    `/v1/recommendations/${PARA_10}/responsibilities/${PROSECUTOR}?on=2024-03-01`,
    tokens.kaz,
  );
  t.equal(withdrawn.statusCode, 200);
  t.strictSame(withdrawn.json().events, ['ResponsibilityWithdrawn']);
  const recommendation = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(recommendation.json.leadInstitution, undefined);
  const again = await del(service, `/v1/recommendations/${PARA_10}/responsibilities/${PROSECUTOR}`, tokens.kaz);
  t.equal(again.statusCode, 409, 'no longer responsible');
  const newLead = await post(app, `/v1/recommendations/${PARA_10}/responsibilities`, tokens.kaz, {
    institution: INTERIOR,
    role: 'lead',
    assignedOn: '2024-03-01',
  });
  t.equal(newLead.status, 409, 'the ministry already supports it: withdraw first');
});

t.test('a completed action records its measure on a recommendation it serves', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await planned(service);
  const early = await post(app, `/v1/actions/${ACTION}/measures`, tokens.kaz, { recommendationId: PARA_10 });
  assertProblem(t, early, 422, 'only a completed action records a measure');
  await post(app, `/v1/actions/${ACTION}/progress`, tokens.kaz, { on: '2024-02-10', status: 'completed' });
  const measure = await post(app, `/v1/actions/${ACTION}/measures`, tokens.kaz, { recommendationId: PARA_10 });
  t.equal(measure.status, 200);
  t.equal(measure.json.id, PARA_10);
  t.strictSame(measure.json.events, ['MeasureImplemented']);
  const recommendation = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(recommendation.json.status, 'in_progress');
  t.equal(recommendation.json.measures[0].institution, "Prosecutor-General's Office");
  t.equal(recommendation.json.measures[0].actionId, ACTION);
  t.equal(recommendation.json.measures[0].implementedOn, '2024-02-10');
  const after = await post(app, `/v1/actions/${ACTION}/progress`, tokens.kaz, { on: '2024-03-01', status: 'delayed' });
  assertProblem(t, after, 409, 'no progress after completion');
});

t.test('a State token plans for its own State only; secretariat and readers read', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await planned(service);
  const before = await eventCount(service);
  const institution = { state: 'KAZ', name: 'Supreme Court' };
  assertProblem(t, await post(app, '/v1/institutions', tokens.uzb, institution), 403, 'another State');
  assertProblem(t, await post(app, '/v1/institutions', tokens.secretariat, institution), 403, 'secretariat');
  assertProblem(t, await post(app, '/v1/institutions', tokens.reader, institution), 403, 'reader');
  assertProblem(t, await post(app, '/v1/institutions', undefined, institution), 401, 'anonymous');
  assertProblem(
    t,
    await post(app, `/v1/actions/${ACTION}/progress`, tokens.uzb, { on: '2024-01-01', status: 'delayed' }),
    403,
    'progress on another State action',
  );
  assertProblem(
    t,
    await post(app, `/v1/indicators/${INDICATOR}/values`, tokens.uzb, { value: 1, on: '2024-01-01', source: 'x' }),
    403,
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${PARA_10}/responsibilities`, tokens.uzb, {
      institution: PROSECUTOR,
      role: 'support',
      assignedOn: '2024-01-01',
    }),
    403,
  );
  assertProblem(
    t,
    await post(app, `/v1/clusters/${CLUSTER}/recommendations`, tokens.uzb, { recommendationIds: [PARA_12A] }),
    403,
  );
  const removal = await del(service, `/v1/clusters/${CLUSTER}/recommendations/${UPR_ID}`, tokens.reader);
  t.equal(removal.statusCode, 403);
  t.equal(await eventCount(service), before, 'nothing appended');
  for (const token of [tokens.secretariat, tokens.reader, undefined]) {
    t.equal((await get(app, '/v1/states/KAZ/plan', token)).status, 200);
    t.equal((await get(app, '/v1/institutions?state=KAZ', token)).status, 200);
  }
  t.equal((await post(app, '/v1/institutions', tokens.admin, institution)).status, 201, 'admin plans for any');
});

t.test('bad input: problem+json, nothing changed', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await planned(service);
  const before = await eventCount(service);
  assertProblem(t, await post(app, '/v1/institutions', tokens.kaz, { state: 'KAZ' }), 400, 'no name');
  assertProblem(
    t,
    await post(app, '/v1/institutions', tokens.kaz, { state: 'KAZ', name: "Prosecutor-General's Office" }),
    409,
    'registered twice',
  );
  assertProblem(
    t,
    await post(app, '/v1/actions', tokens.kaz, {
      state: 'KAZ',
      title: 'Backwards',
      recommendationIds: [PARA_10],
      institution: PROSECUTOR,
      plannedStart: '2024-01-01',
      plannedEnd: '2023-01-01',
    }),
    422,
    'dates out of order',
  );
  assertProblem(
    t,
    await post(app, '/v1/indicators', tokens.kaz, {
      state: 'KAZ',
      title: 'Bad SDG',
      unit: '%',
      baseline: { value: 1, on: '2023-01-01' },
      target: { value: 2, by: '2024-01-01' },
      recommendationIds: [],
      sdgTargets: ['99.9'],
    }),
    400,
    'not an SDG target',
  );
  assertProblem(
    t,
    await post(app, `/v1/indicators/${INDICATOR}/values`, tokens.kaz, { value: 5, on: '2022-01-01', source: 'x' }),
    422,
    'before the baseline',
  );
  assertProblem(
    t,
    await post(app, '/v1/clusters', tokens.kaz, { state: 'KAZ', title: 'X', recommendationIds: ['nope'] }),
    422,
    'unknown recommendation',
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${PARA_12A}/responsibilities`, tokens.kaz, {
      institution: 'kaz-nobody',
      role: 'lead',
      assignedOn: '2024-01-01',
    }),
    422,
    'unknown institution',
  );
  assertProblem(t, await get(app, '/v1/clusters/nope'), 404);
  assertProblem(t, await get(app, '/v1/actions/nope'), 404);
  assertProblem(t, await get(app, '/v1/indicators/nope'), 404);
  assertProblem(t, await get(app, '/v1/institutions/nope/todo'), 404);
  assertProblem(
    t,
    await post(app, '/v1/actions/nope/progress', tokens.kaz, { on: '2024-01-01', status: 'delayed' }),
    404,
  );
  t.equal(await eventCount(service), before);
});

t.test('If-Match, Idempotency-Key and the audit history hold for planning commands', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await planned(service);
  const stale = await post(
    app,
    `/v1/actions/${ACTION}/progress`,
    tokens.kaz,
    { on: '2023-10-01', status: 'delayed' },
    { 'if-match': 'W/"0"' },
  );
  assertProblem(t, stale, 412);
  const fresh = await post(
    app,
    `/v1/actions/${ACTION}/progress`,
    tokens.kaz,
    { on: '2023-10-01', status: 'delayed' },
    { 'if-match': 'W/"1"' },
  );
  t.equal(fresh.status, 200);
  const staleRemoval = await del(service, `/v1/clusters/${CLUSTER}/recommendations/${UPR_ID}`, tokens.kaz, {
    'if-match': 'W/"5"',
  });
  t.equal(staleRemoval.statusCode, 412);

  const body = { value: 40, on: '2024-06-01', source: 'statistics' };
  const key = { 'idempotency-key': 'value-2024-06' };
  const first = await post(app, `/v1/indicators/${INDICATOR}/values`, tokens.kaz, body, key);
  const count = await eventCount(service);
  const retry = await post(app, `/v1/indicators/${INDICATOR}/values`, tokens.kaz, body, key);
  t.equal(retry.status, first.status);
  t.strictSame(retry.json, first.json);
  t.equal(await eventCount(service), count, 'the retry appended nothing');
  const other = await post(app, `/v1/indicators/${INDICATOR}/values`, tokens.kaz, { ...body, value: 41 }, key);
  assertProblem(t, other, 422, 'same key, another body');

  const history = await get(app, `/v1/recommendations/${PARA_10}/history`);
  const assigned = history.json.events.filter((e: { type: string }) => e.type === 'ResponsibilityAssigned');
  t.equal(assigned.length, 2);
  t.equal(assigned[0].actor.name, 'NMIRF Kazakhstan');
  const log = await get(app, `/v1/events?stream=action-${ACTION}`, tokens.admin);
  t.equal(log.status, 200);
});

t.test('the OpenAPI document covers every planning route', async (t) => {
  const service = await serviceFor(t);
  const document = await get(service.app, '/openapi.json');
  const paths = Object.keys(document.json.paths);
  for (const path of [
    '/v1/institutions',
    '/v1/institutions/{id}',
    '/v1/institutions/{id}/todo',
    '/v1/recommendations/{id}/responsibilities',
    '/v1/recommendations/{id}/responsibilities/{institution}',
    '/v1/clusters',
    '/v1/clusters/{id}',
    '/v1/clusters/{id}/recommendations',
    '/v1/clusters/{id}/recommendations/{recommendationId}',
    '/v1/actions',
    '/v1/actions/{id}',
    '/v1/actions/{id}/progress',
    '/v1/actions/{id}/measures',
    '/v1/indicators',
    '/v1/indicators/{id}',
    '/v1/indicators/{id}/values',
    '/v1/states/{state}/plan',
    '/v1/states/{state}/progress-report',
  ]) {
    t.ok(paths.includes(path), path);
  }
  t.ok(document.json.paths['/v1/states/{state}/plan'].get.parameters.some((p: { name: string }) => p.name === 'asOf'));
});
