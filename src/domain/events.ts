import type { z } from 'zod';
import { type RecommendationEvent, recommendationEventSchemas } from './recommendation/events.js';
import { type ReportEvent, reportEventSchemas } from './report/events.js';

/** Every event the domain records about reports and recommendations. */
export type DomainEvent = ReportEvent | RecommendationEvent;
export type DomainEventType = DomainEvent['type'];

/**
 * The zod schema of each event type's data: the shape the deciders' events have. Stored events are not validated
 * again when read (the hash chain finds one altered); `parseDomainEvent` checks one against it when asked.
 */
export const eventSchemas = { ...reportEventSchemas, ...recommendationEventSchemas } as const satisfies Record<
  DomainEventType,
  z.ZodType
>;

export const EVENT_TYPES = Object.keys(eventSchemas) as DomainEventType[];

/** The schema version written with each new event; raise it when an event's data changes shape. */
export const CURRENT_SCHEMA_VERSION: Readonly<Record<DomainEventType, number>> = {
  ReportSubmitted: 1,
  ReportPresented: 1,
  ConcludingObservationsAdopted: 1,
  RecommendationIssued: 1,
  RecommendationResponded: 1,
  MeasureImplemented: 2,
  NotStartedRecorded: 1,
  RecommendationTextChanged: 1,
  RecommendationReclassified: 1,
  RecommendingStatesAdded: 1,
  FollowUpReplyReceived: 1,
  FollowUpAssessed: 1,
};

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(eventSchemas, type);
}

/** A stored event as a typed domain event; throws a ZodError when its data does not match its type's schema. */
export function parseDomainEvent(type: string, data: unknown): DomainEvent {
  if (!isDomainEventType(type)) throw new Error(`unknown event type ${type}`);
  return { type, data: eventSchemas[type].parse(data) } as DomainEvent;
}
