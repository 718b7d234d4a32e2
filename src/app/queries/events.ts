/** The log as the feed, the event stream and the export serve it: the same view and the same public categories. */
import { isAdmin, type Principal } from '../../domain/token/permissions.js';
import type { EventFilter, RecordedEvent } from '../../eventstore/port.js';

/** Categories anyone may read; token events are administrative, for admins only (never exported). */
export const PUBLIC_CATEGORIES: readonly string[] = ['report', 'recommendation'];

/**
 * An event as it was recorded (its data as stored, so that its hash can be checked), without the idempotency record,
 * which names a client's key.
 */
export function eventView(event: RecordedEvent) {
  const { idempotency: _key, ...metadata } = event.metadata;
  const { position, stream, revision, type, data } = event;
  return { position, stream, revision, type, recordedAt: event.metadata.recordedAt, data, metadata };
}

/** The events a principal may read, narrowed to one type or one stream when asked. */
export function readableBy(principal: Principal, narrowed: { type?: string; stream?: string } = {}): EventFilter {
  return {
    ...(isAdmin(principal) ? {} : { categories: PUBLIC_CATEGORIES }),
    ...(narrowed.type ? { types: [narrowed.type] } : {}),
    ...(narrowed.stream ? { stream: narrowed.stream } : {}),
  };
}
