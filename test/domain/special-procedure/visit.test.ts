import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { IssueRecommendation } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import {
  checkVisitOfRecommendation,
  type VisitEvent,
  visitDecider,
} from '../../../src/domain/special-procedure/visit.js';
import { given, stateAfter } from '../given.js';

// An illustrative visit, not a real one.
const visitData = { mandate: 'torture', state: 'KAZ', startedOn: '2024-05-13', endedOn: '2024-05-24' };
const recorded: VisitEvent = {
  type: 'CountryVisitRecorded',
  data: { visitId: 'torture-kaz-2024-05-13', ...visitData },
};
const report = { symbol: 'A/HRC/58/55/Add.1', publishedOn: '2025-02-20' };
const published: VisitEvent = { type: 'VisitReportPublished', data: { visitId: 'torture-kaz-2024-05-13', ...report } };

t.test('recording a visit', async (t) => {
  t.test(
    'given nothing, when recorded, then the visit is',
    given(visitDecider).when({ type: 'RecordCountryVisit', data: visitData }).then(recorded),
  );
  t.test(
    'given nothing, when recorded with its report, then both',
    given(visitDecider)
      .when({ type: 'RecordCountryVisit', data: { ...visitData, report } })
      .then(recorded, published),
  );
  t.test(
    'given it was recorded, when recorded again, then 409',
    given(visitDecider, recorded)
      .when({ type: 'RecordCountryVisit', data: visitData })
      .thenThrows(LifecycleConflict, /already recorded/),
  );
  t.test(
    'the mandate must be in the vocabulary',
    given(visitDecider)
      .when({ type: 'RecordCountryVisit', data: { ...visitData, mandate: 'sr-unknown' } })
      .thenThrows(RuleViolation, /sr-unknown is not a mandate/),
  );
  t.test(
    'a visit ends on or after it starts (one day is a visit)',
    given(visitDecider)
      .when({ type: 'RecordCountryVisit', data: { ...visitData, endedOn: '2024-05-12' } })
      .thenThrows(RuleViolation, /ends on or after it starts/),
  );
  t.test(
    'a one-day visit',
    given(visitDecider)
      .when({ type: 'RecordCountryVisit', data: { ...visitData, endedOn: '2024-05-13' } })
      .then({ type: 'CountryVisitRecorded', data: { ...recorded.data, endedOn: '2024-05-13' } }),
  );
});

t.test('its report', async (t) => {
  t.test(
    'given a visit, when its report is published, then it is recorded',
    given(visitDecider, recorded).when({ type: 'PublishVisitReport', data: report }).then(published),
  );
  t.test(
    'given no visit, then 404',
    given(visitDecider)
      .when({ type: 'PublishVisitReport', data: report })
      .thenThrows(NotFound, /record it first/),
  );
  t.test(
    'given its report, when another, then 409',
    given(visitDecider, recorded, published)
      .when({ type: 'PublishVisitReport', data: report })
      .thenThrows(LifecycleConflict, /A\/HRC\/58\/55\/Add.1/),
  );
  t.test(
    'a report follows the visit',
    given(visitDecider, recorded)
      .when({ type: 'PublishVisitReport', data: { ...report, publishedOn: '2024-05-23' } })
      .thenThrows(RuleViolation, /follows the visit/),
  );
});

t.test("a recommendation of the visit's report", async (t) => {
  const visit = stateAfter(visitDecider, recorded, published);
  const issue = IssueRecommendation.parse({
    state: 'KAZ',
    mechanism: 'SP',
    symbol: 'A/HRC/58/55/Add.1',
    paragraph: '87(a)',
    text: 'Ensure that every person deprived of liberty has access to a lawyer from the outset.',
    issuedOn: '2025-02-20',
    visitId: 'torture-kaz-2024-05-13',
  });
  t.test('given its visit, when issued, then it carries the visit and its mandate', async (t) => {
    const [event] = recommendationDecider.decide({ type: 'IssueRecommendation', data: issue, visit }, {
      exists: false,
    } as never);
    t.match(event, {
      type: 'RecommendationIssued',
      data: { visitId: 'torture-kaz-2024-05-13', mandates: ['torture'] },
    });
  });
  t.throws(() => checkVisitOfRecommendation('x', { exists: false }, issue), /visit x does not exist/);
  t.throws(
    () => checkVisitOfRecommendation('v', visit, { ...issue, mechanism: 'CAT' }),
    /special procedure's \(SP\), not CAT's/,
  );
  t.throws(() => checkVisitOfRecommendation('v', visit, { ...issue, state: 'UZB' }), /was to KAZ, not UZB/);
  t.throws(() => checkVisitOfRecommendation('v', visit, { ...issue, symbol: 'A/HRC/58/55' }), /not A\/HRC\/58\/55$/);
  t.throws(() => checkVisitOfRecommendation('v', stateAfter(visitDecider, recorded), issue), /is not published/);
});
