import t from 'tap';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import { given, stateAfter } from '../given.js';
import { followUpReplyReceived, measureImplemented, recommendationIssued, recordMeasure } from '../kazakhstan.js';

/** An illustrative UPR recommendation to Kazakhstan, numbered like the domain's example. */
const uprIssued = {
  type: 'RecommendationIssued' as const,
  data: {
    recommendationId: 'a-hrc-55-9-128-45',
    state: 'KAZ',
    mechanism: 'UPR' as const,
    symbol: 'A/HRC/55/9',
    paragraph: '128.45',
    text: 'Establish a fully independent mechanism to investigate all allegations of torture.',
    issuedOn: '2024-01-26',
    themes: [],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: ['FRA', 'DEU'],
  },
};

const noted = {
  type: 'RespondToRecommendation' as const,
  data: { position: 'noted' as const, respondedOn: '2024-07-10' },
};

/** The law of March 2023 on preventing torture; the day in March is illustrative. */
const lawOnPreventingTorture = {
  type: 'RecordMeasure' as const,
  data: {
    title: 'Law on preventing torture',
    institution: 'Parliament of Kazakhstan',
    implementedOn: '2023-03-15',
    completes: true,
  },
};

t.test(
  'the State under review responds to a UPR recommendation',
  given(recommendationDecider, uprIssued)
    .when(noted)
    .then({
      type: 'RecommendationResponded',
      data: { recommendationId: 'a-hrc-55-9-128-45', position: 'noted', respondedOn: '2024-07-10' },
    }),
);

t.test(
  'only UPR recommendations take a response',
  given(recommendationDecider, recommendationIssued)
    .when(noted)
    .thenThrows(
      RuleViolation,
      /only UPR recommendations take a response; recommendation cat-c-kaz-co-4-10 comes from CAT/,
    ),
);

t.test(
  'a UPR recommendation is responded to once only',
  given(recommendationDecider, uprIssued, {
    type: 'RecommendationResponded',
    data: { recommendationId: 'a-hrc-55-9-128-45', position: 'supported', respondedOn: '2024-07-10' },
  })
    .when(noted)
    .thenThrows(LifecycleConflict, /a-hrc-55-9-128-45 was already responded to on 2024-07-10 \(supported\)/),
);

t.test(
  'a response cannot precede the recommendation',
  given(recommendationDecider, uprIssued)
    .when({ type: 'RespondToRecommendation', data: { position: 'supported', respondedOn: '2024-01-25' } })
    .thenThrows(RuleViolation, /a response given on 2024-01-25 cannot precede recommendation a-hrc-55-9-128-45/),
);

t.test(
  'a measure is recorded, completing nothing and with no evidence unless said',
  given(recommendationDecider, recommendationIssued).when(recordMeasure).then(measureImplemented),
);

t.test(
  'a measure keeps its description and evidence',
  given(recommendationDecider, recommendationIssued)
    .when({
      type: 'RecordMeasure',
      data: {
        ...recordMeasure.data,
        description: 'Medical units of the penitentiary system report to the Ministry of Healthcare.',
        evidence: [{ title: 'Government decree', url: 'https://adilet.zan.kz/' }],
        completes: true,
      },
    })
    .then({
      type: 'MeasureImplemented',
      data: {
        ...measureImplemented.data,
        description: 'Medical units of the penitentiary system report to the Ministry of Healthcare.',
        evidence: [{ title: 'Government decree', url: 'https://adilet.zan.kz/' }],
        completes: true,
      },
    }),
);

t.test(
  'a measure cannot precede the recommendation: the March 2023 law came before the May 2023 observations',
  given(recommendationDecider, recommendationIssued)
    .when(lawOnPreventingTorture)
    .thenThrows(
      RuleViolation,
      /a measure implemented on 2023-03-15 cannot precede recommendation cat-c-kaz-co-4-10, issued on 2023-05-10/,
    ),
);

t.test(
  'measures go on being recorded after one completed the implementation',
  given(recommendationDecider, recommendationIssued, {
    ...measureImplemented,
    data: { ...measureImplemented.data, completes: true },
  })
    .when(recordMeasure)
    .then(measureImplemented),
);

t.test(
  'an unknown recommendation takes no measure',
  given(recommendationDecider)
    .when(recordMeasure)
    .thenThrows(NotFound, /the recommendation does not exist/),
);

t.test(
  'an unknown recommendation takes no response',
  given(recommendationDecider)
    .when(noted)
    .thenThrows(NotFound, /the recommendation does not exist/),
);

