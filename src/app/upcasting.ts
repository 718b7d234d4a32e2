import type { DomainEvent } from '../domain/events.js';
import type { TokenEvent } from '../domain/token/token.js';
import type { RecordedEvent } from '../eventstore/port.js';

/** Turns the data of an older schema version into the current one; one entry per event type that changed. */
type Upcaster = (data: unknown, schemaVersion: number) => unknown;
const upcasters: Partial<Record<string, Upcaster>> = {};

/** A stored event as the deciders and projections know it today: every read goes through here. */
export function decodeEvent<Event extends DomainEvent | TokenEvent = DomainEvent>(recorded: RecordedEvent): Event {
  const upcast = upcasters[recorded.type];
  const data = upcast ? upcast(recorded.data, recorded.metadata.schemaVersion) : recorded.data;
  return { type: recorded.type, data } as Event;
}
