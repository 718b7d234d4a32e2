import { closeSync, fdatasync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { StoreUnavailable } from '../port.js';
import { openWalFile } from './database.js';

/**
 * Group fsync of the write-ahead log, off the event loop.
 *
 * With `synchronous=FULL` SQLite fsyncs the WAL inside COMMIT, and better-sqlite3 runs COMMIT on the event loop:
 * while the disk syncs, no request is parsed and no next batch is prepared. Here the connection commits with
 * `synchronous=NORMAL` (no fsync at commit; SQLite still syncs the WAL before every checkpoint and the database after)
 * and the store acknowledges a batch only once `durable()` resolves: an `fdatasync` of the WAL file on libuv's
 * thread pool, started after the batch's COMMIT returned. The WAL is replayed on recovery as a prefix of committed
 * transactions, so what is on disk is always a prefix of the log: an acknowledged append survives a power loss,
 * and an unacknowledged one is either wholly there or wholly gone. Batches committed while a sync runs share the
 * next one.
 */
export class WalSync {
  readonly #fd: number;
  /** The sync in flight covers commits made before it started; later ones wait for the next. */
  #inFlight = false;
  #waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  #closed = false;

  private constructor(fd: number) {
    this.#fd = fd;
  }

  /**
   * Takes over the WAL's syncing for a writable file database in WAL mode (switching it to `synchronous=NORMAL`);
   * undefined otherwise (in memory, read-only, another journal mode), where COMMIT keeps its own guarantee.
   */
  static attach(db: Database): WalSync | undefined {
    // The -wal file keeps its inode until the last connection closes.
    const fd = openWalFile(db, '-wal');
    if (fd === undefined) return undefined;
    db.pragma('synchronous = NORMAL');
    return new WalSync(fd);
  }

  /** Resolves once every transaction committed before the call is on disk; rejects with StoreUnavailable if not. */
  durable(): Promise<void> {
    if (this.#closed) return Promise.reject(new StoreUnavailable('event store is closed'));
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      if (!this.#inFlight) this.#sync();
    });
  }

  /** Waits for the syncs asked for, then releases the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    while (this.#inFlight || this.#waiting.length > 0) await new Promise((resolve) => setImmediate(resolve));
    this.#closed = true;
    closeSync(this.#fd);
  }

  #sync(): void {
    const group = this.#waiting;
    this.#waiting = [];
    this.#inFlight = true;
    fdatasync(this.#fd, (error) => {
      this.#inFlight = false;
      if (this.#waiting.length > 0) this.#sync();
      if (error) {
        const failure = new StoreUnavailable('the write-ahead log could not be synced to disk', { cause: error });
        for (const waiter of group) waiter.reject(failure);
      } else {
        for (const waiter of group) waiter.resolve();
      }
    });
  }
}
