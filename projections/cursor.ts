import { InvalidInput } from '../src/domain/errors.js';

/** An opaque cursor: base64url of the sort key of the last item served. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

const invalid = () =>
  new InvalidInput('invalid cursor', [{ path: 'cursor', message: 'is not a cursor this service gave' }]);

/** The sort key a cursor stands for; a cursor this service did not make is invalid input. */
export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (key === '' || encodeCursor(key) !== cursor) throw invalid();
  return key;
}

/** A cursor whose key is two parts joined by `separator` (a day and an id): both, or invalid input. */
export function decodeCursorPair(cursor: string, separator: string): [string, string] {
  const key = decodeCursor(cursor);
  const at = key.indexOf(separator);
  if (at <= 0 || at === key.length - 1) throw invalid();
  return [key.slice(0, at), key.slice(at + separator.length)];
}
