import type { Test } from 'tap';
import t from 'tap';
import {
  assertProblem,
  concludingObservations,
  get,
  post,
  presentation,
  REPORT_ID,
  type Service,
  serviceFor,
  submitReport,
} from './harness.js';

// The founding case on the standard procedure: list of issues CAT/C/KAZ/Q/4, replies CAT/C/KAZ/RQ/4 received
// 15 February 2023 (the list's day and the next report's due day are illustrative).
const NEXT_DUE = '2027-05-12';
const UZB_ID = 'ccpr-c-uzb-5';

async function ok(t: Test, answer: Promise<{ status: number; body: string }>, status = 200) {
  const got = await answer;
  t.equal(got.status, status, got.body);
}

async function loadCycle(t: Test, { app, tokens }: Service): Promise<void> {
  await ok(t, post(app, '/v1/reports', tokens.kaz, submitReport), 201);
  await ok(
    t,
    post(app, `/v1/reports/${REPORT_ID}/list-of-issues`, tokens.secretariat, {
      kind: 'list_of_issues',
      symbol: 'CAT/C/KAZ/Q/4',
      adoptedOn: '2022-08-01',
    }),
  );
  await ok(
    t,
    post(app, `/v1/reports/${REPORT_ID}/list-of-issues-replies`, tokens.kaz, {
      symbol: 'CAT/C/KAZ/RQ/4',
      receivedOn: '2023-02-15',
    }),
  );
  await ok(
    t,
    post(app, `/v1/reports/${REPORT_ID}/presentation`, tokens.secretariat, {
      ...presentation,
      dialogueEndedOn: '2023-05-03',
    }),
  );
  await ok(
    t,
    post(app, `/v1/reports/${REPORT_ID}/concluding-observations`, tokens.secretariat, {
      ...concludingObservations,
      nextReportDue: NEXT_DUE,
    }),
  );
  // Uzbekistan to the Human Rights Committee: its next report due on 27 March 2024.
  const uzb = { state: 'UZB', mechanism: 'CCPR', cycle: 5, symbol: 'CCPR/C/UZB/5', submittedOn: '2018-01-10' };
  const created = await post(app, '/v1/reports', tokens.uzb, uzb);
  t.equal(created.status, 201, created.body);
  t.equal(created.json.id, UZB_ID);
  await ok(
    t,
    post(app, `/v1/reports/${UZB_ID}/presentation`, tokens.secretariat, { session: 128, presentedOn: '2020-03-03' }),
  );
  await ok(
    t,
    post(app, `/v1/reports/${UZB_ID}/concluding-observations`, tokens.secretariat, {
      symbol: 'CCPR/C/UZB/CO/5',
      adoptedOn: '2020-03-26',
      nextReportDue: '2024-03-27',
    }),
  );
}