t.test('the state keeps the facts in recording order and the implementation status', async (t) => {
  t.strictSame(stateAfter(recommendationDecider), { exists: false });
  const issued = stateAfter(recommendationDecider, recommendationIssued);
  t.match(issued, { exists: true, id: 'cat-c-kaz-co-4-10', reportId: 'cat-c-kaz-4', status: 'no_information' });
  t.strictSame(stateAfter(recommendationDecider, recommendationIssued, measureImplemented), {
    exists: true,
    id: 'cat-c-kaz-co-4-10',
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    issuedOn: '2023-05-10',
    reportId: 'cat-c-kaz-4',
    followUp: { deadline: '2024-05-12' },
    source: {
      text: recommendationIssued.data.text,
      themes: recommendationIssued.data.themes,
      sdgs: recommendationIssued.data.sdgs,
      affectedPersons: ['Persons deprived of their liberty'],
      recommendingStates: [],
      unmappedRecommendingStates: [],
    },
    translations: {},
    measures: [{ ...recordMeasure.data, evidence: [], completes: false }],
    notStarted: [],
    replies: [],
    assessments: [],
    reminders: [],
    requests: [],
    midTermReports: [],
    status: 'in_progress',
    responsibilities: [],
  });
  const completed = { ...measureImplemented, data: { ...measureImplemented.data, completes: true } };
  const later = stateAfter(
    recommendationDecider,
    recommendationIssued,
    measureImplemented,
    completed,
    followUpReplyReceived,
    {
      type: 'FollowUpAssessed',
      data: {
        recommendationId: 'cat-c-kaz-co-4-10',
        grade: 'B',
        level: 'partially_satisfactory',
        assessedOn: '2024-11-22',
      },
    },
  );
  t.match(later, {
    status: 'implemented',
    measures: [{ completes: false }, { completes: true }],
    replies: [{ receivedOn: '2024-05-13' }],
    assessments: [{ grade: 'B', level: 'partially_satisfactory' }],
  });
  const upr = stateAfter(recommendationDecider, uprIssued, {
    type: 'RecommendationResponded',
    data: { recommendationId: 'a-hrc-55-9-128-45', position: 'supported_in_part', respondedOn: '2024-07-10' },
  });
  t.match(upr, { response: { position: 'supported_in_part', respondedOn: '2024-07-10' } });
});

t.test(
  'given a UPR recommendation, when the State supports it in part in the addendum, then the position keeps its source',
  given(recommendationDecider, uprIssued)
    .when({
      type: 'RespondToRecommendation',
      data: {
        position: 'supported_in_part',
        respondedOn: '2024-06-20',
        source: { document: 'addendum', symbol: 'A/HRC/55/9/Add.1' },
      },
    })
    .then({
      type: 'RecommendationResponded',
      data: {
        recommendationId: 'a-hrc-55-9-128-45',
        position: 'supported_in_part',
        respondedOn: '2024-06-20',
        source: { document: 'addendum', symbol: 'A/HRC/55/9/Add.1' },
      },
    }),
);

const midTermReport = {
  type: 'RecordMidTermReport' as const,
  data: { symbol: 'KAZ/UPR/MTR/4', submittedOn: '2026-09-30', summary: 'A bill on an independent mechanism.' },
};
const midTermReportRecorded = {
  type: 'MidTermReportRecorded' as const,
  data: { recommendationId: 'a-hrc-55-9-128-45', ...midTermReport.data },
};

t.test(
  'given a UPR recommendation, when a mid-term report covers it, then it is recorded with its day and symbol',
  given(recommendationDecider, uprIssued).when(midTermReport).then(midTermReportRecorded),
);

t.test(
  'given a mid-term report recorded, when the same report is recorded again, then it is a conflict',
  given(recommendationDecider, uprIssued, midTermReportRecorded)
    .when(midTermReport)
    .thenThrows(LifecycleConflict, /the mid-term report KAZ\/UPR\/MTR\/4 of 2026-09-30 already covers/),
);

t.test(
  'given a treaty-body recommendation, when a mid-term report is recorded, then it is refused: they are the UPR’s',
  given(recommendationDecider, recommendationIssued)
    .when(midTermReport)
    .thenThrows(RuleViolation, /mid-term reports are the UPR's/),
);

t.test(
  'given a UPR recommendation, when a mid-term report predates it, then it is refused',
  given(recommendationDecider, uprIssued)
    .when({ ...midTermReport, data: { ...midTermReport.data, submittedOn: '2024-01-25' } })
    .thenThrows(RuleViolation, /a mid-term report submitted on 2024-01-25 cannot precede/),
);
