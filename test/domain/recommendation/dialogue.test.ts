import t from 'tap';
import { LifecycleConflict, RuleViolation } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { currentAssessment, followUpStanding } from '../../../src/domain/recommendation/status.js';
import type { AssessmentLevel } from '../../../src/domain/vocabulary.js';
import { given, stateAfter } from '../given.js';
import { followUpReplyReceived, recommendationIssued } from '../kazakhstan.js';

// CAT/C/KAZ/CO/4 paragraph 10: reply due 12 May 2024, received 13 May 2024 (the case's facts); later steps illustrative.
const id = 'cat-c-kaz-co-4-10';
const deadline = { deadline: '2024-05-12' };
const closed = { type: 'FollowUpClosed' as const, data: { recommendationId: id, closedOn: '2025-11-28' } };

t.test(
  'a reminder goes to a State whose reply is late, with its reference',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'SendFollowUpReminder', data: { sentOn: '2024-06-20', symbol: 'CAT/FU/KAZ/2024/1' } })
    .then({
      type: 'FollowUpReminderSent',
      data: { recommendationId: id, sentOn: '2024-06-20', symbol: 'CAT/FU/KAZ/2024/1' },
    }),
);

t.test(
  'no reminder before the deadline has passed',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'SendFollowUpReminder', data: { sentOn: '2024-05-12' } })
    .thenThrows(RuleViolation, /a reminder goes to a State whose reply is late: the deadline .* is 2024-05-12/),
);

t.test(
  'the rapporteur asks for further information by a day',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived)
    .when({ type: 'RequestFurtherInformation', data: { requestedOn: '2024-12-02', replyBy: '2025-06-02' } })
    .then({
      type: 'FurtherInformationRequested',
      data: { recommendationId: id, requestedOn: '2024-12-02', replyBy: '2025-06-02' },
    }),
);

t.test(
  'further information cannot be due before it is asked',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'RequestFurtherInformation', data: { requestedOn: '2024-12-02', replyBy: '2024-12-01' } })
    .thenThrows(RuleViolation, /cannot be due on 2024-12-01, before it is asked on 2024-12-02/),
);

t.test(
  'the State sends an additional reply after the first',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived)
    .when({ type: 'ReceiveFollowUpReply', data: { receivedOn: '2025-05-30', symbol: 'CAT/C/KAZ/FCO/4/Add.1' } })
    .then({
      type: 'FollowUpReplyReceived',
      data: { recommendationId: id, receivedOn: '2025-05-30', symbol: 'CAT/C/KAZ/FCO/4/Add.1' },
    }),
);

t.test(
  'the procedure is closed once, with the document closing it',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived)
    .when({ type: 'CloseFollowUp', data: { closedOn: '2025-11-28', symbol: 'CAT/C/83/2' } })
    .then({ type: 'FollowUpClosed', data: { recommendationId: id, closedOn: '2025-11-28', symbol: 'CAT/C/83/2' } }),
);

t.test('a closed procedure takes no reminder, request or second closure', async (t) => {
  for (const command of [
    { type: 'SendFollowUpReminder' as const, data: { sentOn: '2025-12-01' } },
    { type: 'RequestFurtherInformation' as const, data: { requestedOn: '2025-12-01' } },
    { type: 'CloseFollowUp' as const, data: { closedOn: '2025-12-01' } },
  ]) {
    await given(recommendationDecider, recommendationIssued, closed)
      .when(command)
      .thenThrows(
        LifecycleConflict,
        /was closed on 2025-11-28/,
      )(t);
  }
});

t.test(
  'a recommendation not selected takes no reminder',
  given(recommendationDecider, {
    ...recommendationIssued,
    data: { ...recommendationIssued.data, followUp: undefined },
  } as never)
    .when({ type: 'SendFollowUpReminder', data: { sentOn: '2024-06-20' } })
    .thenThrows(RuleViolation, /was not selected for follow-up: no reminder is due/),
);

