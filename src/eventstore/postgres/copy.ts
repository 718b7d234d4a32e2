/**
 * Moving up: a log (the embedded one) copied into PostgreSQL in its global order, each event with its id, stream,
 * revision, type, data and metadata as they are (hash chain included, so `verify` holds on the copy). Events get
 * positions of the target's log, under its lock like any append. Run again after an interruption, what is already
 * there is recognised by id and skipped; a target holding other events where the copy would write is refused.
 */
import type pg from 'pg';
import { CopyConflict, type CopyOptions, type CopyProgress } from '../copy.js';
import type { EventStore, RecordedEvent } from '../port.js';
import { insertPlanned, lockLog } from './append.js';
import type { Tables } from './schema.js';

/** What the copy needs of the target store: a batch of recorded events stored as they are, in one transaction. */
export interface CopyInto {
  copyIn(events: readonly RecordedEvent[]): Promise<{ copied: number; skipped: number }>;
}

export async function copyLog(source: Pick<EventStore, 'readAll'>, target: CopyInto, options: CopyOptions = {}) {
  const size = Math.max(1, options.batch ?? 500);
  const progress: CopyProgress = { copied: 0, skipped: 0, position: options.after ?? '0' };
  let batch: RecordedEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const done = await target.copyIn(batch);
    progress.copied += done.copied;
    progress.skipped += done.skipped;
    progress.position = batch.at(-1)!.position;
    batch = [];
    options.onProgress?.({ ...progress });
  };
  for await (const event of source.readAll(options.after === undefined ? {} : { after: options.after })) {
    batch.push(event);
    if (batch.length >= size) await flush();
  }
  await flush();
  return progress;
}

interface Tail {
  revision: number;
  /** The idempotency key of the stream's last event: the next event carrying it continues the same append. */
  key: string | null;
}

/** One batch of the copy, in the caller's connection: BEGIN, lock, look up, insert; COMMIT is the caller's. */
export async function copyBatch(client: pg.PoolClient, tables: Tables, events: readonly RecordedEvent[]) {
  const view = await lockLog(client, tables);
  const { rows } = await client.query<{ kind: number; id: string; stream: string; revision: number; key: string }>(
    `SELECT 0 AS kind, e.id, e.stream, e.revision, e.metadata->'idempotency'->>'key' AS key
       FROM unnest($1::text[]) AS s(stream)
       CROSS JOIN LATERAL (SELECT * FROM ${tables.events} WHERE stream = s.stream ORDER BY revision DESC LIMIT 1) e
     UNION ALL
     SELECT 1, id, stream, revision, NULL FROM ${tables.events} WHERE id = ANY($2::text[])
     UNION ALL
     SELECT 2, id, stream, revision, idempotency_key FROM ${tables.events} WHERE idempotency_key = ANY($3::text[])`,
    [
      [...new Set(events.map((e) => e.stream))],
      events.map((e) => e.id),
      events.flatMap((e) => e.metadata.idempotency?.key ?? []),
    ],
  );
  const tails = new Map<string, Tail>();
  const present = new Map<string, { stream: string; revision: number }>();
  const keys = new Set<string>();
  for (const row of rows) {
    if (row.kind === 0) tails.set(row.stream, { revision: row.revision, key: row.key });
    else if (row.kind === 1) present.set(row.id, row);
    else keys.add(row.key);
  }
  let skipped = 0;
  for (const event of events) {
    const there = present.get(event.id);
    if (there) {
      if (there.stream !== event.stream || there.revision !== event.revision) {
        throw new CopyConflict(event.stream, event.revision);
      }
      skipped++;
      continue;
    }
    const tail = tails.get(event.stream);
    if (event.revision !== (tail ? tail.revision + 1 : 0)) throw new CopyConflict(event.stream, event.revision);
    const key = event.metadata.idempotency?.key ?? null;
    // The key is recorded once, on the first event of the append that used it.
    const firstUnderKey = key !== null && tail?.key !== key && !keys.has(key);
    if (firstUnderKey) keys.add(key);
    view.position++;
    view.rows.push({
      event: { ...event, position: String(view.position) },
      dataText: JSON.stringify(event.data),
      idempotencyKey: firstUnderKey ? key : null,
    });
    present.set(event.id, event);
    tails.set(event.stream, { revision: event.revision, key });
  }
  await insertPlanned(client, tables, view);
  return { copied: view.rows.length, skipped };
}
