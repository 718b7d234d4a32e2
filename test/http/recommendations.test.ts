import t from 'tap';
import {
  assertProblem,
  eventCount,
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  PARA_12A,
  paragraph10,
  post,
  REPORT_ID,
  serviceFor,
  UPR_ID,
  uprRecommendation,
} from './harness.js';

t.test('issuing a recommendation answers 201 with Location and ETag, and it reads back at once', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const issued = await post(app, '/v1/recommendations', tokens.secretariat, {
    ...paragraph10,
    paragraph: '12(b)',
    followUp: undefined,
  });
  t.equal(issued.status, 201);
  t.equal(issued.headers.location, '/v1/recommendations/cat-c-kaz-co-4-12-b');
  t.equal(issued.headers.etag, 'W/"0"');
  t.strictSame(issued.json, {
    id: 'cat-c-kaz-co-4-12-b',
    revision: 0,
    position: issued.json.position,
    events: ['RecommendationIssued'],
  });
  t.match(issued.json.position, /^\d+$/);

  const read = await get(app, `/v1/recommendations/${PARA_10}`);
  t.equal(read.status, 200);
  t.equal(read.headers.etag, 'W/"0"');
  t.strictSame(read.json, {
    id: PARA_10,
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    text: paragraph10.text,
    language: 'en',
    languages: ['en'],
    issuedOn: '2023-05-10',
    reportId: REPORT_ID,
    themes: paragraph10.themes,
    sdgs: paragraph10.sdgs,
    affectedPersons: paragraph10.affectedPersons,
    recommendingStates: [],
    status: 'no_information',
    commitment: 'accepted',
    measures: [],
    followUp: {
      deadline: '2024-05-12',
      deadlineFrom: 'given',
      replied: false,
      overdue: true,
      standing: 'overdue',
      dialogue: [],
    },
    assessment: null,
    assessments: [],
    revision: 0,
  });
  const upr = await get(app, `/v1/recommendations/${UPR_ID}`);
  t.strictSame(upr.json.recommendingStates, ['NOR', 'ARM']);
  t.equal(upr.json.followUp, null);
  t.equal(upr.json.reportId, undefined, 'no reportId when none was given');
});

t.test(
  'every command on a recommendation answers 200 with the next revision and is seen by the next read',
  async (t) => {
    const service = await serviceFor(t);
    const { app, tokens } = service;
    await loadFoundingCase(service);
    const url = `/v1/recommendations/${PARA_10}`;

    const first = await post(app, `${url}/measures`, tokens.kaz, measure);
    t.equal(first.status, 200);
    t.equal(first.headers.etag, 'W/"1"');
    t.equal(first.headers.location, undefined);
    t.strictSame(first.json, {
      id: PARA_10,
      revision: 1,
      position: first.json.position,
      events: ['MeasureImplemented'],
    });
    let read = await get(app, url);
    t.equal(read.json.status, 'in_progress');
    t.equal(read.json.revision, 1);
    t.equal(read.headers.etag, 'W/"1"');
    t.strictSame(
      read.json.measures.map((m: { title: string }) => m.title),
      [measure.title],
    );

    const evidence = [{ title: 'Law text', url: 'https://adilet.zan.kz/rus/docs/Z2300000208' }];
    const completing = {
      ...measure,
      title: 'Criminal Code amended',
      description: 'Article 146',
      evidence,
      completes: true,
    };
    const second = await post(app, `${url}/measures`, tokens.admin, completing);
    t.equal(second.status, 200);
    t.equal(second.headers.etag, 'W/"2"');
    read = await get(app, url);
    t.equal(read.json.status, 'implemented');
    t.match(read.json.measures[1], { ...completing, recordedAt: String });

    const reply = await post(app, `${url}/follow-up-replies`, tokens.kaz, {
      receivedOn: '2024-05-13',
      symbol: 'CAT/C/KAZ/FCO/4',
      summary: 'Follow-up information on paragraphs 10 to 15',
    });
    t.equal(reply.status, 200);
    t.strictSame(reply.json.events, ['FollowUpReplyReceived']);
    t.equal(reply.json.revision, 3);
    read = await get(app, url);
    t.match(read.json.followUp, {
      deadline: '2024-05-12',
      replied: true,
      overdue: false,
      standing: 'replied_late',
      repliedOn: '2024-05-13',
      dialogue: [{ kind: 'reply', on: '2024-05-13', symbol: 'CAT/C/KAZ/FCO/4' }],
    });

    const secretariatReply = await post(app, `/v1/recommendations/${PARA_12A}/follow-up-replies`, tokens.secretariat, {
      receivedOn: '2024-05-13',
    });
    t.equal(secretariatReply.status, 200, 'the secretariat may record a follow-up reply too');

    const assessed = await post(app, `${url}/assessments`, tokens.secretariat, {
      grade: 'B',
      assessedOn: '2025-05-02',
      session: 82,
      comment: 'Initial steps taken',
    });
    t.equal(assessed.status, 200);
    t.equal(assessed.headers.etag, 'W/"4"');
    t.strictSame(assessed.json.events, ['FollowUpAssessed']);
    read = await get(app, url);
    t.match(read.json.assessment, { grade: 'B', level: 'partially_satisfactory', assessedOn: '2025-05-02' });
    t.equal(read.json.revision, 4);

    const responded = await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, {
      position: 'supported_in_part',
      respondedOn: '2020-06-30',
      comment: 'Under consideration',
    });
    t.equal(responded.status, 200);
    t.strictSame(responded.json, {
      id: UPR_ID,
      revision: 1,
      position: responded.json.position,
      events: ['RecommendationResponded'],
    });
    const upr = await get(app, `/v1/recommendations/${UPR_ID}`);
    t.strictSame(upr.json.response, {
      position: 'supported_in_part',
      respondedOn: '2020-06-30',
      comment: 'Under consideration',
    });
  },
);

