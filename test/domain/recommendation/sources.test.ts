/** What a recommendation carries from the index: the UPR session and cycle, the mandate, the other States concerned. */
import t from 'tap';
import { RuleViolation } from '../../../src/domain/errors.js';
import type { IssueRecommendation } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { uprCycleOf } from '../../../src/domain/vocabulary.js';
import { given } from '../given.js';

const upr: Omit<IssueRecommendation, 'followUp'> = {
  state: 'BOL',
  mechanism: 'UPR',
  symbol: 'A/HRC/43/7',
  paragraph: '115.12',
  text: 'Ratify the Optional Protocol to the Convention against Torture',
  issuedOn: '2019-12-17',
  recommendingStates: ['TUR'],
};
const special: Omit<IssueRecommendation, 'followUp'> = {
  state: 'BLR',
  mechanism: 'SP',
  symbol: 'A/HRC/53/50',
  paragraph: '102',
  text: 'Release all persons detained for exercising their rights.',
  issuedOn: '2023-05-04',
};
const lists = { themes: [], sdgs: [], affectedPersons: [] };

t.test('UPR sessions belong to cycles: 1–12, 13–26, 27–40, 41 on', async (t) => {
  t.strictSame([1, 12, 13, 26, 27, 40, 41, 48].map(uprCycleOf), [1, 1, 2, 2, 3, 3, 4, 4]);
});

t.test(
  'a UPR recommendation keeps its session and the cycle it belongs to, and the recommending States without a code',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...upr, uprSession: 34, unmappedRecommendingStates: ['Narnia'] } })
    .then({
      type: 'RecommendationIssued',
      data: {
        recommendationId: 'a-hrc-43-7-115-12',
        ...upr,
        ...lists,
        recommendingStates: ['TUR'],
        unmappedRecommendingStates: ['Narnia'],
        uprSession: 34,
        uprCycle: 3,
      },
    }),
);

t.test(
  'a cycle that contradicts the session is refused',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...upr, uprSession: 34, uprCycle: 4 } })
    .thenThrows(RuleViolation, /session 34 belongs to cycle 3, not 4/),
);

t.test(
  'a session is for the UPR only',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...special, uprSession: 34 } })
    .thenThrows(RuleViolation, /UPR recommendations only, not for SP/),
);

t.test(
  'a special procedure names its mandates',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...special, mandates: ['arbitrary-detention', 'country-blr'] } })
    .then({
      type: 'RecommendationIssued',
      data: {
        recommendationId: 'a-hrc-53-50-102',
        ...special,
        ...lists,
        recommendingStates: [],
        mandates: ['arbitrary-detention', 'country-blr'],
      },
    }),
);

t.test(
  'a mandate is for special procedures only',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...upr, mandates: ['torture'] } })
    .thenThrows(RuleViolation, /special procedures \(SP\) only, not for UPR/),
);

t.test(
  'a paragraph concerning several States is one recommendation to each: the id names the State',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...special, otherStatesConcerned: ['LTU', 'BLR'] } })
    .then({
      type: 'RecommendationIssued',
      data: {
        recommendationId: 'a-hrc-53-50-102-blr',
        ...special,
        ...lists,
        recommendingStates: [],
        otherStatesConcerned: ['LTU'],
      },
    }),
);
