import type { Database } from 'better-sqlite3';

/**
 * Notices commits made by other connections to the same file (another process: an import, a second server), which
 * this store's own commit signal never sees. SQLite's `data_version` changes exactly when another connection has
 * committed since the last look; it is read on a timer, only while someone listens.
 */
export class OtherWriters {
  #timer: NodeJS.Timeout | undefined;
  #version: number | undefined;

  constructor(
    private readonly db: Database,
    private readonly intervalMs: number,
    private readonly onCommit: () => void,
  ) {}

  start(): void {
    if (this.#timer || this.intervalMs <= 0) return;
    this.#version = this.#read();
    this.#timer = setInterval(() => this.#check(), this.intervalMs);
    // Watching never keeps a process alive on its own.
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #check(): void {
    const version = this.#read();
    if (version === undefined || version === this.#version) return;
    this.#version = version;
    this.onCommit();
  }

  #read(): number | undefined {
    try {
      return Number(this.db.pragma('data_version', { simple: true }));
    } catch {
      // A database closed or unreadable: the next look will tell; the subscriptions' own reads report the fault.
      return undefined;
    }
  }
}
