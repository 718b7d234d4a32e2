import { InvalidInput } from '../src/domain/errors.js';

/** An opaque cursor: base64url of the sort key of the last item served. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

const invalidCursor = (message: string) => new InvalidInput('invalid cursor', [{ path: 'cursor', message }]);
const invalid = () => invalidCursor('is not a cursor this service gave');

/** The key a cursor stands for: only a cursor encodeCursor made of a key decodes; any other is `refused()`. */
function cursorKey(cursor: string, refused: () => InvalidInput): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw refused();
  return key;
}

/** The sort key a cursor stands for; a cursor this service did not make is invalid input. */
export function decodeCursor(cursor: string): string {
  return cursorKey(cursor, invalid);
}

/** A cursor whose key is two parts joined by `separator` (a day and an id): both, or invalid input. */
export function decodeCursorPair(cursor: string, separator: string): [string, string] {
  const key = decodeCursor(cursor);
  const at = key.indexOf(separator);
  if (at <= 0 || at === key.length - 1) throw invalid();
  return [key.slice(0, at), key.slice(at + separator.length)];
}

/**
 * A page of a list read by its sort key from the rows read for it (`limit + 1` at most, after the cursor's key): the
 * first `limit`, and the cursor of the last of them when a row was left beyond it, else null.
 */
export function keysetPage<R>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => string,
): { page: R[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, next: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** A search cursor: its key the JSON [score, doc] of the last hit served, the search's own sort key. */
export const encodeSearchCursor = (score: number, doc: number): string => encodeCursor(JSON.stringify([score, doc]));

/** The hit a search cursor stands for; one a search of this service did not give is invalid input. */
export function decodeSearchCursor(cursor: string): { score: number; doc: number } {
  const refused = () => invalidCursor('is not a cursor this search gave');
  let value: unknown;
  try {
    value = JSON.parse(cursorKey(cursor, refused));
  } catch {
    throw refused();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || !Number.isInteger(value[1]))
    throw refused();
  if (encodeSearchCursor(value[0], value[1]) !== cursor) throw refused();
  return { score: value[0], doc: value[1] };
}
