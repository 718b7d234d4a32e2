import type { Database } from 'better-sqlite3';
import { parseStream } from '../src/domain/identity.js';
import { IdempotencyKeyTaken, type RecordedEvent } from '../src/eventstore/port.js';
import type { Projection } from './projection.js';

/** What a command answered under an Idempotency-Key, kept so that a retry with the same key gets it again. */
export interface StoredResponse {
  /** The fingerprint of the request that was answered. */
  request: string;
  status: number;
  body: { id: string; revision: number; position: string; events: string[] };
}

/** What a command answered under an Idempotency-Key, kept so that a retry with the same key gets it again. */
export interface StoredResponse {
  /** The fingerprint of the request that was answered. */
  request: string;
  status: number;
  body: { id: string; revision: number; position: string; events: string[] };
}

interface Row {
  request: string;
  status: number;
  stream: string;
  revision: number;
  position: string;
  types: string;
}

/**
 * Answered Idempotency-Keys, from the idempotency metadata of the events they appended.
 * The key is unique: a second append under a key already answered fails, inside its transaction.
 */
export const idempotencyProjection: Projection = {
  name: 'idempotency',
  handles: ['*'],
  // Only events whose metadata holds an idempotency record (a JSON property name, never inside an escaped string).
  eventsUsed: `instr(metadata, '"idempotency":') > 0`,
  migrate(db) {
    db.exec(`CREATE TABLE IF NOT EXISTS idempotency (
      key TEXT PRIMARY KEY,
      request TEXT NOT NULL,
      status INTEGER NOT NULL,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      types TEXT NOT NULL,
      causation TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    ) WITHOUT ROWID`);
  },
  bind(db) {
    const find = db.prepare<[string], Row & { causation: string }>('SELECT * FROM idempotency WHERE key = ?');
    const insert = db.prepare(
      `INSERT INTO idempotency (key, request, status, stream, revision, position, types, causation, recorded_at)
       VALUES (@key, @request, @status, @stream, @revision, @position, @types, @causation, @recordedAt)`,
    );
    const extend = db.prepare('UPDATE idempotency SET revision = ?, position = ?, types = ? WHERE key = ?');
    return (event: RecordedEvent) => {
      const record = event.metadata.idempotency;
      if (!record) return;
      const existing = find.get(record.key);
      if (!existing) {
        insert.run({
          key: record.key,
          request: record.request,
          status: record.status,
          stream: event.stream,
          revision: event.revision,
          position: event.position,
          types: JSON.stringify([event.type]),
          causation: event.metadata.causationId,
          recordedAt: event.metadata.recordedAt,
        });
        return;
      }
      // A later event of the same append extends its record; anything else is a second append under the key.
      const sameAppend =
        existing.causation === event.metadata.causationId &&
        existing.stream === event.stream &&
        existing.revision === event.revision - 1;
      if (!sameAppend) throw new IdempotencyKeyTaken(record.key);
      const types = [...(JSON.parse(existing.types) as string[]), event.type];
      extend.run(event.revision, event.position, JSON.stringify(types), record.key);
    };
  },
};

/** Looks answered keys up; the answer is rebuilt from what the append returned. */
export function idempotencyRecords(db: Database) {
  const find = db.prepare<[string], Row>('SELECT * FROM idempotency WHERE key = ?');
  return {
    find(key: string): StoredResponse | undefined {
      const row = find.get(key);
      if (!row) return undefined;
      return {
        request: row.request,
        status: row.status,
        body: {
          id: parseStream(row.stream).id,
          revision: row.revision,
          position: row.position,
          events: JSON.parse(row.types) as string[],
        },
      };
    },
  };
}
