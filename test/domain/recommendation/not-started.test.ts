/** Not started is said, on a day, by someone: never the default. */
import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { commitmentOf } from '../../../src/domain/vocabulary.js';
import { given, stateAfter } from '../given.js';
import { measureImplemented, recommendationIssued } from '../kazakhstan.js';

const saidNotStarted = {
  type: 'RecordNotStarted' as const,
  data: { recordedOn: '2024-05-13', note: 'Follow-up reply of Kazakhstan: the bill is still being drafted' },
};
const notStartedRecorded = {
  type: 'NotStartedRecorded' as const,
  data: { recommendationId: 'cat-c-kaz-co-4-10', ...saidNotStarted.data },
};

t.test('an issued recommendation is no information, not "not started"', async (t) => {
  t.match(stateAfter(recommendationDecider, recommendationIssued), { status: 'no_information' });
});

t.test(
  'a State or the secretariat records that it has not started, with the day and a note',
  given(recommendationDecider, recommendationIssued).when(saidNotStarted).then(notStartedRecorded),
);

t.test('after that it is not started, until a measure is recorded', async (t) => {
  t.match(stateAfter(recommendationDecider, recommendationIssued, notStartedRecorded), {
    status: 'not_started',
    notStarted: [{ recordedOn: '2024-05-13' }],
  });
  t.match(stateAfter(recommendationDecider, recommendationIssued, notStartedRecorded, measureImplemented), {
    status: 'in_progress',
  });
});

t.test(
  'saying it again later is recorded again',
  given(recommendationDecider, recommendationIssued, notStartedRecorded)
    .when({ type: 'RecordNotStarted', data: { recordedOn: '2025-05-13' } })
    .then({ type: 'NotStartedRecorded', data: { recommendationId: 'cat-c-kaz-co-4-10', recordedOn: '2025-05-13' } }),
);

t.test(
  'a recommendation with a measure recorded has started',
  given(recommendationDecider, recommendationIssued, measureImplemented)
    .when(saidNotStarted)
    .thenThrows(LifecycleConflict, /1 measure\(s\) recorded: its implementation has started/),
);

t.test(
  'not before the recommendation was issued',
  given(recommendationDecider, recommendationIssued)
    .when({ type: 'RecordNotStarted', data: { recordedOn: '2023-05-09' } })
    .thenThrows(RuleViolation, /cannot precede recommendation cat-c-kaz-co-4-10, issued on 2023-05-10/),
);

t.test(
  'not on a recommendation never issued',
  given(recommendationDecider)
    .when(saidNotStarted)
    .thenThrows(NotFound, /does not exist/),
);

t.test('what counts as a commitment: treaty bodies and supported UPR; the rest apart', async (t) => {
  t.equal(commitmentOf('CAT', undefined), 'accepted');
  t.equal(commitmentOf('UPR', 'supported'), 'accepted');
  t.equal(commitmentOf('UPR', 'supported_in_part'), 'supported_in_part');
  t.equal(commitmentOf('UPR', 'noted'), 'noted');
  t.equal(commitmentOf('UPR', undefined), 'pending');
  t.equal(commitmentOf('SP', undefined), 'special_procedure');
});
