import { closeSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { openWalFile } from './database.js';

export interface WalCheckpointOptions {
  /** WAL frames (pages) not yet copied into the database from which a checkpoint is run. Default 1000. */
  threshold?: number;
  /**
   * WAL frames since the file was last reset from which the writer itself copies what remains, so that its next
   * transaction starts the WAL over from its beginning (bounding the file). Default 40,000 (~160 MiB of 4 KiB pages).
   */
  restartAt?: number;
  /**
   * How long the worker may take to answer a checkpoint before it is taken for hung and the writer checkpoints
   * itself (as when the worker fails). Default 60,000 ms.
   */
  workerTimeoutMs?: number;
  /** No commit for between `idleMs` and twice that: writes have paused. Default 5,000 ms. */
  idleMs?: number;
  /** Once writes pause, a WAL file larger than this many bytes is truncated to nothing. Default 16 MiB. */
  truncateAbove?: number;
  /**
   * Starts the worker thread: by default `checkpointWorker`. A worker answers each `'checkpoint'` message with a
   * `CheckpointAnswer`, and closes its connection and ends on `'close'`.
   */
  startWorker?: (data: CheckpointWorkerData) => Worker;
}

/** Where the store reports what it recovers from by itself; a pino logger is one. */
export interface StoreLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the worker is given: the database file and the better-sqlite3 module to open it with. */
export interface CheckpointWorkerData {
  file: string;
  driver: string;
}

/** The worker's answer to a checkpoint: SQLite's figures, or why SQLite failed. */
export type CheckpointAnswer =
  | { ok: true; busy: number; log: number; checkpointed: number }
  | { ok: false; message: string };

export interface WalCheckpointStats {
  /** Checkpoints run by the worker thread. */
  background: number;
  /** Checkpoints run on the writing connection to let the WAL start over (or because the worker fell behind). */
  onWriter: number;
  /** Whether the worker is running one now. */
  running: boolean;
  /** Times the WAL file was truncated once writes paused. */
  truncated: number;
  /** Whether the worker failed, and the writer has checkpointed by itself since. */
  failed: boolean;
}

/** SQLite's own automatic checkpoint threshold, restored when the checkpoints are handed back. */
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;

// The wal-index header (https://www.sqlite.org/walformat.html, "The WAL-Index Format"), in native byte order:
// mxFrame, the last valid frame of the WAL, at byte 16 of the first copy of the header; nBackfill, the frames already
// copied into the database, at byte 96 (the checkpoint information after the header's two copies).
const HEADER_BYTES = 100;
const MX_FRAME = 16;
const N_BACKFILL = 96;

/**
 * The worker's code: plain CommonJS evaluated as a worker thread, so that it runs the same from the sources, the
 * compiled modules and the bundle. Its own connection runs one PASSIVE checkpoint per message (it copies what no
 * reader still needs, never waits for the writer, and syncs the WAL before and the database after, whatever the
 * writer's own `synchronous`), and answers with SQLite's figures.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('synchronous = FULL');
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: row.busy, log: row.log, checkpointed: row.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String(error && error.message) });
  }
});
`;

/** The worker thread that runs the checkpoints (WORKER), on the file given. */
export function checkpointWorker(data: CheckpointWorkerData): Worker {
  return new Worker(WORKER, { eval: true, workerData: data });
}

/**
 * WAL checkpoints off the event loop. SQLite checkpoints a connection's WAL inside the COMMIT that takes it past
 * 1,000 pages: it copies the WAL's pages into the database and syncs both files, on the event loop, every few
 * batches (docs/performance.md, "P1 at 1M"). Here the writing connection has `wal_autocheckpoint = 0`; after each of
 * its commits `afterCommit` reads the WAL's size from the wal-index (a 100-byte read) and, past `threshold` frames
 * not yet copied, has a worker thread with its own connection run a PASSIVE checkpoint while the writer goes on.
 *
 * A PASSIVE checkpoint that commits keep landing behind never leaves the WAL wholly copied, and SQLite starts the
 * file over only then (at the next write transaction). So once the WAL holds `restartAt` frames, the writer copies
 * the little that remains itself (under `threshold` frames, or twice that if the worker falls behind: the old cost,
 * one checkpoint with its two syncs, once per `restartAt` frames rather than per 1,000), between two transactions,
 * and its next transaction starts the WAL over. More than that to copy (another connection's bulk write, a
 * rebuild's swap) is the worker's.
 * Readers that hold an old snapshot delay all this, as they delay SQLite's own checkpoints.
 *
 * Started over, the WAL file keeps its size (the most it held under load, up to `restartAt` frames). Once writes
 * pause (no commit for `idleMs`), a file larger than `truncateAbove` bytes is truncated: the worker copies what is
 * left, then the writer runs a TRUNCATE checkpoint with nothing left to copy and a busy timeout of 0 (it waits for
 * no reader; one still reading the WAL makes it try again at the next pause). SQLite's `journal_size_limit` would
 * not do: it truncates only in the commit that starts the WAL over, so a file stays large when writes stop, and under
 * sustained load it would shrink and grow again every `restartAt` frames, each sync then also syncing its size.
 *
 * Durability is SQLite's: a checkpoint syncs the WAL before copying and the database before the WAL may start
 * over, whichever connection runs it. A worker that fails (its checkpoint throws, it cannot open the file, it exits,
 * or it does not answer within `workerTimeoutMs`) is ended, reported once to the log, and not started again: the
 * writer gets SQLite's automatic checkpoints back (every `threshold` pages, inside COMMIT), the bound and the cost
 * the store had before the worker. Commits go on throughout; a checkpoint, whoever runs it, never decides whether
 * one is acknowledged. No restart: what makes a worker fail (the file, the thread's resources, the disk) would most
 * likely fail the next one, and a restart would be one more state on the writer's path for a saving in latency
 * only; a new process tries the worker again.
 * The worker starts with the first checkpoint (a store that writes little never starts it), never keeps the
 * process alive, and `close()` waits for its checkpoint and ends it.
 */
export class WalCheckpoints {
  readonly #db: Database;
  readonly #shm: number;
  readonly #header = Buffer.alloc(HEADER_BYTES);
  readonly #threshold: number;
  readonly #restartAt: number;
  readonly #workerTimeoutMs: number;
  readonly #truncateAbove: number;
  readonly #startWorker: (data: CheckpointWorkerData) => Worker;
  readonly #log: StoreLog | undefined;
  readonly #idle: NodeJS.Timeout;
  readonly #stats = { background: 0, onWriter: 0, truncated: 0 };
  #worker: Worker | undefined;
  #running = false;
  /** Resolves when the checkpoint running now answers (or the worker is given up). */
  #answered: Promise<void> = Promise.resolve();
  #answer: () => void = () => {};
  #timeout: NodeJS.Timeout | undefined;
  /** The WAL's frame count under which the writer does not try to copy the rest again (readers held it back). */
  #retryFrom = 0;
  /** Commits so far; their count at the last idle look; and when the WAL file was last found small. */
  #commits = 0;
  #seen = 0;
  #small = 0;
  #lost = false;
  #closed = false;

  private constructor(db: Database, shm: number, options: WalCheckpointOptions, log: StoreLog | undefined) {
    this.#db = db;
    this.#shm = shm;
    this.#threshold = Math.max(1, Math.trunc(options.threshold ?? 1000));
    this.#restartAt = Math.max(this.#threshold, Math.trunc(options.restartAt ?? 40_000));
    this.#workerTimeoutMs = Math.max(1, Math.trunc(options.workerTimeoutMs ?? 60_000));
    this.#truncateAbove = Math.max(0, Math.trunc(options.truncateAbove ?? 16 * 1024 * 1024));
    this.#startWorker = options.startWorker ?? checkpointWorker;
    this.#log = log;
    this.#idle = setInterval(() => this.#whenIdle(), Math.max(1, Math.trunc(options.idleMs ?? 5000)));
    this.#idle.unref();
  }

  /**
   * Takes over the checkpoints of a writable file database in WAL mode (setting `wal_autocheckpoint = 0`); undefined
   * otherwise (in memory, read-only, another journal mode, no wal-index file), where SQLite keeps its own.
   */
  static attach(db: Database, options: WalCheckpointOptions = {}, log?: StoreLog): WalCheckpoints | undefined {
    const shm = openWalFile(db, '-shm');
    if (shm === undefined) return undefined;
    db.pragma('wal_autocheckpoint = 0');
    return new WalCheckpoints(db, shm, options, log);
  }

  /** Counters for metrics and tests. */
  stats(): WalCheckpointStats {
    return { ...this.#stats, running: this.#running, failed: this.#lost };
  }

  /** Frames in the WAL since it last started over, and frames of them not yet copied into the database. */
  walFrames(): { frames: number; pending: number } {
    readSync(this.#shm, this.#header, 0, HEADER_BYTES, 0);
    const le = endianness() === 'LE';
    const frames = le ? this.#header.readUInt32LE(MX_FRAME) : this.#header.readUInt32BE(MX_FRAME);
    const copied = le ? this.#header.readUInt32LE(N_BACKFILL) : this.#header.readUInt32BE(N_BACKFILL);
    return { frames, pending: Math.max(0, frames - copied) };
  }

  /** Called after each commit of the writing connection, outside any transaction. */
  afterCommit(): void {
    this.#commits++;
    this.#check();
  }

  /** Waits for the checkpoint running now, ends the worker and gives SQLite its automatic checkpoints back. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#idle);
    // Unreferenced, the worker would let the process end before it answers, with this close still waiting.
    this.#worker?.ref();
    // Bounded: a worker that does not answer within its time is given up (and ended) meanwhile.
    await this.#answered;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      await exited;
    }
    closeSync(this.#shm);
    this.#handBack(SQLITE_DEFAULT_AUTOCHECKPOINT);
  }

  #check(): void {
    if (this.#closed || this.#lost || this.#running || this.#db.inTransaction) return;
    const { frames, pending } = this.walFrames();
    if (frames < this.#retryFrom) this.#retryFrom = 0;
    // What the writer copies is less than a checkpoint's threshold; twice that once the worker, falling behind the
    // commits, has let the WAL pass twice `restartAt`.
    const rest = frames >= 2 * this.#restartAt ? 2 * this.#threshold : this.#threshold;
    if (frames >= this.#restartAt && frames >= this.#retryFrom && pending < rest) {
      // The rest on the writer: its next write transaction starts the WAL over, if no reader holds the WAL. If one
      // does, it tries again `threshold` frames later.
      this.#onWriter();
      this.#retryFrom = frames + this.#threshold;
    } else if (pending >= this.#threshold) {
      this.#inBackground();
    }
  }

  #inBackground(): void {
    const worker = this.#worker ?? this.#start();
    if (!worker) return;
    this.#running = true;
    this.#answered = new Promise((resolve) => {
      this.#answer = resolve;
    });
    const timeoutMs = this.#workerTimeoutMs;
    this.#timeout = setTimeout(
      () => this.#lose(new Error(`the checkpoint worker did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    this.#timeout.unref();
    worker.postMessage('checkpoint');
  }

  #start(): Worker | undefined {
    let worker: Worker;
    try {
      worker = this.#startWorker({
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.#db.name,
      });
    } catch (error) {
      this.#lose(error);
      return undefined;
    }
    worker.unref();
    // A worker given up may still answer or end: only the current one counts.
    worker.on('message', (answer: CheckpointAnswer) => {
      if (worker === this.#worker) this.#done(answer);
    });
    worker.on('error', (error) => {
      if (worker === this.#worker) this.#lose(error);
    });
    worker.on('exit', (code) => {
      if (worker === this.#worker && !this.#closed)
        this.#lose(new Error(`the checkpoint worker exited (code ${code})`));
    });
    this.#worker = worker;
    return worker;
  }

  #done(answer: CheckpointAnswer): void {
    clearTimeout(this.#timeout);
    this.#running = false;
    this.#answer();
    if (!answer.ok) {
      this.#lose(new Error(`the checkpoint failed: ${answer.message}`));
      return;
    }
    this.#stats.background++;
    // Commits made while it ran may already call for the next one.
    this.#check();
  }

  #onWriter(): void {
    try {
      const [row] = this.#db.pragma('wal_checkpoint(PASSIVE)') as { busy: number }[];
      if (row?.busy === 0) this.#stats.onWriter++;
    } catch {
      // Busy or failing: SQLite's own checkpoints would have failed the same way; the next commit tries again.
    }
  }

  /**
   * Every `idleMs`: once a whole interval has passed with no commit, a WAL file grown past `truncateAbove` bytes is
   * truncated (what is left to copy, the worker copies first). Never while a checkpoint runs or a transaction is open.
   */
  #whenIdle(): void {
    if (this.#closed || this.#running || !this.#db.open || this.#db.inTransaction) return;
    if (this.#commits !== this.#seen) {
      this.#seen = this.#commits;
      return;
    }
    if (this.#small === this.#commits) return;
    if ((statSync(`${this.#db.name}-wal`, { throwIfNoEntry: false })?.size ?? 0) <= this.#truncateAbove) {
      this.#small = this.#commits;
      return;
    }
    if (!this.#lost && this.walFrames().pending > 0) {
      this.#inBackground();
      return;
    }
    if (this.#truncate()) {
      this.#stats.truncated++;
      this.#small = this.#commits;
    }
  }

  /** A TRUNCATE checkpoint on the writer that waits for no one: true once the WAL file is empty. */
  #truncate(): boolean {
    const timeout = Number(this.#db.pragma('busy_timeout', { simple: true }));
    this.#db.pragma('busy_timeout = 0');
    try {
      const [row] = this.#db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return row?.busy === 0;
    } catch {
      // A reader's statement still running on this connection, or a failing disk: the next pause tries again.
      return false;
    } finally {
      this.#db.pragma(`busy_timeout = ${timeout}`);
    }
  }

  /** The worker failed: it is ended, the failure logged once, and the writer checkpoints as SQLite does by itself. */
  #lose(cause: unknown): void {
    if (this.#lost) return;
    this.#lost = true;
    clearTimeout(this.#timeout);
    this.#running = false;
    this.#answer();
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.terminate();
    if (!this.#closed) this.#handBack(this.#threshold);
    this.#log?.warn(
      { err: cause },
      'WAL checkpoints: the worker thread failed; the writer checkpoints the WAL itself from now on',
    );
  }

  #handBack(pages: number): void {
    if (this.#db.open) this.#db.pragma(`wal_autocheckpoint = ${pages}`);
  }
}
