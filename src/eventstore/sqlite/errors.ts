import { StoreUnavailable } from '../port.js';

/** SQLite result codes meaning the database cannot be written or read now; anything else is a bug or a rule. */
const UNAVAILABLE = /^SQLITE_(FULL|READONLY|BUSY|LOCKED|IOERR|CANTOPEN|CORRUPT|NOTADB|NOMEM|PROTOCOL|PERM)/;

export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  const code = sqliteCode(error);
  if (code !== undefined) return UNAVAILABLE.test(code);
  // better-sqlite3 throws a TypeError when the connection was closed.
  return error instanceof TypeError && /database connection is not open/.test(error.message);
}

/** The error to give the caller: StoreUnavailable (with the SQLite error as cause) or the error itself. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isUnavailable(error)) return error;
  return new StoreUnavailable(`event store unavailable (${sqliteCode(error) ?? 'closed'})`, { cause: error });
}
