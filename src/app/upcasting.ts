import { CURRENT_SCHEMA_VERSION, type DomainEvent, isDomainEventType } from '../domain/events.js';
import type { TokenEvent } from '../domain/token/token.js';
import type { RecordedEvent } from '../eventstore/port.js';

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
export function upcastRecorded(recorded: RecordedEvent): RecordedEvent {
  const current = schemaVersionOf(recorded.type);
  if (recorded.metadata.schemaVersion >= current) return recorded;
  const data = upcastData(recorded.type, recorded.data, recorded.metadata.schemaVersion);
  return { ...recorded, data, metadata: { ...recorded.metadata, schemaVersion: current } };
}

/** A stored event as the deciders and projections know it today: every read goes through here. */
export function decodeEvent<Event extends DomainEvent | TokenEvent = DomainEvent>(recorded: RecordedEvent): Event {
  return {
    type: recorded.type,
    data: upcastData(recorded.type, recorded.data, recorded.metadata.schemaVersion),
  } as Event;
}
