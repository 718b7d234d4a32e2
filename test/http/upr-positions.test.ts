import t from 'tap';
import { assertProblem, eventCount, get, loadFoundingCase, PARA_10, post, serviceFor, UPR_ID } from './harness.js';

// Kazakhstan's third review (Working Group report A/HRC/44/10, 2020): the State's position on 137.1, supported in part in the addendum (the addendum's symbol is illustrative).
const position = {
  position: 'supported_in_part',
  respondedOn: '2020-09-22',
  source: { document: 'addendum', symbol: 'A/HRC/44/10/Add.1' },
};

t.test('a UPR position keeps its day and its source; supported in part is counted apart', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const responded = await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, position);
  t.equal(responded.status, 200, responded.body);
  const view = await get(app, `/v1/recommendations/${UPR_ID}`);
  t.strictSame(view.json.response, position);
  t.equal(view.json.commitment, 'supported_in_part', 'counted apart from the accepted');
  const listed = await get(app, '/v1/recommendations?position=supported_in_part&mechanism=UPR');
  t.strictSame(
    listed.json.items.map((item: { id: string }) => item.id),
    [UPR_ID],
  );
  t.strictSame(listed.json.items[0].response.source, position.source, 'the list shows the source too');
  const status = await get(app, '/v1/states/KAZ/status?asOf=2020-09-22');
  t.equal(status.json.upr.supported_in_part, 1);
  t.equal((await get(app, '/v1/states/KAZ/status?asOf=2020-09-21')).json.upr.supported_in_part, 0, 'the day before');
});

t.test('a position at the Council’s adoption, without a symbol; bad sources refused, nothing recorded', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const before = await eventCount(service);
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, {
      ...position,
      source: { document: 'press_release' },
    }),
    400,
    'an unknown kind of source',
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, {
      ...position,
      source: { document: 'addendum', page: 3 },
    }),
    400,
    'an unknown field in the source',
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${PARA_10}/responses`, tokens.kaz, position),
    422,
    'a position on a treaty-body recommendation',
  );
  t.equal(await eventCount(service), before, 'nothing appended');
  const adopted = await post(app, `/v1/recommendations/${UPR_ID}/responses`, tokens.kaz, {
    position: 'supported',
    respondedOn: '2020-09-24',
    source: { document: 'council_adoption' },
  });
  t.equal(adopted.status, 200, adopted.body);
  t.strictSame((await get(app, `/v1/recommendations/${UPR_ID}`)).json.response.source, {
    document: 'council_adoption',
  });
});

t.test('a mid-term report is recorded on each recommendation it covers, like a follow-up reply', async (t) => {
  const service = await serviceFor(t);
  const { app, tokens } = service;
  await loadFoundingCase(service);
  // Illustrative: Kazakhstan's voluntary mid-term report on its third review.
  const report = { symbol: 'KAZ/UPR/MTR/3', submittedOn: '2022-10-03', summary: 'Ratification under way.' };
  const recorded = await post(app, `/v1/recommendations/${UPR_ID}/mid-term-reports`, tokens.kaz, report);
  t.equal(recorded.status, 200, recorded.body);
  t.strictSame(recorded.json.events, ['MidTermReportRecorded']);
  const view = await get(app, `/v1/recommendations/${UPR_ID}`);
  t.match(view.json.midTermReports, [{ ...report, recordedAt: String }]);
  t.equal(view.json.midTermReports.length, 1);
  t.equal(view.json.revision, recorded.json.revision, 'the view is at the command’s revision');
  const listed = await get(app, `/v1/recommendations?mechanism=UPR&position=supported`);
  t.equal(listed.status, 200);
  t.notOk('midTermReports' in (await get(app, `/v1/recommendations/${PARA_10}`)).json, 'absent where none');

  const before = await eventCount(service);
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${UPR_ID}/mid-term-reports`, tokens.kaz, report),
    409,
    'the same report twice',
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${PARA_10}/mid-term-reports`, tokens.kaz, report),
    422,
    'a treaty-body recommendation',
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${UPR_ID}/mid-term-reports`, tokens.uzb, report),
    403,
    "another State's token",
  );
  assertProblem(
    t,
    await post(app, `/v1/recommendations/${UPR_ID}/mid-term-reports`, tokens.kaz, { ...report, pages: 3 }),
    400,
    'an unknown field',
  );
  t.equal(await eventCount(service), before, 'nothing appended');
});
