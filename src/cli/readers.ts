/**
 * Reads on every core (docs/architecture.md, "Reader processes"): on the embedded store, `serve --readers N` keeps
 * one writer process, which migrates the store, runs every command, signs checkpoints and listens on a private
 * socket only, and forks N reader processes (node:cluster) that share the public port. A reader answers reads from
 * its own connection to the file (SQLite in WAL lets it read while the writer writes; a read sees every commit
 * before it, so a command's answer is seen by the next read on any reader) and passes commands to the writer.
 */
import cluster, { type Worker } from 'node:cluster';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';

/** The variable telling a forked process it is a reader, and where the writer listens. */
export const WRITER_SOCKET = 'FOLLOWUP_WRITER_SOCKET';

/** What a reader tells the writer when it cannot listen. */
export interface ListenFailed {
  kind: 'listen-failed';
  message: string;
  code?: string;
}

/** More stops than this within `CRASH_WINDOW_MS`: the readers cannot run, and the service stops saying so. */
const CRASHES = 5;
const CRASH_WINDOW_MS = 30_000;
const STOP_GRACE_MS = 10_000;

/** A private folder for the writer's socket, removed at stop. */
export function writerSocketPath(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'followup-writer-'));
  return { path: join(dir, 'writer.sock'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export class ReaderPool {
  readonly #workers = new Set<Worker>();
  readonly #crashes: number[] = [];
  #log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'fatal'> | undefined;
  #stopping = false;

  constructor(
    private readonly count: number,
    private readonly socket: string,
    /** Told once the readers keep stopping (the service cannot serve): the caller stops with this reason. */
    private readonly onFatal: (reason: string) => void,
  ) {}

  /** The process ids of the readers running. */
  get pids(): number[] {
    return [...this.#workers].map((worker) => worker.process.pid ?? 0);
  }

  /** Where to log once logging is set up; before, failures go to stderr. */
  set log(log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'fatal'>) {
    this.#log = log;
  }

  /** Forks the readers; resolves once every one listens, rejects with the first listen failure. */
  start(): Promise<void> {
    const listening: Promise<void>[] = [];
    for (let n = 0; n < this.count; n++) listening.push(this.#fork(true));
    return Promise.all(listening).then(() => undefined);
  }

  /** Forks a reader; one of the first that stops before listening fails the start, any other is replaced. */
  #fork(first: boolean): Promise<void> {
    const worker = cluster.fork({ [WRITER_SOCKET]: this.socket });
    this.#workers.add(worker);
    return new Promise<void>((resolve, reject) => {
      let listened = false;
      worker.once('listening', () => {
        listened = true;
        resolve();
      });
      worker.on('message', (message: ListenFailed) => {
        if (message?.kind !== 'listen-failed') return;
        reject(Object.assign(new Error(message.message), message.code ? { code: message.code } : {}));
      });
      worker.once('exit', (code, signal) => {
        this.#workers.delete(worker);
        if (!listened) reject(new Error(`a reader process stopped before listening (code ${code}, signal ${signal})`));
        if (!this.#stopping && (listened || !first)) this.#replace(worker, code, signal);
      });
    });
  }

  /** A reader that stopped on its own is replaced, unless they keep stopping. */
  #replace(worker: Worker, code: number | null, signal: string | null): void {
    const now = Date.now();
    this.#crashes.push(now);
    while ((this.#crashes[0] ?? now) < now - CRASH_WINDOW_MS) this.#crashes.shift();
    const pid = worker.process.pid;
    if (this.#crashes.length >= CRASHES) {
      const reason = `reader processes stopped ${this.#crashes.length} times in ${CRASH_WINDOW_MS / 1000} s (the last, ${pid}: code ${code}, signal ${signal}); stopping the service`;
      this.#log?.fatal(reason);
      this.onFatal(reason);
      return;
    }
    this.#log?.error({ reader: pid, code, signal }, 'a reader process stopped; starting another');
    this.#fork(false).catch(() => {});
  }

  /** Asks every reader to finish its requests in flight and stop; kills those still running after the grace. */
  async stop(): Promise<void> {
    this.#stopping = true;
    const exits = [...this.#workers].map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const kill = setTimeout(() => worker.process.kill('SIGKILL'), STOP_GRACE_MS);
          worker.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          worker.process.kill('SIGTERM');
        }),
    );
    await Promise.all(exits);
  }
}