t.test(
  'a sub-paragraph is graded with the document publishing the grade',
  given(recommendationDecider, recommendationIssued)
    .when({
      type: 'AssessFollowUp',
      data: { grade: 'B', part: '(a)', assessedOn: '2024-11-20', symbol: 'CAT/C/81/2' },
    } as never)
    .then({
      type: 'FollowUpAssessed',
      data: {
        recommendationId: id,
        grade: 'B',
        part: 'a',
        assessedOn: '2024-11-20',
        symbol: 'CAT/C/81/2',
        level: 'partially_satisfactory',
      },
    } as never),
);

t.test('the state keeps the dialogue in order', async (t) => {
  const state = stateAfter(
    recommendationDecider,
    recommendationIssued,
    { type: 'FollowUpReminderSent', data: { recommendationId: id, sentOn: '2024-05-20' } },
    followUpReplyReceived,
    closed,
  );
  t.match(state, {
    reminders: [{ sentOn: '2024-05-20' }],
    replies: [{ receivedOn: '2024-05-13' }],
    closure: { closedOn: '2025-11-28' },
  });
});

t.test('where the follow-up stands on each day across the deadline', async (t) => {
  const reply = [{ receivedOn: '2024-05-13' }];
  t.strictSame(
    followUpStanding(deadline, [], undefined, '2024-05-12'),
    { standing: 'pending' },
    'due that day: pending',
  );
  t.strictSame(
    followUpStanding(deadline, [], undefined, '2024-05-13'),
    { standing: 'overdue' },
    'the day after: overdue',
  );
  t.strictSame(
    followUpStanding(deadline, reply, undefined, '2024-05-12'),
    { standing: 'pending' },
    'a reply not yet received counts for nothing',
  );
  t.strictSame(
    followUpStanding(deadline, reply, undefined, '2024-05-13'),
    { standing: 'replied_late', repliedOn: '2024-05-13' },
    'once the late reply arrives: replied late, with its date',
  );
  t.strictSame(
    followUpStanding(deadline, [{ receivedOn: '2024-05-12' }], undefined, '2024-06-01'),
    { standing: 'replied', repliedOn: '2024-05-12' },
    'a reply on the deadline is on time',
  );
  t.strictSame(
    followUpStanding(deadline, [{ receivedOn: '2025-01-01' }, ...reply], undefined, '2025-02-01'),
    { standing: 'replied_late', repliedOn: '2024-05-13' },
    'the first reply decides, whatever order they were recorded in',
  );
  t.strictSame(followUpStanding(deadline, [], '2025-11-28', '2025-11-27'), { standing: 'overdue' }, 'before closure');
  t.strictSame(followUpStanding(deadline, [], '2025-11-28', '2025-11-28'), { standing: 'closed' }, 'from closure on');
});

t.test('a paragraph graded per sub-paragraph takes the least satisfactory grade of the latest day', async (t) => {
  const graded = (grade: string, level: AssessmentLevel, assessedOn: string, part?: string) => ({
    grade,
    level,
    assessedOn,
    ...(part !== undefined && { part }),
  });
  const round = [
    graded('B', 'partially_satisfactory', '2024-11-20', 'a'),
    graded('A', 'satisfactory', '2024-11-20', 'b'),
    graded('C', 'not_satisfactory', '2024-11-20', 'c'),
  ];
  t.match(currentAssessment(round), { grade: 'C', part: 'c' }, '26(a) B, 26(b) A, 26(c) C: not satisfactory');
  t.match(
    currentAssessment([...round, graded('B', 'partially_satisfactory', '2024-11-20', 'c')]),
    { grade: 'B' },
    'a sub-paragraph graded again the same day: the grade recorded last stands',
  );
  t.match(
    currentAssessment([...round, graded('A', 'satisfactory', '2026-03-01', 'c')]),
    { grade: 'A', part: 'c' },
    'a later round replaces the earlier one',
  );
  t.match(
    currentAssessment([graded('B', 'partially_satisfactory', '2024-11-20'), graded('A', 'satisfactory', '2024-11-20')]),
    { grade: 'A' },
    'the whole paragraph graded twice the same day: the one recorded last',
  );
  t.equal(currentAssessment([]), undefined);
});
