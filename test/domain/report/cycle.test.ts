import t from 'tap';
import { LifecycleConflict, RuleViolation } from '../../../src/domain/errors.js';
import { nextReportOverdue, nextReportStanding } from '../../../src/domain/report/cycle.js';
import { reportDecider } from '../../../src/domain/report/decider.js';
import { given, stateAfter } from '../given.js';
import { REPORT_ID, reportPresented, reportSubmitted } from '../kazakhstan.js';

// The founding case followed the standard procedure: list of issues CAT/C/KAZ/Q/4, replies CAT/C/KAZ/RQ/4 received
// 15 February 2023. The day the list was adopted and the next report's due day are illustrative.
const listAdopted = {
  type: 'ListOfIssuesAdopted' as const,
  data: { reportId: REPORT_ID, kind: 'list_of_issues' as const, symbol: 'CAT/C/KAZ/Q/4', adoptedOn: '2022-08-01' },
};
const repliesReceived = {
  type: 'ListOfIssuesRepliesReceived' as const,
  data: { reportId: REPORT_ID, symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' },
};
const simplified = { ...reportSubmitted, data: { ...reportSubmitted.data, procedure: 'simplified' as const } };

t.test(
  'standard procedure: the committee adopts a list of issues after the report',
  given(reportDecider, reportSubmitted)
    .when({
      type: 'AdoptListOfIssues',
      data: { kind: 'list_of_issues', symbol: 'CAT/C/KAZ/Q/4', adoptedOn: '2022-08-01' },
    })
    .then(listAdopted),
);

t.test(
  'standard procedure: the State replies to the list of issues',
  given(reportDecider, reportSubmitted, listAdopted)
    .when({ type: 'ReceiveListOfIssuesReplies', data: { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' } })
    .then(repliesReceived),
);

t.test(
  'a standard report takes no list of issues prior to reporting',
  given(reportDecider, reportSubmitted)
    .when({
      type: 'AdoptListOfIssues',
      data: { kind: 'list_of_issues_prior_to_reporting', symbol: 'CAT/C/KAZ/QPR/4', adoptedOn: '2018-01-01' },
    })
    .thenThrows(RuleViolation, /follows the standard procedure: it takes a list of issues$/),
);

t.test(
  'simplified procedure: the list of issues prior to reporting comes before the report that answers it',
  given(reportDecider, simplified)
    .when({
      type: 'AdoptListOfIssues',
      data: { kind: 'list_of_issues_prior_to_reporting', symbol: 'CAT/C/KAZ/QPR/4', adoptedOn: '2018-12-06' },
    })
    .thenThrows(RuleViolation, /comes before the report it asks for, submitted on 2018-12-05/),
);

t.test(
  'simplified procedure: the replies are the report itself',
  given(reportDecider, simplified, {
    ...listAdopted,
    data: {
      ...listAdopted.data,
      kind: 'list_of_issues_prior_to_reporting',
      symbol: 'CAT/C/KAZ/QPR/4',
      adoptedOn: '2018-01-10',
    },
  })
    .when({ type: 'ReceiveListOfIssuesReplies', data: { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2018-12-05' } })
    .thenThrows(
      RuleViolation,
      /simplified procedure: its replies to the list of issues prior to reporting are the report itself/,
    ),
);

t.test('replies need a list, come after it, and come once', async (t) => {
  const reply = {
    type: 'ReceiveListOfIssuesReplies' as const,
    data: { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' },
  };
  await given(reportDecider, reportSubmitted)
    .when(reply)
    .thenThrows(
      LifecycleConflict,
      /has no list of issues yet/,
    )(t);
  await given(reportDecider, reportSubmitted, listAdopted, repliesReceived)
    .when(reply)
    .thenThrows(
      LifecycleConflict,
      /were already received on 2023-02-15/,
    )(t);
  await given(reportDecider, reportSubmitted, listAdopted)
    .when({ ...reply, data: { ...reply.data, receivedOn: '2022-07-01' } })
    .thenThrows(
      RuleViolation,
      /cannot precede the list of issues, adopted on 2022-08-01/,
    )(t);
});

t.test(
  'the dialogue ran over two days',
  given(reportDecider, reportSubmitted)
    .when({ type: 'PresentReport', data: { session: 76, presentedOn: '2023-05-02', dialogueEndedOn: '2023-05-03' } })
    .then({
      type: 'ReportPresented',
      data: { reportId: REPORT_ID, session: 76, presentedOn: '2023-05-02', dialogueEndedOn: '2023-05-03' },
    }),
);

t.test(
  'the concluding observations set the next report due',
  given(reportDecider, reportSubmitted, reportPresented)
    .when({
      type: 'AdoptConcludingObservations',
      data: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10', nextReportDue: '2027-05-12' },
    })
    .then({
      type: 'ConcludingObservationsAdopted',
      data: { reportId: REPORT_ID, symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10', nextReportDue: '2027-05-12' },
    }),
);

t.test(
  'the next report cannot be due before the observations',
  given(reportDecider, reportSubmitted, reportPresented)
    .when({
      type: 'AdoptConcludingObservations',
      data: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10', nextReportDue: '2023-05-10' },
    })
    .thenThrows(RuleViolation, /cannot be due on 2023-05-10/),
);

t.test('the state keeps the cycle', async (t) => {
  t.match(stateAfter(reportDecider, reportSubmitted, listAdopted, repliesReceived), {
    listOfIssues: { kind: 'list_of_issues', symbol: 'CAT/C/KAZ/Q/4' },
    listOfIssuesReplies: { symbol: 'CAT/C/KAZ/RQ/4', receivedOn: '2023-02-15' },
  });
});

t.test('the next report is overdue the day after it was due, until one is submitted', async (t) => {
  t.equal(nextReportOverdue('2027-05-12', [], '2027-05-12'), false, 'due that day');
  t.equal(nextReportOverdue('2027-05-12', [], '2027-05-13'), true, 'the day after');
  t.equal(nextReportOverdue('2027-05-12', [{ submittedOn: '2027-09-01' }], '2027-08-31'), true, 'not yet submitted');
  t.equal(nextReportOverdue('2027-05-12', [{ submittedOn: '2027-09-01' }], '2027-09-01'), false, 'submitted late');
});

t.test('where the next report stands on each day around its due day', async (t) => {
  const due = '2027-05-12';
  t.equal(nextReportStanding(due, [], '2027-05-12'), 'pending', 'given no report, on the due day: pending');
  t.equal(nextReportStanding(due, [], '2027-05-13'), 'overdue', 'given no report, the day after: overdue');
  const onTime = [{ submittedOn: '2027-05-12' }];
  t.equal(nextReportStanding(due, onTime, '2027-05-11'), 'pending', 'a report not yet submitted on the day counts not');
  t.equal(nextReportStanding(due, onTime, '2027-05-12'), 'submitted', 'submitted on the due day: on time');
  const late = [{ submittedOn: '2027-09-01' }];
  t.equal(nextReportStanding(due, late, '2027-08-31'), 'overdue', 'the day before the late report: overdue');
  t.equal(nextReportStanding(due, late, '2027-09-01'), 'submitted_late', 'from the late report on: submitted late');
  t.equal(
    nextReportStanding(due, [{ submittedOn: '2031-01-01' }, ...late], '2032-01-01'),
    'submitted_late',
    'the first later report answers',
  );
});
