/** A newer export of the source: only what changed is an event of its own, so the history shows it. */
import t from 'tap';
import { RuleViolation } from '../../../src/domain/errors.js';
import type { ReviseFromSource } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { given, stateAfter } from '../given.js';
import { recommendationIssued } from '../kazakhstan.js';

const id = 'a-hrc-43-7-115-12';
const uprIssued = {
  type: 'RecommendationIssued' as const,
  data: {
    recommendationId: id,
    state: 'BOL',
    mechanism: 'UPR' as const,
    symbol: 'A/HRC/43/7',
    paragraph: '115.12',
    text: 'Ratify the Optional Protocol to the Convention against Torture',
    issuedOn: '2019-12-17',
    themes: ['Torture'],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: ['TUR'],
  },
};
const same: ReviseFromSource = {
  text: uprIssued.data.text,
  themes: ['Torture'],
  sdgs: [],
  affectedPersons: [],
  recommendingStates: ['TUR'],
};
const revise = (changes: Partial<ReviseFromSource>) => ({
  type: 'ReviseFromSource' as const,
  data: { ...same, ...changes },
});

t.test('the same source again changes nothing', given(recommendationDecider, uprIssued).when(revise({})).then());

t.test(
  'a changed text is an event of its own',
  given(recommendationDecider, uprIssued)
    .when(revise({ text: 'Ratify OP-CAT' }))
    .then({ type: 'RecommendationTextChanged', data: { recommendationId: id, text: 'Ratify OP-CAT' } }),
);

t.test(
  'new themes are a reclassification; recommending States named anew are added, never removed',
  given(recommendationDecider, uprIssued)
    .when(revise({ themes: ['Torture', 'Torture'], sdgs: ['16.3'], recommendingStates: ['NOR', 'TUR'] }))
    .then(
      {
        type: 'RecommendationReclassified',
        data: { recommendationId: id, themes: ['Torture'], sdgs: ['16.3'], affectedPersons: [] },
      },
      { type: 'RecommendingStatesAdded', data: { recommendationId: id, states: ['NOR'] } },
    ),
);

t.test('after them the source is what was said last', async (t) => {
  const added = {
    type: 'RecommendingStatesAdded' as const,
    data: { recommendationId: id, states: ['NOR'], unmapped: ['Narnia'] },
  };
  const changed = { type: 'RecommendationTextChanged' as const, data: { recommendationId: id, text: 'Ratify OP-CAT' } };
  t.match(stateAfter(recommendationDecider, uprIssued, added, changed), {
    source: { text: 'Ratify OP-CAT', recommendingStates: ['TUR', 'NOR'], unmappedRecommendingStates: ['Narnia'] },
  });
  t.strictSame(
    recommendationDecider.decide(
      revise({ recommendingStates: ['NOR'], unmappedRecommendingStates: ['Narnia'] }),
      stateAfter(recommendationDecider, uprIssued, added),
    ),
    [],
    'a State named before, in any listing, is not added again',
  );
});

t.test(
  'recommending States are for the UPR only',
  given(recommendationDecider, recommendationIssued)
    .when({
      type: 'ReviseFromSource',
      data: { text: recommendationIssued.data.text, recommendingStates: ['NOR'] },
    })
    .thenThrows(RuleViolation, /UPR recommendations only, not for CAT/),
);
