import t from 'tap';
import { RuleViolation } from '../../../src/domain/errors.js';
import {
  addMonths,
  defaultFollowUpDeadline,
  FOLLOW_UP_RULES,
  gradeOnScale,
  hasFollowUpProcedure,
} from '../../../src/domain/procedure/follow-up-rules.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { MECHANISMS } from '../../../src/domain/vocabulary.js';
import { given } from '../given.js';
import { issueRecommendation, recommendationIssued } from '../kazakhstan.js';

// Without its report, so that the decider needs nothing loaded.
const { followUp: _given, reportId: _r, ...unselected } = issueRecommendation.data;
const { followUp: _issued, reportId: _i, ...issuedUnselected } = recommendationIssued.data;

/** Paragraph 10 of CAT/C/KAZ/CO/4 selected with the facts the committee's rule needs instead of a deadline. */
const selectedBy = (followUp: { deadline?: string; sessionEndedOn?: string }, changes: object = {}) => ({
  type: 'IssueRecommendation' as const,
  data: { ...unselected, followUp, ...changes },
});

t.test('every mechanism has a rule with at least one source, and a reason where it has no procedure', async (t) => {
  for (const mechanism of MECHANISMS) {
    const rule = FOLLOW_UP_RULES[mechanism];
    t.equal(rule.mechanism, mechanism);
    t.ok(rule.sources.length > 0, `${mechanism} names its source`);
    if (!rule.procedure) t.ok(rule.without, `${mechanism} says why it has no procedure`);
  }
  t.strictSame(
    MECHANISMS.filter((mechanism) => !hasFollowUpProcedure(mechanism)),
    ['CRC', 'SPT', 'UPR', 'SP'],
  );
});

t.test(
  'CAT: without a deadline, the reply is due one year after the session ended (KAZ: 12 May 2024)',
  given(recommendationDecider)
    .when(selectedBy({ sessionEndedOn: '2023-05-12' }))
    .then({
      type: 'RecommendationIssued',
      data: { ...issuedUnselected, followUp: { deadline: '2024-05-12', deadlineFrom: 'body_default' } },
    } as never),
);

t.test(
  "CAT: without the session's end, the year counts from the adoption",
  given(recommendationDecider)
    .when(selectedBy({}))
    .then({
      type: 'RecommendationIssued',
      data: { ...issuedUnselected, followUp: { deadline: '2024-05-10', deadlineFrom: 'body_default' } },
    } as never),
);

t.test(
  'a deadline the committee gave wins over the default',
  given(recommendationDecider)
    .when(selectedBy({ deadline: '2024-06-01', sessionEndedOn: '2023-05-12' }))
    .then({
      type: 'RecommendationIssued',
      data: { ...issuedUnselected, followUp: { deadline: '2024-06-01' } },
    } as never),
);

t.test('CEDAW and CMW default to two years, CESCR to 24 months, CERD and CED to one year', async (t) => {
  const adoptedOn = '2024-02-29';
  t.equal(
    defaultFollowUpDeadline('CEDAW', { adoptedOn }),
    '2026-02-28',
    'a 29 February becomes the last day of February',
  );
  t.equal(defaultFollowUpDeadline('CMW', { adoptedOn }), '2026-02-28');
  t.equal(defaultFollowUpDeadline('CESCR', { adoptedOn }), '2026-02-28');
  t.equal(defaultFollowUpDeadline('CERD', { adoptedOn }), '2025-02-28');
  t.equal(defaultFollowUpDeadline('CED', { adoptedOn }), '2025-02-28');
  t.equal(defaultFollowUpDeadline('CRC', { adoptedOn }), undefined);
  t.equal(addMonths('2023-01-31', 1), '2023-02-28');
  t.equal(addMonths('2023-11-15', 3), '2024-02-15');
});

for (const mechanism of ['CRC', 'SPT', 'UPR', 'SP'] as const) {
  t.test(
    `${mechanism} has no follow-up procedure: selecting is refused`,
    given(recommendationDecider)
      .when(selectedBy({ deadline: '2024-05-12' }, { mechanism }))
      .thenThrows(RuleViolation, new RegExp(`^${mechanism} has no follow-up procedure`)),
  );
}

t.test('scales: each body grades in its own words, mapped onto the normalised levels', async (t) => {
  t.match(gradeOnScale('CCPR', 'A'), { wording: 'Reply/action largely satisfactory', level: 'satisfactory' });
  t.match(gradeOnScale('CCPR', 'B2'), { level: 'partially_satisfactory' }, 'pre-2016 sub-grade: level of its letter');
  t.match(gradeOnScale('CCPR', 'D2'), { level: 'no_reply' });
  t.match(gradeOnScale('CAT', 'B'), {
    wording: 'Initial steps taken towards implementation',
    level: 'partially_satisfactory',
  });
  t.match(gradeOnScale('CAT', 'E'), { level: 'contrary' });
  t.match(gradeOnScale('CEDAW', '3'), { level: 'not_satisfactory' }, 'CEDAW numbers its outcomes 1 to 5');
  t.match(gradeOnScale('CEDAW', '5'), { level: 'contrary' });
  t.equal(gradeOnScale('CAT', 'B1'), undefined, 'sub-grades are CCPR only');
  t.equal(gradeOnScale('CCPR', '1'), undefined, 'numbers are CEDAW only');
  t.equal(gradeOnScale('CRC', 'A'), undefined, 'no procedure, no scale');
});

t.test(
  'a CEDAW grade on its own scale is recorded with its level',
  given(recommendationDecider, {
    ...recommendationIssued,
    data: { ...recommendationIssued.data, mechanism: 'CEDAW', reportId: undefined },
  } as never)
    .when({ type: 'AssessFollowUp', data: { grade: '2', assessedOn: '2025-03-01' } })
    .then({
      type: 'FollowUpAssessed',
      data: {
        recommendationId: 'cat-c-kaz-co-4-10',
        grade: '2',
        assessedOn: '2025-03-01',
        level: 'partially_satisfactory',
      },
    }),
);

t.test(
  'a number is not on CCPR scale',
  given(recommendationDecider, {
    ...recommendationIssued,
    data: { ...recommendationIssued.data, mechanism: 'CCPR' },
  } as never)
    .when({ type: 'AssessFollowUp', data: { grade: '2', assessedOn: '2025-03-01' } })
    .thenThrows(RuleViolation, /^grade 2 is not on CCPR's scale \(A B C D E B1 B2 C1 C2 D1 D2\)$/),
);
