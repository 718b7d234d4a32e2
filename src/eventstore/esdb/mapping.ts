/**
 * Pure translations between our port and @eventstore/db-client: expected revisions, positions, metadata, event ids,
 * filters and recorded events. No I/O here, so every rule is unit-tested without a server.
 */
import { createHash } from 'node:crypto';
import {
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type CurrentRevision,
  eventTypeFilter,
  excludeSystemEvents,
  type Filter,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { canonicalJson } from '../../canonical-json.js';
import type { EventFilter, EventMetadata, EventMetadataInput, ExpectedRevision, RecordedEvent } from '../port.js';
import { CorruptEvent } from '../port.js';

/** The gRPC API sends 2^64-1 where a stream read has no $all position (servers before 22.6). */
const NO_POSITION = 18446744073709551615n;

/** Our revision of a stream (number, or 'no_stream') from the client's. */
export function fromCurrentRevision(current: CurrentRevision | AppendExpectedRevision): number | 'no_stream' {
  return typeof current === 'bigint' ? Number(current) : 'no_stream';
}

/** The exact revision the server must find: we always check our expectation first, then append at the tail seen. */
export function toServerExpected(actual: number | 'no_stream'): AppendExpectedRevision {
  return actual === 'no_stream' ? NO_STREAM : BigInt(actual);
}

/** 'any' and 'exists' are decided again on a fresh tail when another writer got in between; exact ones are not. */
export function isLooseExpectation(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'exists';
}

/** Our position: the event's $all commit position as a decimal string; undefined when the server sent none. */
export function positionText(position: Position | undefined): string | undefined {
  if (!position || position.commit === NO_POSITION || position.commit < 0n) return undefined;
  return position.commit.toString();
}

/** Where to start reading $all so that events after `after` come; the caller skips those at or before it. */
export function readPositionAfter(after: string | undefined): ReadPosition {
  if (after === undefined || after === '0') return START;
  const commit = BigInt(after);
  return { commit, prepare: commit };
}

/** Compares two decimal positions without losing precision. */
export function comparePositions(a: string, b: string): number {
  const [x, y] = [BigInt(a), BigInt(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Our metadata as stored: EventStoreDB's `$correlationId`/`$causationId` next to ours, so its `$by_correlation_id` projection works. */
export function toStoredMetadata(metadata: EventMetadata): Record<string, unknown> {
  return { ...metadata, $correlationId: metadata.correlationId, $causationId: metadata.causationId };
}

/** Our metadata from what is stored: the `$` copies are left out (the hash never covered them). */
export function fromStoredMetadata(stored: unknown): EventMetadata | undefined {
  if (typeof stored !== 'object' || stored === null || stored instanceof Uint8Array) return undefined;
  const { $correlationId: _c, $causationId: _k, ...metadata } = stored as Record<string, unknown>;
  if (typeof metadata.hash !== 'string' || typeof metadata.recordedAt !== 'string') return undefined;
  return metadata as unknown as EventMetadata;
}

const sha1 = (parts: Buffer[]): Buffer => {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** This project's UUID v5 namespace (itself a v5 of the URL namespace and the project's name). */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

function uuidV5(name: string, namespace: Buffer): string {
  const bytes = sha1([namespace, Buffer.from(name, 'utf8')]).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const NAMESPACE = Buffer.from(uuidV5('https://github.com/followup/events', URL_NAMESPACE).replaceAll('-', ''), 'hex');

export interface IdSource {
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: EventMetadataInput;
}

/**
 * A deterministic event id: the same append sent again (a retry after a lost answer) carries the same ids, so the
 * server stores it once. An idempotent request is named by its key; any other event by its stream, revision and
 * content (recordedAt aside), so two different commands at the same revision never share an id.
 */
export function deterministicEventId(event: IdSource, index: number): string {
  const key = event.metadata.idempotency?.key;
  if (key !== undefined) return uuidV5(`idempotency/${key}/${index}`, NAMESPACE);
  const { recordedAt: _r, ...metadata } = event.metadata;
  const content = canonicalJson({ type: event.type, data: event.data, metadata });
  return uuidV5(`${event.stream}/${event.revision}/${createHash('sha256').update(content).digest('hex')}`, NAMESPACE);
}

/**
 * The server-side filter for a subscription to $all: by stream prefix (our categories), else by event type prefix,
 * else only non-system events. The exact filter is applied again on each event received.
 */
export function serverFilter(filter: EventFilter | undefined): Filter {
  if (filter?.stream !== undefined) return streamNameFilter({ prefixes: [filter.stream] });
  if (filter?.categories && filter.categories.length > 0) {
    return streamNameFilter({ prefixes: filter.categories.map((category) => `${category}-`) });
  }
  if (filter?.types && filter.types.length > 0) return eventTypeFilter({ prefixes: [...filter.types] });
  return excludeSystemEvents();
}

/** System streams and types (`$`-prefixed) are EventStoreDB's own, never ours. */
export function isSystemEvent(stream: string, type: string): boolean {
  return stream.startsWith('$') || type.startsWith('$');
}

/**
 * Our recorded event from the client's; undefined for EventStoreDB's own events and links. An event of ours whose
 * data or metadata cannot be decoded was altered outside the store: CorruptEvent.
 */
export function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || resolved.link || isSystemEvent(event.streamId, event.type)) return undefined;
  const revision = Number(event.revision);
  const position = positionText(event.position) ?? '0';
  const metadata = fromStoredMetadata(event.metadata);
  if (!event.isJson || metadata === undefined || typeof event.data === 'string') {
    throw new CorruptEvent(event.streamId, revision, position);
  }
  return { id: event.id, stream: event.streamId, revision, position, type: event.type, data: event.data, metadata };
}
