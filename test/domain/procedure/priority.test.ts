import t from 'tap';
import { RuleViolation } from '../../../src/domain/errors.js';
import { recommendationIdOf } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { given } from '../given.js';
import { issueRecommendation, recommendationIssued } from '../kazakhstan.js';

// Without its report or follow-up, so that the decider needs nothing loaded.
const { followUp: _given, reportId: _r, ...unselected } = issueRecommendation.data;
const { followUp: _issued, reportId: _i, ...issued } = recommendationIssued.data;

// Illustrative: a CRC recommendation in an area where "urgent measures must be taken" (docs/domain.md).
const crc = { ...unselected, mechanism: 'CRC' as const, symbol: 'CRC/C/KAZ/CO/5', paragraph: '18' };
const crcId = recommendationIdOf(crc);

t.test(
  'given nothing, when the CRC issues a recommendation on urgent measures, then it is designated so',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...crc, priority: 'urgent_measures' } })
    .then({
      type: 'RecommendationIssued',
      data: {
        ...issued,
        recommendationId: crcId,
        mechanism: 'CRC',
        symbol: 'CRC/C/KAZ/CO/5',
        paragraph: '18',
        priority: 'urgent_measures',
      },
    }),
);

t.test(
  'given nothing, when another body designates urgent measures, then it is refused: they are the CRC’s',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...unselected, priority: 'urgent_measures' } })
    .thenThrows(RuleViolation, /urgent measures are designated by the CRC, not by the CAT/),
);

t.test(
  'given nothing, when any body designates a priority, then it is kept',
  given(recommendationDecider)
    .when({ type: 'IssueRecommendation', data: { ...unselected, priority: 'priority' } })
    .then({ type: 'RecommendationIssued', data: { ...issued, priority: 'priority' } }),
);

t.test(
  'given nothing, when a recommendation has no designation, then the event says none',
  given(recommendationDecider).when({ type: 'IssueRecommendation', data: unselected }).then({
    type: 'RecommendationIssued',
    data: issued,
  }),
);
