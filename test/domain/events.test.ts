import t from 'tap';
import {
  CURRENT_SCHEMA_VERSION,
  EVENT_TYPES,
  eventSchemas,
  isDomainEventType,
  parseDomainEvent,
} from '../../src/domain/events.js';
import {
  concludingObservationsAdopted,
  followUpReplyReceived,
  measureImplemented,
  recommendationIssued,
  reportPresented,
  reportSubmitted,
} from './kazakhstan.js';

t.test('every event type has a schema and a current version', async (t) => {
  t.strictSame([...EVENT_TYPES].sort(), [
    'ActionPlanned',
    'ActionProgressReported',
    'ClusterFormed',
    'CommunicationReplyReceived',
    'CommunicationSent',
    'ConcludingObservationsAdopted',
    'CountryVisitRecorded',
    'FollowUpAssessed',
    'FollowUpClosed',
    'FollowUpReminderSent',
    'FollowUpReplyReceived',
    'FurtherInformationRequested',
    'IndicatorDefined',
    'IndicatorValueRecorded',
    'InstitutionRegistered',
    'ListOfIssuesAdopted',
    'ListOfIssuesRepliesReceived',
    'MeasureImplemented',
    'MidTermReportRecorded',
    'NotStartedRecorded',
    'RecommendationIssued',
    'RecommendationReclassified',
    'RecommendationResponded',
    'RecommendationTextChanged',
    'RecommendationTextTranslated',
    'RecommendationUnclustered',
    'RecommendationsClustered',
    'RecommendingStatesAdded',
    'ReportPresented',
    'ReportSubmitted',
    'ResponsibilityAssigned',
    'ResponsibilityWithdrawn',
    'VisitReportPublished',
  ]);
  for (const type of EVENT_TYPES) {
    t.ok(eventSchemas[type], `${type} has a schema`);
    // MeasureImplemented gained an optional `category` in version 2.
    const version = type === 'MeasureImplemented' ? 2 : 1;
    t.equal(CURRENT_SCHEMA_VERSION[type], version, `${type} is at version ${version}`);
  }
});

t.test('the events of the founding case parse back as they were', async (t) => {
  const recorded = [
    reportSubmitted,
    reportPresented,
    concludingObservationsAdopted,
    recommendationIssued,
    measureImplemented,
    followUpReplyReceived,
  ];
  for (const event of recorded) t.strictSame(parseDomainEvent(event.type, event.data), event, event.type);
});

t.test('stored data that does not match its schema is refused', async (t) => {
  t.throws(() => parseDomainEvent('ReportPresented', { reportId: 'cat-c-kaz-4', session: 76 }));
  t.throws(() => parseDomainEvent('ReportPresented', { ...reportPresented.data, extra: true }), 'unknown fields too');
});

t.test('an unknown event type is refused', async (t) => {
  t.notOk(isDomainEventType('ReportWithdrawn'));
  t.notOk(isDomainEventType('toString'), 'not fooled by inherited properties');
  t.ok(isDomainEventType('FollowUpAssessed'));
  t.throws(() => parseDomainEvent('ReportWithdrawn', {}), /unknown event type ReportWithdrawn/);
});
