import { StoreUnavailable } from '../port.js';

/**
 * SQLSTATE classes meaning the server cannot be written or reached now: connection exceptions (08), insufficient
 * resources such as a full disk (53), operator intervention such as a shutdown (57), system errors (58), a read-only
 * server such as a standby (25006) and a lock not had in time (55P03). Anything else is a bug or a rule.
 */
const UNAVAILABLE_STATE = /^(08|53|57|58)|^25006$|^55P03$/;
/** Node's socket errors while connecting or talking to the server. */
const UNAVAILABLE_NODE = /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENOENT)$/;

export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  const code = sqlState(error);
  if (code !== undefined) return UNAVAILABLE_STATE.test(code) || UNAVAILABLE_NODE.test(code);
  // node-postgres words these without a code: the connection ended, timed out or the pool was closed.
  return (
    error instanceof Error &&
    /Connection terminated|connection timeout|timeout exceeded when trying to connect|Cannot use a pool after calling end|Client has encountered a connection error|Client was closed/i.test(
      error.message,
    )
  );
}

/** The error to give the caller: StoreUnavailable (with the driver's error as cause) or the error itself. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreUnavailable || !isUnavailable(error)) return error;
  const code = sqlState(error);
  return new StoreUnavailable(`event store unavailable (PostgreSQL${code ? ` ${code}` : ''})`, { cause: error });
}
