/**
 * The embedded store's writer in a thread of its own (`serve --writer-thread`): a worker thread opens the store (it
 * migrates it), owns the only connection that writes, runs every command (load, decide, append with the inline read
 * models, group commit, WAL sync), delivers webhook notices and signs checkpoints. The main thread serves HTTP and
 * answers reads from its own connection, as a reader process does; a command's answer comes back only once the
 * worker's commit is on disk, so the next read, on either connection, sees it (docs/architecture.md, "The writer
 * thread").
 */
import { Worker } from 'node:worker_threads';
import type { FastifyBaseLogger } from 'fastify';
import { type CommandCall, receivedError, type SentError } from '../app/forwarded-commands.js';
import type { Config } from '../config.js';
import { StoreUnavailable } from '../eventstore/port.js';

/** What the main thread asks the worker. */
export type ToWriter =
  | { type: 'call'; id: number; group: string; method: string; args: unknown[] }
  | { type: 'start' }
  | { type: 'stop' };

/** What the worker tells the main thread. */
export type FromWriter =
  | { type: 'ready' }
  | { type: 'failed'; error: SentError }
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: SentError }
  | { type: 'log'; level: LogLevel; fields: Record<string, unknown>; message: string }
  | { type: 'stopped' };

export type LogLevel = 'info' | 'warn' | 'error' | 'fatal';

/** What the worker is started with. */
export interface WriterData {
  kind: 'writer-thread';
  config: Config;
}

type Log = Pick<FastifyBaseLogger, LogLevel>;

/**
 * Built, the worker runs the CLI's own entry (bin/followup.js: the bundle and its code cache when built, which
 * src/cli/main.ts sends to the writer thread's code); from the sources (tests, `--import tsx`), a module that
 * registers tsx in the worker first, since a worker thread does not run the process's `--import` hooks.
 */
function startWorker(workerData: WriterData): Worker {
  const source = import.meta.url.endsWith('.ts');
  return new Worker(new URL(source ? './writer-worker-source.mjs' : '../../../bin/followup.js', import.meta.url), {
    workerData,
  });
}

export class WriterThread {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 0;
  #log: Log | undefined;
  #stopping: Promise<void> | undefined;
  #gone = false;
  /** Told once if the worker stops without being asked to: the service cannot write any more. */
  onFatal: (reason: string) => void = () => {};

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts the worker; resolves once it has opened (and migrated) the store and found it writable. */
  static start(config: Config): Promise<WriterThread> {
    const worker = startWorker({ kind: 'writer-thread', config });
    const thread = new WriterThread(worker);
    return new Promise<WriterThread>((resolve, reject) => {
      worker.on('message', (message: FromWriter) => {
        if (message.type === 'ready') resolve(thread);
        else if (message.type === 'failed') reject(receivedError(message.error));
        else thread.#take(message);
      });
      worker.on('error', (error) => {
        reject(error);
        thread.#lost(`the writer thread failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        reject(new Error(`the writer thread stopped while starting (exit code ${code})`));
        thread.#lost(`the writer thread stopped (exit code ${code})`);
      });
    });
  }

  /** Where the worker's log lines go once logging is set up; before, to stderr. */
  set log(log: Log) {
    this.#log = log;
  }

  /** Runs a command in the worker (src/app/forwarded-commands.ts). */
  readonly call: CommandCall = (group, method, args) => {
    if (this.#gone) return Promise.reject(new StoreUnavailable('the writer thread has stopped; nothing was recorded'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#send({ type: 'call', id, group, method, args });
    });
  };

  /** Starts what the writer runs in the background: webhook notices and checkpoints. */
  startServices(): void {
    this.#send({ type: 'start' });
  }

  /** Signs the last checkpoint, closes the store and ends the worker; commands still running finish first. */
  stop(): Promise<void> {
    if (this.#gone) return Promise.resolve();
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#worker.once('exit', () => resolve());
      this.#send({ type: 'stop' });
    });
    return this.#stopping;
  }

  #send(message: ToWriter): void {
    this.#worker.postMessage(message);
  }

  #take(message: FromWriter): void {
    if (message.type === 'result' || message.type === 'error') {
      const waiting = this.#pending.get(message.id);
      if (!waiting) return;
      this.#pending.delete(message.id);
      if (message.type === 'result') waiting.resolve(message.value);
      else waiting.reject(receivedError(message.error));
    } else if (message.type === 'log') {
      if (this.#log) this.#log[message.level](message.fields, message.message);
      else
        process.stderr.write(`${JSON.stringify({ level: message.level, ...message.fields, msg: message.message })}\n`);
    }
  }

  /** The worker is gone: what waited for it may or may not have been recorded. */
  #lost(reason: string): void {
    if (this.#gone) return;
    this.#gone = true;
    for (const { reject } of this.#pending.values()) {
      reject(
        new StoreUnavailable('the writer thread stopped before answering', {
          outcomeUnknown: true,
        }),
      );
    }
    this.#pending.clear();
    if (!this.#stopping) this.onFatal(reason);
  }
}
