import t from 'tap';
import { NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { given } from '../given.js';
import { followUpReplyReceived, receiveFollowUpReply, recommendationIssued } from '../kazakhstan.js';

// Assessment dates, sessions and the CCPR case are illustrative; the CAT facts up to the reply are the case's.

const { followUp: _deadline, ...withoutFollowUp } = recommendationIssued.data;

/** Paragraph 12(a) of the same observations, not selected for follow-up. */
const notFollowedUp = {
  type: 'RecommendationIssued' as const,
  data: { ...withoutFollowUp, recommendationId: 'cat-c-kaz-co-4-12-a', paragraph: '12(a)' },
};

/** An illustrative CCPR recommendation selected for follow-up, graded on the scale with sub-grades. */
const ccprIssued = {
  type: 'RecommendationIssued' as const,
  data: {
    ...recommendationIssued.data,
    recommendationId: 'ccpr-c-kaz-co-3-22',
    mechanism: 'CCPR' as const,
    symbol: 'CCPR/C/KAZ/CO/3',
    paragraph: '22',
    reportId: 'ccpr-c-kaz-3',
  },
};

t.test(
  'the State replies on a recommendation selected for follow-up',
  given(recommendationDecider, recommendationIssued).when(receiveFollowUpReply).then(followUpReplyReceived),
);

t.test(
  'a recommendation not selected for follow-up takes no reply',
  given(recommendationDecider, notFollowedUp)
    .when(receiveFollowUpReply)
    .thenThrows(RuleViolation, /recommendation cat-c-kaz-co-4-12-a was not selected for follow-up/),
);

t.test(
  'a reply cannot be received before the recommendation was issued',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'ReceiveFollowUpReply', data: { receivedOn: '2023-05-01' } })
    .thenThrows(
      RuleViolation,
      /a follow-up reply received on 2023-05-01 cannot precede recommendation cat-c-kaz-co-4-10, issued on 2023-05-10/,
    ),
);

t.test(
  'several replies are received, a reminder answered after the first',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived)
    .when({ type: 'ReceiveFollowUpReply', data: { receivedOn: '2024-11-04', symbol: 'CAT/C/KAZ/FCO/4' } })
    .then({
      type: 'FollowUpReplyReceived',
      data: { recommendationId: 'cat-c-kaz-co-4-10', receivedOn: '2024-11-04', symbol: 'CAT/C/KAZ/FCO/4' },
    }),
);

t.test(
  'the rapporteur assesses the follow-up with a grade and its normalised level',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived)
    .when({ type: 'AssessFollowUp', data: { grade: 'B', assessedOn: '2024-11-22', session: 81 } })
    .then({
      type: 'FollowUpAssessed',
      data: {
        recommendationId: 'cat-c-kaz-co-4-10',
        grade: 'B',
        assessedOn: '2024-11-22',
        session: 81,
        level: 'partially_satisfactory',
      },
    }),
);

t.test(
  'a recommendation not selected for follow-up cannot be assessed',
  given(recommendationDecider, notFollowedUp)
    .when({ type: 'AssessFollowUp', data: { grade: 'A', assessedOn: '2024-11-22' } })
    .thenThrows(RuleViolation, /cat-c-kaz-co-4-12-a was not selected for follow-up: it cannot be assessed/),
);

t.test(
  "a grade outside the committee's scale is refused",
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'AssessFollowUp', data: { grade: 'B1', assessedOn: '2024-11-22' } })
    .thenThrows(RuleViolation, /^grade B1 is not on CAT's scale \(A B C D E\)$/),
);

t.test(
  'CCPR sub-grades take the level of their letter',
  given(recommendationDecider, ccprIssued)
    .when({ type: 'AssessFollowUp', data: { grade: 'C2', assessedOn: '2024-07-15' } })
    .then({
      type: 'FollowUpAssessed',
      data: {
        recommendationId: 'ccpr-c-kaz-co-3-22',
        grade: 'C2',
        assessedOn: '2024-07-15',
        level: 'not_satisfactory',
      },
    }),
);

t.test(
  'an assessment cannot be made before the recommendation was issued',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'AssessFollowUp', data: { grade: 'D', assessedOn: '2023-05-09' } })
    .thenThrows(RuleViolation, /an assessment made on 2023-05-09 cannot precede recommendation cat-c-kaz-co-4-10/),
);

t.test(
  'a follow-up is assessed again, e.g. after a later reply',
  given(recommendationDecider, recommendationIssued, followUpReplyReceived, {
    type: 'FollowUpAssessed',
    data: { recommendationId: 'cat-c-kaz-co-4-10', grade: 'C', level: 'not_satisfactory', assessedOn: '2024-11-22' },
  })
    .when({ type: 'AssessFollowUp', data: { grade: 'B', assessedOn: '2025-05-02' } })
    .then({
      type: 'FollowUpAssessed',
      data: {
        recommendationId: 'cat-c-kaz-co-4-10',
        grade: 'B',
        assessedOn: '2025-05-02',
        level: 'partially_satisfactory',
      },
    }),
);

t.test(
  'an unknown recommendation takes no reply',
  given(recommendationDecider)
    .when(receiveFollowUpReply)
    .thenThrows(NotFound, /does not exist/),
);

t.test(
  'an unknown recommendation cannot be assessed',
  given(recommendationDecider)
    .when({ type: 'AssessFollowUp', data: { grade: 'A', assessedOn: '2024-11-22' } })
    .thenThrows(NotFound, /does not exist/),
);
