import t from 'tap';
import { LifecycleConflict, RuleViolation } from '../../../src/domain/errors.js';
import type { IssueRecommendation } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { reportDecider } from '../../../src/domain/report/decider.js';
import { given, stateAfter } from '../given.js';
import {
  concludingObservationsAdopted,
  issueRecommendation,
  recommendationIssued,
  reportPresented,
  reportSubmitted,
} from '../kazakhstan.js';

const kazakhstanReport = stateAfter(reportDecider, reportSubmitted, reportPresented, concludingObservationsAdopted);

/** Issuing paragraph 10 of CAT/C/KAZ/CO/4 with some fields changed, the report loaded as the handler loads it. */
const issue = (changes: Partial<IssueRecommendation> = {}, report = kazakhstanReport) => ({
  type: 'IssueRecommendation' as const,
  data: { ...issueRecommendation.data, ...changes },
  report,
});

/** Paragraph 12(a), not selected for follow-up, issued without naming its report. */
const paragraph12a: Omit<IssueRecommendation, 'followUp'> = {
  state: 'KAZ',
  mechanism: 'CAT',
  symbol: 'CAT/C/KAZ/CO/4',
  paragraph: '12(a)',
  text: 'Ensure that all detained persons are afforded all fundamental legal safeguards from the outset.',
  issuedOn: '2023-05-10',
};

t.test(
  'a recommendation is issued under the slug of its symbol and paragraph, with its report',
  given(recommendationDecider).when(issue()).then(recommendationIssued),
);

t.test(
  'issuing fills the lists left out and names no report nor follow-up when none is given',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: paragraph12a })
    .then({
      type: 'RecommendationIssued',
      data: {
        recommendationId: 'cat-c-kaz-co-4-12-a',
        ...paragraph12a,
        themes: [],
        sdgs: [],
        affectedPersons: [],
        recommendingStates: [],
      },
    }),
);

t.test(
  'issuing drops repeated themes, SDGs, affected persons and recommending States',
  given(recommendationDecider)
    .when({
      type: 'IssueRecommendation',
      data: {
        ...paragraph12a,
        mechanism: 'UPR',
        symbol: 'A/HRC/55/9',
        paragraph: '128.45',
        themes: ['Torture', 'Detention', 'Torture'],
        sdgs: ['16.3', '16.3'],
        affectedPersons: ['Persons deprived of their liberty', 'Persons deprived of their liberty'],
        recommendingStates: ['FRA', 'DEU', 'FRA'],
      },
    })
    .then({
      type: 'RecommendationIssued',
      data: {
        recommendationId: 'a-hrc-55-9-128-45',
        ...paragraph12a,
        mechanism: 'UPR',
        symbol: 'A/HRC/55/9',
        paragraph: '128.45',
        themes: ['Torture', 'Detention'],
        sdgs: ['16.3'],
        affectedPersons: ['Persons deprived of their liberty'],
        recommendingStates: ['FRA', 'DEU'],
      },
    }),
);

t.test(
  'a recommendation is issued once only',
  given(recommendationDecider, recommendationIssued)
    .when(issue())
    .thenThrows(LifecycleConflict, /^recommendation cat-c-kaz-co-4-10 already exists$/),
);

t.test(
  'the report it names must exist',
  given(recommendationDecider)
    .when(issue({}, stateAfter(reportDecider)))
    .thenThrows(RuleViolation, /^report cat-c-kaz-4 does not exist$/),
);

t.test(
  'a report the handler could not load does not exist either',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: issueRecommendation.data })
    .thenThrows(RuleViolation, /^report cat-c-kaz-4 does not exist$/),
);

t.test(
  'the report must concern the same State',
  given(recommendationDecider)
    .when(issue({ state: 'UZB' }))
    .thenThrows(RuleViolation, /report cat-c-kaz-4 concerns KAZ, not UZB/),
);

t.test(
  'the report must have been submitted to the same mechanism',
  given(recommendationDecider)
    .when(issue({ mechanism: 'CCPR' }))
    .thenThrows(RuleViolation, /report cat-c-kaz-4 was submitted to CAT, not CCPR/),
);

t.test(
  'the CRC has no follow-up procedure',
  given(recommendationDecider)
    .when({
      type: 'IssueRecommendation',
      data: { ...paragraph12a, mechanism: 'CRC', followUp: { deadline: '2024-05-12' } },
    })
    .thenThrows(RuleViolation, /CRC has no follow-up procedure/),
);

t.test(
  'the UPR has no follow-up procedure',
  given(recommendationDecider)
    .when({
      type: 'IssueRecommendation',
      data: { ...paragraph12a, mechanism: 'UPR', followUp: { deadline: '2024-05-12' } },
    })
    .thenThrows(RuleViolation, /UPR has no follow-up procedure/),
);

t.test(
  'the follow-up deadline must come after the recommendation is issued',
  given(recommendationDecider)
    .when(issue({ followUp: { deadline: '2023-05-10' } }))
    .thenThrows(
      RuleViolation,
      /follow-up deadline 2023-05-10 must come after the recommendation is issued on 2023-05-10/,
    ),
);

t.test(
  'recommending States are for the UPR only',
  given(recommendationDecider)
    .when(issue({ recommendingStates: ['FRA'] }))
    .thenThrows(RuleViolation, /recommending States are for UPR recommendations only, not for CAT/),
);
