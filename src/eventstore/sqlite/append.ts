/** One append in its transaction: idempotent retry, expected revision, hash chain, insert, inline handlers. */
import { answerRetry, DuplicateEventId, type PreparedEvent, revisionMatches } from '../appending.js';
import { eventHash } from '../integrity.js';
import {
  type AppendResult,
  type EventMetadata,
  type ExpectedRevision,
  type RecordedEvent,
  RevisionConflict,
} from '../port.js';
import { sqliteCode } from './errors.js';
import { type EventRow, type Statements, toRecorded } from './statements.js';

/** Runs for each appended event inside the transaction storing it; throwing fails that append only. */
export type InlineHandler = (event: RecordedEvent) => void;

/** Runs once per transaction, after its appends, with the events they stored; throwing rolls back the transaction. */
export type BatchHandler = (events: readonly RecordedEvent[]) => void;

export interface AppendRequest {
  stream: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
}

/** `stored` is false when the append was a retry answered from the log. */
export interface Written {
  result: AppendResult;
  stored: boolean;
}

export function writeAppend(sql: Statements, inline: readonly InlineHandler[], append: AppendRequest): Written {
  const { stream, events, expected } = append;
  const first = events[0]!;
  if (first.explicitId) {
    const existing = sql.byId.get(first.id);
    if (existing) return { result: retried(sql, append, existing), stored: false };
  }
  const head = sql.head.get(stream);
  const actual = head ? Number(head.revision) : 'no_stream';
  if (!revisionMatches(expected, actual)) throw new RevisionConflict(stream, expected, actual);
  let revision = actual === 'no_stream' ? 0 : actual + 1;
  let previousHash = head?.hash ?? null;
  const recorded: RecordedEvent[] = [];
  for (const event of events) {
    const { id, type, data } = event;
    const hash = eventHash({ id, stream, revision, type, data, metadata: event.metadata }, previousHash);
    const metadata: EventMetadata = { ...event.metadata, previousHash, hash };
    let position: string;
    try {
      const info = sql.insert.run(id, stream, revision, type, event.dataText, JSON.stringify(metadata));
      position = String(info.lastInsertRowid);
    } catch (error) {
      if (sqliteCode(error) === 'SQLITE_CONSTRAINT_UNIQUE' && /events\.id/.test(String(error))) {
        throw new DuplicateEventId(id);
      }
      throw error;
    }
    const recordedEvent: RecordedEvent = { id, stream, revision, position, type, data, metadata };
    for (const handler of inline) handler(recordedEvent);
    recorded.push(recordedEvent);
    previousHash = hash;
    revision++;
  }
  const last = recorded.at(-1)!;
  return { result: { revision: last.revision, position: last.position, events: recorded }, stored: true };
}

/** The first event id is stored: a retry of this very append answers what it stored; anything else is refused. */
function retried(sql: Statements, append: AppendRequest, firstRow: EventRow): AppendResult {
  const stored = [toRecorded(firstRow)];
  for (const event of append.events.slice(1)) {
    const row = sql.byId.get(event.id);
    if (row) stored.push(toRecorded(row));
  }
  return answerRetry(append, stored);
}
