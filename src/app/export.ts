/** `followup export`: the log as NDJSON or CSV, streamed page by page to a file or standard output. */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { z } from 'zod';
import type { DomainEvent } from '../domain/events.js';
import { recommendationEventSchemas } from '../domain/recommendation/events.js';
import { reportEventSchemas } from '../domain/report/events.js';
import { decodeEvent } from '../domain/upcasting.js';
import type { EventFilter, EventStore, RecordedEvent } from '../eventstore/port.js';
import { type Progress, silentProgress } from './progress.js';
import { eventView, PUBLIC_CATEGORIES } from './queries/events.js';

export type ExportFormat = 'ndjson' | 'csv';

export interface ExportOptions {
  format: ExportFormat;
  /** Only the events of the reports and recommendations concerning this State (ISO alpha-3). */
  state?: string;
  /** Only these event types. */
  types?: readonly string[];
  /** Exclusive: events after this global position. */
  after?: string;
  progress?: Progress;
}

const CREATIONS = ['ReportSubmitted', 'RecommendationIssued'] as const;
type Creation = Extract<DomainEvent, { type: (typeof CREATIONS)[number] }>;

export const CSV_COLUMNS = [
  'position',
  'stream',
  'revision',
  'type',
  'recordedAt',
  'actor',
  'role',
  'correlationId',
  'data',
  'hash',
  'previousHash',
] as const;

/** The schemas of the events an export holds: reports' and recommendations' (PUBLIC_CATEGORIES). */
const EXPORTED_SCHEMAS: Readonly<Record<string, z.ZodType>> = { ...reportEventSchemas, ...recommendationEventSchemas };

/** The event types an export can hold; another --type selects nothing. */
export const EXPORTED_TYPES: readonly string[] = Object.keys(EXPORTED_SCHEMAS);

/** The paths of a schema's fields, an object's fields each a path of its own (`followUp.deadline`). */
function fieldPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = schema.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  if (def.innerType) return fieldPaths(def.innerType, prefix);
  if (def.type === 'pipe' && def.in) return fieldPaths(def.in, prefix);
  if (def.type !== 'object') return prefix === '' ? [] : [prefix];
  return Object.entries((schema as z.ZodObject).shape).flatMap(([key, field]) =>
    fieldPaths(field as z.ZodType, prefix === '' ? key : `${prefix}.${key}`),
  );
}

/**
 * The event's data flattened into a column per field beside the JSON, for a spreadsheet: `data.state`,
 * `data.followUp.deadline`, … every field of every exported type, in the order the schemas name them.
 */
export const CSV_DATA_COLUMNS: readonly string[] = [
  ...new Set(Object.values(EXPORTED_SCHEMAS).flatMap((schema) => fieldPaths(schema))),
].map((path) => `data.${path}`);

/** A field's value in a cell: text as it is, a list of texts joined with "; ", anything else as JSON. */
function cell(value: unknown): string | number | boolean {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) {
    return value.join('; ');
  }
  return JSON.stringify(value);
}

function flattened(data: unknown): Record<string, string | number | boolean> {
  const columns: Record<string, string | number | boolean> = {};
  for (const column of CSV_DATA_COLUMNS) {
    let value: unknown = data;
    for (const key of column.split('.').slice(1)) value = (value as Record<string, unknown> | undefined)?.[key];
    columns[column] = cell(value);
  }
  return columns;
}

function csvRecord(event: RecordedEvent): Record<string, string | number | boolean> {
  const { metadata } = event;
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    recordedAt: metadata.recordedAt,
    actor: metadata.actor?.name ?? '',
    role: metadata.actor?.role ?? '',
    correlationId: metadata.correlationId ?? '',
    data: JSON.stringify(event.data),
    hash: metadata.hash,
    previousHash: metadata.previousHash ?? '',
    ...flattened(event.data),
  };
}

/** The streams of one State: found from the events that create reports and recommendations (type-indexed). */
async function streamsOf(store: Pick<EventStore, 'readAll'>, state: string): Promise<Set<string>> {
  const streams = new Set<string>();
  for await (const event of store.readAll({ filter: { types: CREATIONS, categories: PUBLIC_CATEGORIES } })) {
    if (decodeEvent<Creation>(event).data.state === state) streams.add(event.stream);
  }
  return streams;
}

/** The selected events in log order, one page in memory at a time. */
export async function* selectedEvents(
  store: Pick<EventStore, 'readAll'>,
  options: Omit<ExportOptions, 'format'>,
): AsyncGenerator<RecordedEvent> {
  const streams = options.state === undefined ? undefined : await streamsOf(store, options.state);
  const filter: EventFilter = {
    categories: PUBLIC_CATEGORIES,
    ...(options.types && options.types.length > 0 ? { types: options.types } : {}),
  };
  for await (const event of store.readAll({ ...(options.after ? { after: options.after } : {}), filter })) {
    if (!streams || streams.has(event.stream)) yield event;
  }
}

/** Writes the export to `out`; leaves `out` open when asked (standard output). Returns the number of events. */
export async function exportEvents(
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  out: Writable,
  options: ExportOptions & { end?: boolean },
): Promise<{ events: number }> {
  const progress = options.progress ?? silentProgress;
  let events = 0;
  async function* counted() {
    for await (const event of selectedEvents(store, options)) {
      events++;
      if (events % 1000 === 0) progress.update(events);
      yield event;
    }
  }
  progress.start(Number(await store.headPosition()));
  try {
    if (options.format === 'csv') {
      // Loaded here: an NDJSON export never needs the CSV writer.
      const { stringify } = await import('csv-stringify');
      // OWASP's CSV-injection advice: a text cell starting = + - @ tab or CR gets a leading ', and every text is quoted.
      const csv = stringify({
        header: true,
        columns: [...CSV_COLUMNS, ...CSV_DATA_COLUMNS],
        escape_formulas: true,
        quoted_string: true,
      });
      const records = async function* () {
        for await (const event of counted()) yield csvRecord(event);
      };
      await pipeline(Readable.from(records()), csv, out, { end: options.end ?? true });
    } else {
      const lines = async function* () {
        for await (const event of counted()) yield `${JSON.stringify(eventView(event))}\n`;
      };
      await pipeline(Readable.from(lines()), out, { end: options.end ?? true });
    }
  } finally {
    progress.update(events);
    progress.stop();
  }
  return { events };
}
