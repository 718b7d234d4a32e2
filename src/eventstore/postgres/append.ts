/**
 * One batch of appends in one transaction, under the log's lock: what the log holds is looked up once, each append
 * is checked and planned in memory against it (a refusal touches nothing), and the planned rows are inserted at
 * once with the new head position.
 */
import type pg from 'pg';
import { answerRetry, DuplicateEventId, type PreparedEvent, prepareEvents, revisionMatches } from '../appending.js';
import { eventHash } from '../integrity.js';
import {
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  IdempotencyKeyTaken,
  type RecordedEvent,
  type Redecide,
  RevisionConflict,
} from '../port.js';
import { type EventRow, toRecorded } from './rows.js';
import type { Tables } from './schema.js';

export interface AppendRequest {
  stream: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
  redecide?: Redecide | undefined;
}

/** `stored` is false when the append was a retry answered from the log. */
export interface Planned {
  result: AppendResult;
  stored: boolean;
}

interface Head {
  revision: number;
  hash: string | null;
}

interface NewRow {
  event: RecordedEvent;
  dataText: string;
  idempotencyKey: string | null;
}

/** The part of the log a batch touches, as found under the lock, and what the batch has planned on top of it. */
export class LogView {
  readonly heads = new Map<string, Head>();
  readonly byId = new Map<string, RecordedEvent>();
  /** Recorded idempotency keys, with the position of the first event appended under each. */
  readonly keys = new Map<string, string>();
  readonly rows: NewRow[] = [];

  constructor(
    /** The last position handed out. */
    public position: bigint,
  ) {}

  /** Checks one append against the log and plans its rows; throws (planning nothing) when it is refused. */
  plan(append: AppendRequest): Planned {
    const { stream, events, expected } = append;
    const first = events[0]!;
    if (first.explicitId) {
      const existing = this.byId.get(first.id);
      if (existing) return { result: this.#retried(append), stored: false };
    }
    const ids = new Set<string>();
    for (const event of events) {
      if (this.byId.has(event.id) || ids.has(event.id)) throw new DuplicateEventId(event.id);
      ids.add(event.id);
    }
    const key = first.metadata.idempotency?.key ?? null;
    const taken = key === null ? undefined : this.keys.get(key);
    if (key !== null && taken !== undefined) throw new IdempotencyKeyTaken(key, taken);
    const head = this.heads.get(stream);
    const actual = head ? head.revision : 'no_stream';
    if (!revisionMatches(expected, actual)) throw new RevisionConflict(stream, expected, actual);

    let revision = actual === 'no_stream' ? 0 : actual + 1;
    let previousHash = head?.hash ?? null;
    let position = this.position;
    const planned: NewRow[] = [];
    for (const [i, event] of events.entries()) {
      const { id, type, data } = event;
      const hash = eventHash({ id, stream, revision, type, data, metadata: event.metadata }, previousHash);
      const metadata: EventMetadata = { ...event.metadata, previousHash, hash };
      position++;
      planned.push({
        event: { id, stream, revision, position: String(position), type, data, metadata },
        dataText: event.dataText,
        idempotencyKey: i === 0 ? key : null,
      });
      previousHash = hash;
      revision++;
    }
    // Nothing above can fail any more: the plan becomes part of the batch.
    this.position = position;
    for (const row of planned) {
      this.rows.push(row);
      this.byId.set(row.event.id, row.event);
    }
    const last = planned.at(-1)!.event;
    this.heads.set(stream, { revision: last.revision, hash: last.metadata.hash });
    if (key !== null) this.keys.set(key, planned[0]!.event.position);
    return {
      result: { revision: last.revision, position: last.position, events: planned.map((row) => row.event) },
      stored: true,
    };
  }

  /** Events of the batch planned so far for a stream, after a revision. */
  plannedAfter(stream: string, revision: number): RecordedEvent[] {
    return this.rows.flatMap((row) =>
      row.event.stream === stream && row.event.revision > revision ? [row.event] : [],
    );
  }

  /** The first event id is stored: a retry of this very append answers what it stored; anything else is refused. */
  #retried(append: AppendRequest): AppendResult {
    return answerRetry(
      append,
      append.events.flatMap((event) => this.byId.get(event.id) ?? []),
    );
  }
}

/**
 * Opens the batch's transaction and takes the log's lock: the row of `log_head`, held until COMMIT. Positions are
 * handed out only by the holder, so a transaction given higher positions commits after every one given lower
 * ones: a reader that sees position N can never later see a position below N appear.
 */
export async function lockLog(client: pg.PoolClient, tables: Tables): Promise<LogView> {
  const results = (await client.query(
    `BEGIN; SELECT position FROM ${tables.head} FOR UPDATE`,
  )) as unknown as pg.QueryResult<{ position: string }>[];
  const row = results[1]?.rows[0];
  if (!row) throw new Error(`${tables.head} has no row: the schema was not migrated`);
  return new LogView(BigInt(row.position));
}

type LookupRow = EventRow & { kind: 0 | 1 | 2; extra: string | null };

/**
 * One query, after the lock (so it sees every commit before ours): the last event of each stream appended to,
 * the events holding the explicit ids given, and the idempotency keys already recorded.
 */
