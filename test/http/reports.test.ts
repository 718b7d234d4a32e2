import t from 'tap';
import {
  assertProblem,
  concludingObservations,
  eventCount,
  get,
  PARA_10,
  PARA_12A,
  paragraph10,
  paragraph12a,
  post,
  presentation,
  REPORT_ID,
  serviceFor,
  submitReport,
} from './harness.js';

t.test('the report lifecycle: submitted, presented, concluded, each read back at once', async (t) => {
  const { app, tokens } = await serviceFor(t);

  const submitted = await post(app, '/v1/reports', tokens.kaz, submitReport);
  t.equal(submitted.status, 201);
  t.equal(submitted.headers.location, `/v1/reports/${REPORT_ID}`);
  t.equal(submitted.headers.etag, 'W/"0"');
  t.match(submitted.headers['content-type'], /^application\/json/);
  t.strictSame(Object.keys(submitted.json).sort(), ['events', 'id', 'position', 'revision']);
  t.equal(submitted.json.id, REPORT_ID);
  t.equal(submitted.json.revision, 0);
  t.type(submitted.json.position, 'string');
  t.match(submitted.json.position, /^[1-9]\d*$/);
  t.strictSame(submitted.json.events, ['ReportSubmitted']);

  const afterSubmit = await get(app, `/v1/reports/${REPORT_ID}`);
  t.equal(afterSubmit.status, 200);
  t.equal(afterSubmit.headers.etag, 'W/"0"');
  t.strictSame(afterSubmit.json, {
    id: REPORT_ID,
    ...submitReport,
    recommendationIds: [],
    revision: 0,
  });

  const presented = await post(app, `/v1/reports/${REPORT_ID}/presentation`, tokens.secretariat, presentation);
  t.equal(presented.status, 200);
  t.equal(presented.headers.etag, 'W/"1"');
  t.equal(presented.headers.location, undefined, 'no Location on a command on an existing report');
  t.strictSame(presented.json, {
    id: REPORT_ID,
    revision: 1,
    position: presented.json.position,
    events: ['ReportPresented'],
  });
  t.ok(BigInt(presented.json.position) > BigInt(submitted.json.position), 'positions grow');
  const afterPresent = await get(app, `/v1/reports/${REPORT_ID}`);
  t.strictSame(afterPresent.json.presentation, presentation);
  t.equal(afterPresent.json.revision, 1);

  const concluded = await post(
    app,
    `/v1/reports/${REPORT_ID}/concluding-observations`,
    tokens.secretariat,
    concludingObservations,
  );
  t.equal(concluded.status, 200);
  t.equal(concluded.headers.etag, 'W/"2"');
  t.strictSame(concluded.json.events, ['ConcludingObservationsAdopted']);
  t.equal(concluded.json.revision, 2);

  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, paragraph10)).status, 201);
  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, paragraph12a)).status, 201);
  const report = await get(app, `/v1/reports/${REPORT_ID}`);
  t.equal(report.status, 200);
  t.equal(report.headers.etag, 'W/"2"');
  t.strictSame(
    { ...report.json, recommendationIds: [...report.json.recommendationIds].sort() },
    {
      id: REPORT_ID,
      ...submitReport,
      presentation,
      concludingObservations,
      recommendationIds: [PARA_10, PARA_12A],
      revision: 2,
    },
  );
});

t.test('procedure defaults to standard; the secretariat may submit for any State', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const { procedure: _, ...standard } = { ...submitReport, state: 'UZB', symbol: 'CAT/C/UZB/5', cycle: 5 };
  const submitted = await post(app, '/v1/reports', tokens.secretariat, standard);
  t.equal(submitted.status, 201);
  t.equal(submitted.headers.location, '/v1/reports/cat-c-uzb-5');
  const report = await get(app, '/v1/reports/cat-c-uzb-5');
  t.equal(report.json.procedure, 'standard');
  t.equal(report.json.state, 'UZB');
});

t.test('the report lifecycle refuses what conflicts with it', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const present = (body: unknown = presentation) =>
    post(app, `/v1/reports/${REPORT_ID}/presentation`, tokens.secretariat, body);
  const conclude = (body: unknown = concludingObservations) =>
    post(app, `/v1/reports/${REPORT_ID}/concluding-observations`, tokens.secretariat, body);

  assertProblem(t, await present(), 404, 'presenting an unknown report');
  assertProblem(t, await get(app, `/v1/reports/${REPORT_ID}`), 404, 'reading an unknown report');

  t.equal((await post(app, '/v1/reports', tokens.kaz, submitReport)).status, 201);
  const before = await eventCount(service);
  assertProblem(t, await post(app, '/v1/reports', tokens.kaz, submitReport), 409, 'submitting it twice');
  assertProblem(t, await conclude(), 409, 'concluding observations before the presentation');
  assertProblem(t, await present({ ...presentation, presentedOn: '2018-12-04' }), 422, 'presented before submitted');
  t.equal((await present()).status, 200);
  assertProblem(t, await present(), 409, 'presenting it twice');
  assertProblem(t, await conclude({ ...concludingObservations, adoptedOn: '2023-05-01' }), 422, 'adopted too early');
  t.equal((await conclude()).status, 200);
  assertProblem(t, await conclude(), 409, 'adopting observations twice');

  const report = await get(app, `/v1/reports/${REPORT_ID}`);
  t.equal(report.json.revision, 2, 'nothing refused was appended to the report');
  t.equal(await eventCount(service), before + 2, 'only the two accepted commands appended');
});
