/** The SQL of the store, prepared once per Database, and the mapping of a row to a RecordedEvent. */
import type { Database, Statement } from 'better-sqlite3';
import { recordedFromJson } from '../json-event.js';
import type { EventFilter, RecordedEvent } from '../port.js';

export interface EventRow {
  position: bigint;
  id: string;
  stream: string;
  revision: bigint;
  type: string;
  data: string;
  metadata: string;
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata';

export function toRecorded(row: EventRow): RecordedEvent {
  const { id, stream, type, data, metadata } = row;
  return recordedFromJson(id, stream, Number(row.revision), String(row.position), type, data, metadata);
}

export interface Statements {
  /** The stream's last revision and hash. */
  head: Statement<[string], { revision: bigint; hash: string | null }>;
  insert: Statement<[string, string, number, string, string, string]>;
  byId: Statement<[string], EventRow>;
  streamPage: Statement<[string, number, number], EventRow>;
  headPosition: Statement<[], { position: bigint | null }>;
  /** A page of the log after a position, for one filter shape (cached by shape). */
  allPage(filter: EventFilter | undefined): { statement: Statement<unknown[], EventRow>; params: unknown[] };
  /** The stream and revision of the event at a position. */
  atPosition: Statement<[bigint], { stream: string; revision: bigint }>;
  /** A stream's first event at or after a revision: its revision and position. */
  entryFrom: Statement<[string, number], { revision: bigint; position: bigint }>;
  /**
   * A page of the log narrowed to one stream, from a revision, in the stream's order (which is the log's): through
   * the (stream, revision) index, as many rows as the page; for one filter shape (cached by shape).
   */
  streamFeedPage(filter: EventFilter & { stream: string }): {
    statement: Statement<unknown[], EventRow>;
    params: unknown[];
  };
}

const MAX_CACHED_SHAPES = 64;

export function prepareStatements(db: Database): Statements {
  const prepare = <P extends unknown[], R>(sql: string) => db.prepare<P, R>(sql).safeIntegers(true);
  const shapes = new Map<string, Statement<unknown[], EventRow>>();
  return {
    head: prepare(
      "SELECT revision, json_extract(metadata, '$.hash') AS hash FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1",
    ),
    insert: prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    byId: prepare(`SELECT ${COLUMNS} FROM events WHERE id = ?`),
    streamPage: prepare(`SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`),
    headPosition: prepare('SELECT max(position) AS position FROM events'),
    atPosition: prepare('SELECT stream, revision FROM events WHERE position = ?'),
    entryFrom: prepare(
      'SELECT revision, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT 1',
    ),
    streamFeedPage(filter) {
      const { stream: _stream, ...rest } = filter;
      const { key, where, params } = filterSql(rest, true);
      let statement = shapes.get(`feed:${key}`);
      if (!statement) {
        if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
        statement = prepare(
          `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ?${where} ORDER BY revision LIMIT ?`,
        );
        shapes.set(`feed:${key}`, statement);
      }
      return { statement, params };
    },
    allPage(filter) {
      const { key, where, params } = filterSql(filter);
      let statement = shapes.get(key);
      if (!statement) {
        if (shapes.size >= MAX_CACHED_SHAPES) shapes.clear();
        statement = prepare(`SELECT ${COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`);
        shapes.set(key, statement);
      }
      return { statement, params };
    },
  };
}

/**
 * The WHERE clause of a filter. One type reads through the (type, position) index in order; several types, or
 * categories, filter a scan of the log in position order (an IN over the index would sort every match per page);
 * a stream reads through the (stream, revision) index.
 */
function filterSql(
  filter: EventFilter | undefined,
  byStream = filter?.stream !== undefined,
): { key: string; where: string; params: unknown[] } {
  let key = '';
  let where = '';
  const params: unknown[] = [];
  const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  if (filter?.stream !== undefined) {
    key += 's';
    where += ' AND stream = ?';
    params.push(filter.stream);
  }
  if (filter?.types) {
    const types = filter.types;
    key += `t${types.length}`;
    if (types.length === 0) where += ' AND 0';
    else if (types.length === 1 && !byStream) where += ' AND type = ?';
    else where += ` AND +type IN (${list(types.length)})`; // the stream's index, or a scan in order
    params.push(...types);
  }
  if (filter?.categories) {
    const categories = filter.categories;
    key += `c${categories.length}`;
    where +=
      categories.length === 0
        ? ' AND 0'
        : ` AND substr(stream, 1, instr(stream, '-') - 1) IN (${list(categories.length)})`;
    params.push(...categories);
  }
  return { key, where, params };
}