export async function lookUp(client: pg.PoolClient, tables: Tables, view: LogView, batch: readonly AppendRequest[]) {
  const streams = [...new Set(batch.map((append) => append.stream))];
  const ids = batch.flatMap((append) => append.events.filter((event) => event.explicitId).map((event) => event.id));
  const keys = batch.flatMap((append) => append.events[0]!.metadata.idempotency?.key ?? []);
  const { rows } = await client.query<LookupRow>(
    `SELECT 0 AS kind, e.position, e.id, e.stream, e.revision, e.type, NULL::json AS data, NULL::json AS metadata,
            e.metadata->>'hash' AS extra
       FROM unnest($1::text[]) AS s(stream)
       CROSS JOIN LATERAL (SELECT * FROM ${tables.events} WHERE stream = s.stream ORDER BY revision DESC LIMIT 1) e
     UNION ALL
     SELECT 1, position, id, stream, revision, type, data, metadata, NULL FROM ${tables.events} WHERE id = ANY($2::text[])
     UNION ALL
     SELECT 2, position, id, stream, revision, type, NULL, NULL, idempotency_key FROM ${tables.events}
      WHERE idempotency_key = ANY($3::text[])`,
    [streams, ids, keys],
  );
  for (const row of rows) {
    if (row.kind === 0) view.heads.set(row.stream, { revision: row.revision, hash: row.extra });
    else if (row.kind === 1) view.byId.set(row.id, toRecorded(row));
    else view.keys.set(row.extra!, row.position);
  }
}

/** Inserts the batch's rows, moves the head and tells the listeners; COMMIT is the caller's. */
export async function insertPlanned(client: pg.PoolClient, tables: Tables, view: LogView): Promise<void> {
  if (view.rows.length === 0) return;
  const column = <T>(pick: (row: NewRow) => T) => view.rows.map(pick);
  await client.query(
    `WITH inserted AS (
       INSERT INTO ${tables.events} (position, id, stream, revision, type, data, metadata, idempotency_key)
       SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::integer[], $5::text[], $6::json[], $7::json[],
                            $8::text[])
     ), moved AS (
       UPDATE ${tables.head} SET position = $9::bigint
     )
     SELECT pg_notify($10, $11)`,
    [
      column((row) => row.event.position),
      column((row) => row.event.id),
      column((row) => row.event.stream),
      column((row) => row.event.revision),
      column((row) => row.event.type),
      column((row) => row.dataText),
      column((row) => JSON.stringify(row.event.metadata)),
      column((row) => row.idempotencyKey),
      String(view.position),
      tables.channel,
      String(view.position),
    ],
  );
}

/** Whether a refused append may be decided again under the lock: it lost a race that a redecision can settle. */
export function redecidable(append: AppendRequest, error: unknown): boolean {
  return (
    append.redecide !== undefined &&
    error instanceof RevisionConflict &&
    (typeof append.expected === 'number' || append.expected === 'no_stream') &&
    typeof error.actual === 'number' &&
    error.actual > (typeof append.expected === 'number' ? append.expected : -1)
  );
}

/** The stored events of each stream after the revision its append expected (under the lock: all of them). */
export async function storedAfter(
  client: pg.PoolClient,
  tables: Tables,
  appends: readonly AppendRequest[],
): Promise<Map<AppendRequest, RecordedEvent[]>> {
  const after = (append: AppendRequest) => (typeof append.expected === 'number' ? append.expected : -1);
  const { rows } = await client.query<EventRow>(
    `SELECT e.position, e.id, e.stream, e.revision, e.type, e.data, e.metadata
       FROM unnest($1::text[], $2::integer[]) AS s(stream, after)
       JOIN ${tables.events} e ON e.stream = s.stream AND e.revision > s.after
      ORDER BY e.stream, e.revision`,
    [appends.map((append) => append.stream), appends.map(after)],
  );
  const events = rows.map(toRecorded);
  return new Map(
    appends.map((append) => [append, events.filter((e) => e.stream === append.stream && e.revision > after(append))]),
  );
}

export type Outcome = ({ ok: true } & Planned) | { ok: false; error: unknown };

/**
 * Appends that lost a race and brought a way to decide again are decided again here, under the lock, on the events
 * stored or planned since the revision they expected: their new decision cannot conflict.
 */
export async function redecideLost(
  client: pg.PoolClient,
  tables: Tables,
  view: LogView,
  batch: readonly AppendRequest[],
  outcomes: Outcome[],
): Promise<void> {
  const lost = batch.filter((append, i) => {
    const outcome = outcomes[i]!;
    return !outcome.ok && redecidable(append, outcome.error);
  });
  if (lost.length === 0) return;
  const stored = await storedAfter(client, tables, lost);
  const now = new Date().toISOString();
  for (const append of lost) {
    const i = batch.indexOf(append);
    const expected = typeof append.expected === 'number' ? append.expected : -1;
    const newer = [...stored.get(append)!, ...view.plannedAfter(append.stream, expected)];
    try {
      const events = append.redecide!(newer);
      const last = newer.at(-1)!;
      if (events.length === 0) {
        outcomes[i] = {
          ok: true,
          stored: false,
          result: { revision: last.revision, position: last.position, events: [] },
        };
        continue;
      }
      const prepared = prepareEvents(events, now);
      outcomes[i] = { ok: true, ...view.plan({ stream: append.stream, events: prepared, expected: last.revision }) };
    } catch (error) {
      outcomes[i] = { ok: false, error };
    }
  }
}
