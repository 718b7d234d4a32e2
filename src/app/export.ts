/** `followup export`: the log as NDJSON or CSV, streamed page by page to a file or standard output. */
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DomainEvent } from '../domain/events.js';
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

function csvRecord(event: RecordedEvent): Record<(typeof CSV_COLUMNS)[number], string | number> {
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
      const csv = stringify({ header: true, columns: [...CSV_COLUMNS], escape_formulas: true, quoted_string: true });
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