t.test('If-None-Match on a recommendation answers 304 until it changes', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const url = `/v1/recommendations/${PARA_10}`;
  const first = await get(app, url);
  const etag = first.headers.etag as string;
  t.equal(etag, 'W/"0"');
  const cached = await get(app, url, undefined, { 'if-none-match': etag });
  t.equal(cached.status, 304);
  t.equal(cached.body, '');
  t.equal(cached.headers.etag, etag);
  t.equal((await get(app, url, undefined, { 'if-none-match': '"0"' })).status, 304, 'strong form matches weakly');
  t.equal((await get(app, url, undefined, { 'if-none-match': 'W/"7"' })).status, 200);
  await post(app, `${url}/measures`, tokens.kaz, measure);
  const changed = await get(app, url, undefined, { 'if-none-match': etag });
  t.equal(changed.status, 200);
  t.equal(changed.headers.etag, 'W/"1"');
  const report = await get(app, `/v1/reports/${REPORT_ID}`, undefined, { 'if-none-match': 'W/"2"' });
  t.equal(report.status, 304, 'reports revalidate the same way');
});

t.test('commands against the domain rules answer 422 and append nothing', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  const respond = { position: 'supported', respondedOn: '2023-06-01' };
  const cases: [string, string, string, unknown][] = [
    ['a UPR response to a CAT recommendation', `${PARA_10}/responses`, tokens.kaz, respond],
    [
      'a measure before the recommendation',
      `${PARA_10}/measures`,
      tokens.kaz,
      { ...measure, implementedOn: '2023-05-09' },
    ],
    ['a reply before the recommendation', `${PARA_10}/follow-up-replies`, tokens.kaz, { receivedOn: '2023-01-01' }],
    [
      'a reply to a recommendation not followed up',
      `${UPR_ID}/follow-up-replies`,
      tokens.kaz,
      { receivedOn: '2024-01-01' },
    ],
    [
      'an assessment of one not followed up',
      `${UPR_ID}/assessments`,
      tokens.secretariat,
      { grade: 'A', assessedOn: '2024-01-01' },
    ],
    [
      'a CCPR sub-grade for CAT',
      `${PARA_10}/assessments`,
      tokens.secretariat,
      { grade: 'B1', assessedOn: '2025-01-01' },
    ],
    ['a response before issue', `${UPR_ID}/responses`, tokens.kaz, { ...respond, respondedOn: '2019-01-01' }],
  ];
  for (const [what, path, token, body] of cases) {
    assertProblem(t, await post(app, `/v1/recommendations/${path}`, token, body), 422, what);
  }
  const issue = (body: unknown) => post(app, '/v1/recommendations', tokens.secretariat, body);
  const base = { ...paragraph10, paragraph: '99' };
  assertProblem(t, await issue({ ...base, recommendingStates: ['NOR'] }), 422, 'recommendingStates on CAT');
  assertProblem(t, await issue({ ...base, followUp: { deadline: '2023-05-01' } }), 422, 'deadline before issue');
  assertProblem(t, await issue({ ...base, reportId: 'cat-c-kaz-99' }), 422, 'an unknown report');
  const uprFollowUp = { ...uprRecommendation, paragraph: '137.9', followUp: { deadline: '2021-03-20' } };
  assertProblem(t, await issue(uprFollowUp), 422, 'a UPR recommendation selected for follow-up');
  assertProblem(t, await issue({ ...base, state: 'UZB' }), 422, "a recommendation on another State's report");
  t.equal(await eventCount(service), before, 'nothing appended');
});

