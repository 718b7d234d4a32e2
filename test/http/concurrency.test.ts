import t from 'tap';
import {
  assertProblem,
  concludingObservations,
  eventCount,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  post,
  presentation,
  REPORT_ID,
  serviceFor,
  submitReport,
} from './harness.js';

const MEASURES = `/v1/recommendations/${PARA_10}/measures`;

t.test('If-Match: appended only at the named revision, else 412 and nothing appended', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const first = await post(app, MEASURES, tokens.kaz, measure, { 'if-match': 'W/"0"' });
  t.equal(first.status, 200);
  t.equal(first.headers.etag, 'W/"1"');
  const second = await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Second' }, { 'if-match': '"1"' });
  t.equal(second.status, 200, 'the strong form names the revision too');
  t.equal(second.json.revision, 2);

  const before = await eventCount(service);
  for (const stale of ['W/"0"', 'W/"1"', '"1"', 'W/"3"']) {
    const answer = await post(app, MEASURES, tokens.kaz, { ...measure, title: 'Stale' }, { 'if-match': stale });
    assertProblem(t, answer, 412, `If-Match ${stale}`);
  }
  t.equal(await eventCount(service), before, 'nothing appended');
  const read = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(read.json.revision, 2);
  t.notOk(read.json.measures.some((m: { title: string }) => m.title === 'Stale'));

  const report = await post(app, '/v1/reports', tokens.kaz, { ...submitReport, symbol: 'CAT/C/KAZ/5', cycle: 5 });
  t.equal(report.status, 201);
  const presented = await post(app, '/v1/reports/cat-c-kaz-5/presentation', tokens.secretariat, presentation, {
    'if-match': 'W/"1"',
  });
  assertProblem(t, presented, 412, 'a stale If-Match on a report');
  const current = await post(app, '/v1/reports/cat-c-kaz-5/presentation', tokens.secretariat, presentation, {
    'if-match': report.headers.etag as string,
  });
  t.equal(current.status, 200, 'the ETag of the last answer is a valid If-Match');
  const reportEtag = (await get(app, `/v1/reports/${REPORT_ID}`)).headers.etag as string;
  const adopted = await post(
    app,
    `/v1/reports/${REPORT_ID}/concluding-observations`,
    tokens.secretariat,
    concludingObservations,
    { 'if-match': reportEtag },
  );
  t.equal(adopted.status, 409, 'the ETag of a read is a valid If-Match; the lifecycle still rules');
});

t.test('20 parallel commands without If-Match: all answered 200, revisions 1..20, none lost', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) => post(app, MEASURES, tokens.kaz, { ...measure, title: `Measure ${i}` })),
  );
  t.strictSame(
    answers.map((a) => a.status),
    Array(20).fill(200),
  );
  t.strictSame(
    answers.map((a) => a.json.revision).sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, i) => i + 1),
    'each answer names its own revision',
  );
  t.equal(new Set(answers.map((a) => a.json.position)).size, 20, 'each its own position');

  const history = await get(app, `/v1/recommendations/${PARA_10}/history`);
  const events = history.json.events as { revision: number; type: string; data: { title?: string } }[];
  t.strictSame(
    events.map((e) => e.revision),
    Array.from({ length: 21 }, (_, i) => i),
    'revisions contiguous from 0, no duplicate',
  );
  const titles = events.slice(1).map((e) => e.data.title);
  t.strictSame(
    [...titles].sort(),
    Array.from({ length: 20 }, (_, i) => `Measure ${i}`).sort(),
    'every measure recorded once',
  );
  const read = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(read.json.revision, 20);
  t.equal(read.json.measures.length, 20);
});

t.test('parallel commands naming the same revision: exactly one wins, the others get 412', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      post(app, MEASURES, tokens.kaz, { ...measure, title: `Racer ${i}` }, { 'if-match': 'W/"0"' }),
    ),
  );
  const statuses = answers.map((a) => a.status).sort();
  t.strictSame(statuses, [200, ...Array(9).fill(412)]);
  t.equal(await eventCount(service), before + 1, 'one event appended');
  const history = await get(app, `/v1/recommendations/${PARA_10}/history`);
  t.strictSame(
    history.json.events.map((e: { revision: number }) => e.revision),
    [0, 1],
  );
});

t.test('parallel creates of one report: one 201, the others 409', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  const answers = await Promise.all(
    Array.from({ length: 8 }, () => post(app, '/v1/reports', tokens.kaz, submitReport)),
  );
  t.strictSame(answers.map((a) => a.status).sort(), [201, ...Array(7).fill(409)]);
  const events = await get(app, `/v1/events?stream=report-${REPORT_ID}`);
  t.equal(events.json.events.length, 1);
});
