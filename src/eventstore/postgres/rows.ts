/** Rows of the `events` table as the driver gives them, and the SQL of a log filter. */
import { CorruptEvent, type EventFilter, type EventMetadata, type RecordedEvent } from '../port.js';

export interface EventRow {
  /** bigint, as text. */
  position: string;
  id: string;
  stream: string;
  revision: number;
  type: string;
  /** json, as text (see rawJsonTypes). */
  data: string;
  metadata: string;
}

export const COLUMNS = 'position, id, stream, revision, type, data, metadata';

export function toRecorded(row: EventRow): RecordedEvent {
  const { position, stream, revision } = row;
  let data: unknown;
  let metadata: EventMetadata;
  try {
    data = JSON.parse(row.data);
    metadata = JSON.parse(row.metadata);
  } catch (cause) {
    throw new CorruptEvent(stream, revision, position, { cause });
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new CorruptEvent(stream, revision, position);
  }
  return { id: row.id, stream, revision, position, type: row.type, data, metadata };
}

/** The conditions of a filter, numbering its parameters from `$first`. */
export function filterSql(filter: EventFilter | undefined, first: number): { where: string; params: unknown[] } {
  let where = '';
  const params: unknown[] = [];
  const next = (value: unknown) => {
    params.push(value);
    return `$${first + params.length - 1}`;
  };
  if (filter?.stream !== undefined) where += ` AND stream = ${next(filter.stream)}`;
  if (filter?.types) where += ` AND type = ANY(${next([...filter.types])}::text[])`;
  if (filter?.categories) where += ` AND category = ANY(${next([...filter.categories])}::text[])`;
  return { where, params };
}