t.test('a recommendation is issued once, responded to once, and must exist', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  assertProblem(t, await post(app, '/v1/recommendations', tokens.secretariat, paragraph10), 409, 'issued twice');
  const sameId = { ...paragraph10, symbol: 'cat/c/kaz/co/4', text: 'Same slug' };
  assertProblem(t, await post(app, '/v1/recommendations', tokens.secretariat, sameId), 409, 'same slug');
  const respond = { position: 'noted', respondedOn: '2020-06-30' };
  t.equal((await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, respond)).status, 200);
  assertProblem(t, await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, respond), 409, 'twice');
  for (const path of ['measures', 'follow-up-replies', 'assessments', 'responses']) {
    const answer = await post(
      app,
      `/v1/recommendations/nope-1/${path}`,
      tokens.admin,
      {
        measures: measure,
        'follow-up-replies': { receivedOn: '2024-01-01' },
        assessments: { grade: 'A', assessedOn: '2024-01-01' },
        responses: respond,
      }[path],
    );
    assertProblem(t, answer, 404, `${path} on an unknown recommendation`);
  }
  assertProblem(t, await get(app, '/v1/recommendations/nope-1'), 404, 'reading an unknown recommendation');
  assertProblem(t, await get(app, '/v1/recommendations/nope-1/history'), 404, 'history of an unknown one');
});

t.test('the UPR recommendation keeps its recommending States without duplicates', async (t) => {
  const { app, tokens } = await serviceFor(t);
  const body = { ...uprRecommendation, paragraph: '137.2', recommendingStates: ['NOR', 'NOR', 'FRA'] };
  t.equal((await post(app, '/v1/recommendations', tokens.secretariat, body)).status, 201);
  const read = await get(app, '/v1/recommendations/a-hrc-44-10-137-2');
  t.strictSame(read.json.recommendingStates, ['NOR', 'FRA']);
  t.equal(read.json.response, undefined);
});

t.test('not started is recorded explicitly, with its day and note, and shows in the reads', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const said = await post(app, `/v1/recommendations/${PARA_10}/not-started`, tokens.kaz, {
    recordedOn: '2024-05-13',
    note: 'the bill is still being drafted',
  });
  t.equal(said.status, 200, 'recorded', { body: said.body });
  t.strictSame(said.json.events, ['NotStartedRecorded']);
  t.match((await get(app, `/v1/recommendations/${PARA_10}`)).json, {
    status: 'not_started',
    notStarted: { recordedOn: '2024-05-13', note: 'the bill is still being drafted' },
  });
  const status = await get(app, '/v1/states/KAZ/status?asOf=2024-05-13');
  t.equal(status.json.byStatus.not_started, 1);
  t.equal((await get(app, '/v1/states/KAZ/status?asOf=2024-05-12')).json.byStatus.not_started, 0, 'not before it');
  await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure);
  const again = await post(app, `/v1/recommendations/${PARA_10}/not-started`, tokens.kaz, { recordedOn: '2024-06-01' });
  assertProblem(t, again, 409, 'a recommendation with a measure has started');
  const early = await post(app, `/v1/recommendations/${PARA_12A}/not-started`, tokens.kaz, {
    recordedOn: '2020-01-01',
  });
  assertProblem(t, early, 422, 'not before it was issued');
  const extra = await post(app, `/v1/recommendations/${PARA_12A}/not-started`, tokens.kaz, {
    recordedOn: '2024-06-01',
    status: 'not_started',
  });
  assertProblem(t, extra, 400, 'an unknown field');
});
