/** Rows of the `events` table as the driver gives them, and the SQL of a log filter. */
import { recordedFromJson } from '../json-event.js';
import type { EventFilter, RecordedEvent } from '../port.js';

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

const PAGE = 500;

export const COLUMNS = 'position, id, stream, revision, type, data, metadata';

export function toRecorded(row: EventRow): RecordedEvent {
  return recordedFromJson(row.id, row.stream, row.revision, row.position, row.type, row.data, row.metadata);
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

/** Reads that page through the log: one query per page of at most 500 rows, the next after the last row given. */
export function pagedEvents(
  query: (text: string, values: unknown[]) => Promise<{ rows: EventRow[] }>,
  options: {
    limit: number | undefined;
    validate(): void;
    page(size: number, last: RecordedEvent | undefined): { text: string; values: unknown[] };
  },
): AsyncIterable<RecordedEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      options.validate();
      let remaining = options.limit ?? Number.POSITIVE_INFINITY;
      let last: RecordedEvent | undefined;
      while (remaining > 0) {
        const size = Math.min(PAGE, remaining);
        const { text, values } = options.page(size, last);
        const { rows } = await query(text, values);
        for (const row of rows) {
          last = toRecorded(row);
          yield last;
        }
        remaining -= rows.length;
        if (rows.length < size) return;
      }
    },
  };
}
