import { CURRENT_SCHEMA_VERSION, type DomainEvent, isDomainEventType } from './events.js';
import type { SubscriptionEvent } from './subscription/subscription.js';
import type { TokenEvent } from './token/token.js';

/** Raises the data of one event type from schema version `n` to `n + 1`. */
type Step = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Every change of an event's shape, as steps from its version 1 (index 0) on: the only place that knows old shapes.
 * Stored events are never rewritten; they are raised to the current shape each time they are read.
 */
const steps: Partial<Record<string, readonly Step[]>> = {
  // v1 → v2: `category` was added, optional; a version-1 measure has none, and v2 reads that as "not categorised".
  MeasureImplemented: [(data) => data],
};

/** What upcasting needs of a stored event: its type, its data and the schema version it was written with. */
export interface VersionedEvent {
  type: string;
  data: unknown;
  metadata: { schemaVersion: number };
}

/** The schema version new events of this type are written with. */
export function schemaVersionOf(type: string): number {
  return isDomainEventType(type) ? CURRENT_SCHEMA_VERSION[type] : 1;
}

/** The data of a stored event raised to the current schema version of its type. */
export function upcastData(type: string, data: unknown, schemaVersion: number): unknown {
  const pending = steps[type]?.slice(Math.max(0, schemaVersion - 1)) ?? [];
  if (pending.length === 0 || typeof data !== 'object' || data === null) return data;
  return pending.reduce((raised, step) => step(raised), data as Record<string, unknown>);
}

/** A stored event as the current code knows it: its data upcast, its metadata naming the version it now has. */
export function upcastRecorded<Event extends VersionedEvent>(recorded: Event): Event {
  const current = schemaVersionOf(recorded.type);
  if (recorded.metadata.schemaVersion >= current) return recorded;
  const data = upcastData(recorded.type, recorded.data, recorded.metadata.schemaVersion);
  return { ...recorded, data, metadata: { ...recorded.metadata, schemaVersion: current } };
}

/** A stored event as the deciders know it today: every read of a stream goes through here. */
export function decodeEvent<Event extends DomainEvent | TokenEvent | SubscriptionEvent = DomainEvent>(
  recorded: VersionedEvent,
): Event {
  return {
    type: recorded.type,
    data: upcastData(recorded.type, recorded.data, recorded.metadata.schemaVersion),
  } as Event;
}
