/** The status tally a long history keeps instead of every measure agrees with the decider's status, event by event. */
import fc from 'fast-check';
import t from 'tap';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../src/domain/recommendation/events.js';
import { NO_TALLY, tallied, talliedStatus } from '../../../src/domain/recommendation/status.js';
import { measureImplemented, RECOMMENDATION_ID, recommendationIssued } from '../kazakhstan.js';

const notStarted = (n: number): RecommendationEvent => ({
  type: 'NotStartedRecorded',
  data: { recommendationId: RECOMMENDATION_ID, recordedOn: '2025-01-01', note: `statement ${n}` },
});
const measure = (completes: boolean): RecommendationEvent => ({
  ...measureImplemented,
  data: { ...measureImplemented.data, completes },
});
const reply: RecommendationEvent = {
  type: 'FollowUpReplyReceived',
  data: { recommendationId: RECOMMENDATION_ID, receivedOn: '2025-02-01' },
};

const anyEvent = fc.oneof(
  fc.constant(measure(false)),
  fc.constant(measure(true)),
  fc.nat(9).map(notStarted),
  fc.constant(reply),
  fc.constant(recommendationIssued as RecommendationEvent),
);

t.test('after every event of any stream, the tally says the status the decider keeps', async (t) => {
  fc.assert(
    fc.property(fc.boolean(), fc.array(anyEvent, { maxLength: 40 }), (issuedFirst, rest) => {
      const events = issuedFirst ? [recommendationIssued as RecommendationEvent, ...rest] : rest;
      let state = recommendationDecider.initialState();
      let tally = NO_TALLY;
      for (const event of events) {
        state = recommendationDecider.evolve(state, event);
        tally = tallied(tally, event);
        const decided = state.exists ? state.status : 'no_information';
        const fromTally = tally.issued ? talliedStatus(tally) : 'no_information';
        if (decided !== fromTally) return false;
      }
      return true;
    }),
    { numRuns: 500 },
  );
  t.pass('500 random streams agree');
});