t.test('a report shows its list of issues, the replies, the dialogue and the next report due', async (t) => {
  const service = await serviceFor(t);
  await loadCycle(t, service);
  const report = await get(service.app, `/v1/reports/${REPORT_ID}`);
  t.equal(report.status, 200);
  t.strictSame(report.json.listOfIssues, { kind: 'list_of_issues', symbol: 'CAT/C/KAZ/Q/4', adoptedOn: '2022-08-01' });
  t.strictSame(report.json.listOfIssuesReplies, { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' });
  t.equal(report.json.presentation.dialogueEndedOn, '2023-05-03');
  t.equal(report.json.presentation.delegationHead, presentation.delegationHead, 'the existing fields are kept');
  t.strictSame(report.json.concludingObservations, { ...concludingObservations, nextReportDue: NEXT_DUE });
});

t.test("a State's reporting calendar, judged on each day asked", async (t) => {
  const service = await serviceFor(t);
  await loadCycle(t, service);
  const calendar = async (asOf: string) => {
    const answer = await get(service.app, `/v1/states/KAZ/reporting?asOf=${asOf}`);
    t.equal(answer.status, 200, answer.body);
    return answer.json;
  };

  const beforeReplies = await calendar('2023-02-14');
  t.equal(beforeReplies.reports.length, 1);
  t.strictSame(beforeReplies.reports[0], {
    reportId: REPORT_ID,
    mechanism: 'CAT',
    cycle: 4,
    symbol: 'CAT/C/KAZ/4',
    procedure: 'standard',
    submittedOn: '2018-12-05',
    listOfIssues: { kind: 'list_of_issues', symbol: 'CAT/C/KAZ/Q/4', adoptedOn: '2022-08-01' },
  });
  t.strictSame((await calendar('2023-02-15')).reports[0].listOfIssuesReplies, {
    symbol: 'CAT/C/KAZ/RQ/4',
    receivedOn: '2023-02-15',
  });
  const dialogueBegun = await calendar('2023-05-02');
  t.strictSame(dialogueBegun.reports[0].dialogue, { session: 76, presentedOn: '2023-05-02' }, 'its first day');
  t.notOk(dialogueBegun.reports[0].concludingObservations);
  const concluded = await calendar('2023-05-10');
  t.strictSame(concluded.reports[0].dialogue, { session: 76, presentedOn: '2023-05-02', endedOn: '2023-05-03' });
  t.strictSame(concluded.reports[0].nextReport, { due: NEXT_DUE, standing: 'pending' });
  t.strictSame((await calendar('2018-12-04')).reports, [], 'nothing before the report was submitted');

  t.equal((await calendar(NEXT_DUE)).reports[0].nextReport.standing, 'pending', 'due that day: pending');
  const overdue = await calendar('2027-05-13');
  t.equal(overdue.reports[0].nextReport.standing, 'overdue', 'the day after: overdue');
  t.strictSame(overdue.overdue, [
    {
      state: 'KAZ',
      mechanism: 'CAT',
      reportId: REPORT_ID,
      symbol: 'CAT/C/KAZ/4',
      concludingObservations: 'CAT/C/KAZ/CO/4',
      due: NEXT_DUE,
      daysOverdue: 1,
    },
  ]);

  // The fifth report arrives late.
  await ok(
    t,
    post(service.app, '/v1/reports', service.tokens.kaz, {
      state: 'KAZ',
      mechanism: 'CAT',
      cycle: 5,
      symbol: 'CAT/C/KAZ/5',
      submittedOn: '2027-09-01',
    }),
    201,
  );
  const dayBefore = await calendar('2027-08-31');
  t.equal(dayBefore.reports.length, 1, 'the fifth report is not yet in the calendar');
  t.equal(dayBefore.reports[0].nextReport.standing, 'overdue');
  const arrived = await calendar('2027-09-01');
  t.equal(arrived.reports.length, 2);
  t.strictSame(arrived.reports[0].nextReport, {
    due: NEXT_DUE,
    standing: 'submitted_late',
    submitted: { reportId: 'cat-c-kaz-5', symbol: 'CAT/C/KAZ/5', submittedOn: '2027-09-01' },
  });
  t.strictSame(arrived.overdue, []);
});

t.test("a State's status counts its overdue reports on any day, and as recorded before an instant", async (t) => {
  const service = await serviceFor(t);
  await loadCycle(t, service);
  const status = async (query: string) => {
    const answer = await get(service.app, `/v1/states/KAZ/status?${query}`);
    t.equal(answer.status, 200, answer.body);
    return answer.json;
  };
  t.strictSame((await status(`asOf=${NEXT_DUE}`)).reports, { overdue: 0, overdueReports: [] });
  const after = await status('asOf=2027-05-13');
  t.equal(after.reports.overdue, 1);
  t.match(after.reports.overdueReports, [{ mechanism: 'CAT', reportId: REPORT_ID, due: NEXT_DUE, daysOverdue: 1 }]);
  t.type(after.followUp.selected, 'number', 'the existing counts are kept');
  t.strictSame(
    (await status('asOf=2027-05-13&recordedBefore=2000-01-01')).reports,
    { overdue: 0, overdueReports: [] },
    'nothing was recorded before 2000',
  );
  t.equal((await status('asOf=2027-05-13&recordedBefore=2999-01-01')).reports.overdue, 1);
});

t.test('overdue reports across States for secretariats, paged', async (t) => {
  const service = await serviceFor(t);
  await loadCycle(t, service);
  const overdue = async (query: string) => {
    const answer = await get(service.app, `/v1/reports/overdue?${query}`);
    t.equal(answer.status, 200, answer.body);
    return answer.json;
  };
  t.strictSame((await overdue('asOf=2024-03-27')).items, [], 'due that day: not overdue');
  const one = await overdue('asOf=2024-03-28');
  t.strictSame(
    one.items.map((item: { reportId: string }) => item.reportId),
    [UZB_ID],
  );
  const both = await overdue('asOf=2027-05-13');
  t.strictSame(
    both.items.map((item: { reportId: string; daysOverdue: number }) => [item.reportId, item.daysOverdue]),
    [
      [UZB_ID, 1142],
      [REPORT_ID, 1],
    ],
    'longest overdue first',
  );
  const first = await overdue('asOf=2027-05-13&limit=1');
  t.equal(first.items.length, 1);
  t.type(first.next, 'string');
  const second = await overdue(`asOf=2027-05-13&limit=1&cursor=${first.next}`);
  t.strictSame(
    second.items.map((item: { reportId: string }) => item.reportId),
    [REPORT_ID],
  );
  t.equal(second.next, null);
  t.strictSame(
    (await overdue('asOf=2027-05-13&mechanism=CAT')).items.map((item: { reportId: string }) => item.reportId),
    [REPORT_ID],
  );
  t.strictSame(
    (await overdue('asOf=2027-05-13&state=UZB')).items.map((item: { reportId: string }) => item.reportId),
    [UZB_ID],
  );
  assertProblem(t, await get(service.app, '/v1/reports/overdue?cursor=nonsense'), 400, 'a cursor not given');
  assertProblem(t, await get(service.app, '/v1/reports/overdue?asOf=2027-13-01'), 400, 'a bad day');
  assertProblem(t, await get(service.app, '/v1/reports/overdue?mechanism=XYZ'), 400, 'a bad mechanism');
  assertProblem(t, await get(service.app, '/v1/states/KAZ/reporting?asOf=tomorrow'), 400, 'a bad day');
});

t.test('the cycle commands refuse what the rules forbid, and change nothing', async (t) => {
  const { app, tokens } = await serviceFor(t);
  await ok(t, post(app, '/v1/reports', tokens.kaz, submitReport), 201);
  const list = { kind: 'list_of_issues', symbol: 'CAT/C/KAZ/Q/4', adoptedOn: '2022-08-01' };
  const replies = { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' };
  assertProblem(
    t,
    await post(app, `/v1/reports/${REPORT_ID}/list-of-issues-replies`, tokens.kaz, replies),
    409,
    'replies before the list',
  );
  assertProblem(
    t,
    await post(app, `/v1/reports/${REPORT_ID}/list-of-issues`, tokens.secretariat, {
      ...list,
      kind: 'list_of_issues_prior_to_reporting',
    }),
    422,
    'a standard report takes no list prior to reporting',
  );
  assertProblem(
    t,
    await post(app, `/v1/reports/${REPORT_ID}/list-of-issues`, tokens.kaz, list),
    403,
    'a State does not adopt the list',
  );
  assertProblem(
    t,
    await post(app, `/v1/reports/${REPORT_ID}/list-of-issues`, tokens.secretariat, { ...list, extra: 1 }),
    400,
    'an unknown field',
  );
  assertProblem(
    t,
    await post(app, '/v1/reports/nothing-here/list-of-issues', tokens.secretariat, list),
    404,
    'no such report',
  );
  await ok(t, post(app, `/v1/reports/${REPORT_ID}/list-of-issues`, tokens.secretariat, list));
  assertProblem(
    t,
    await post(app, `/v1/reports/${REPORT_ID}/list-of-issues-replies`, tokens.uzb, replies),
    403,
    "another State's token",
  );
  const report = await get(app, `/v1/reports/${REPORT_ID}`);
  t.equal(report.json.revision, 1, 'only the list was appended');
  t.notOk(report.json.listOfIssuesReplies);
});
