/**
 * What a copy of the log into another store reports and accepts, whichever store it moves up to (PostgreSQL,
 * EventStoreDB): each adapter's `copyLog` differs in how it writes, not in what it tells the caller.
 */

export interface CopyProgress {
  /** Appended (or, on EventStoreDB, confirmed by the server as a resend of what it holds: it does not say which). */
  copied: number;
  /** Found already in the target (a resumed copy, perhaps batched differently). */
  skipped: number;
  /** Position in the source log of the last event handled. */
  position: string;
}

export interface CopyOptions {
  /** Resume after this source position (from a checkpoint). */
  after?: string;
  /** Most events written at once: 500 per transaction on PostgreSQL, 200 of one stream per append on EventStoreDB. */
  batch?: number;
  onProgress?: (progress: CopyProgress) => void;
}

/** The target already holds other events where the copy would write: it is not a copy of this log. */
export class CopyConflict extends Error {
  constructor(
    readonly stream: string,
    readonly revision: number,
  ) {
    super(`the target's ${stream} at revision ${revision} holds another event than this log: not copying over it`);
    this.name = 'CopyConflict';
  }
}
