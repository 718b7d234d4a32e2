import type { z } from 'zod';
import { type ActionEvent, actionEventSchemas } from './action/action.js';
import { type ClusterEvent, clusterEventSchemas } from './cluster/cluster.js';
import { type IndicatorEvent, indicatorEventSchemas } from './indicator/indicator.js';
import { type InstitutionEvent, institutionEventSchemas } from './institution/institution.js';
import { type RecommendationEvent, recommendationEventSchemas } from './recommendation/events.js';
import { type ReportEvent, reportEventSchemas } from './report/events.js';
import { type CommunicationEvent, communicationEventSchemas } from './special-procedure/communication.js';
import { type VisitEvent, visitEventSchemas } from './special-procedure/visit.js';

/** What a State plans to implement recommendations: institutions, clusters, actions, indicators. */
export type PlanningEvent = InstitutionEvent | ClusterEvent | ActionEvent | IndicatorEvent;

/** What the special procedures do beside their recommendations: country visits, communications and replies. */
export type SpecialProcedureEvent = VisitEvent | CommunicationEvent;

/** Every event the domain records about reports, recommendations, a State's plan and the special procedures. */
export type DomainEvent = ReportEvent | RecommendationEvent | PlanningEvent | SpecialProcedureEvent;
export type DomainEventType = DomainEvent['type'];

/**
 * The zod schema of each event type's data: the shape the deciders' events have. Stored events are not validated
 * again when read (the hash chain finds one altered); `parseDomainEvent` checks one against it when asked.
 */
export const eventSchemas = {
  ...reportEventSchemas,
  ...recommendationEventSchemas,
  ...institutionEventSchemas,
  ...clusterEventSchemas,
  ...actionEventSchemas,
  ...indicatorEventSchemas,
  ...visitEventSchemas,
  ...communicationEventSchemas,
} as const satisfies Record<DomainEventType, z.ZodType>;

export const EVENT_TYPES = Object.keys(eventSchemas) as DomainEventType[];

/** The schema version written with each new event; raise it when an event's data changes shape. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<DomainEventType, number>> = {
  ReportSubmitted: 1,
  ReportPresented: 1,
  ConcludingObservationsAdopted: 1,
  ListOfIssuesAdopted: 1,
  ListOfIssuesRepliesReceived: 1,
  RecommendationIssued: 1,
  RecommendationResponded: 1,
  MeasureImplemented: 2,
  NotStartedRecorded: 1,
  RecommendationTextChanged: 1,
  RecommendationTextTranslated: 1,
  RecommendationReclassified: 1,
  RecommendingStatesAdded: 1,
  FollowUpReplyReceived: 1,
  FollowUpAssessed: 1,
  FollowUpReminderSent: 1,
  FurtherInformationRequested: 1,
  MidTermReportRecorded: 1,
  FollowUpClosed: 1,
  ResponsibilityAssigned: 1,
  ResponsibilityWithdrawn: 1,
  InstitutionRegistered: 1,
  ClusterFormed: 1,
  RecommendationsClustered: 1,
  RecommendationUnclustered: 1,
  ActionPlanned: 1,
  ActionProgressReported: 1,
  IndicatorDefined: 1,
  IndicatorValueRecorded: 1,
  CountryVisitRecorded: 1,
  VisitReportPublished: 1,
  CommunicationSent: 1,
  CommunicationReplyReceived: 1,
};

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(eventSchemas, type);
}

/** A stored event as a typed domain event; throws a ZodError when its data does not match its type's schema. */
export function parseDomainEvent(type: string, data: unknown): DomainEvent {
  if (!isDomainEventType(type)) throw new Error(`unknown event type ${type}`);
  return { type, data: eventSchemas[type].parse(data) } as DomainEvent;
}
