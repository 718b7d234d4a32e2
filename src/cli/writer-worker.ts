/**
 * The writer thread's own code (src/cli/writer-thread.ts): opens the embedded store as the one process that writes,
 * runs the commands the main thread passes, and answers each once its append is durable. Started through the CLI's
 * entry (src/cli/main.ts, so that it runs from the same bundle and code cache), or writer-worker-source.mjs.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Followup } from '../app/followup.js';
import { isForwarded, sendableError } from '../app/forwarded-commands.js';
import { searchBounds, startCheckpoints } from './serve.js';
import { configuredSigningKey } from './signing-key.js';
import type { FromWriter, LogLevel, ToWriter, WriterData } from './writer-thread.js';

/** Whether this thread was started as the writer thread. */
export function isWriterThread(): boolean {
  return !isMainThread && (workerData as Partial<WriterData> | null)?.kind === 'writer-thread';
}

/** Runs the writer thread until the main thread asks it to stop. */
export async function runWriterThread(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('writer-worker runs as a worker thread only');
  const { config } = workerData as WriterData;
  const send = (message: FromWriter) => port.postMessage(message);

  /** Log lines go to the main thread's logger; errors as their name, message and stack. */
  function line(level: LogLevel) {
    return (fields: Record<string, unknown> | string, message?: string) => {
      const given = typeof fields === 'string' ? {} : fields;
      const err = given.err instanceof Error ? given.err : undefined;
      send({
        type: 'log',
        level,
        fields: err ? { ...given, err: { type: err.name, message: err.message, stack: err.stack } } : given,
        message: typeof fields === 'string' ? fields : (message ?? ''),
      });
    };
  }
  const log = { info: line('info'), warn: line('warn'), error: line('error'), fatal: line('fatal') };

  let followup: Followup;
  try {
    followup = Followup.open({
      dataDir: config.dataDir,
      adminToken: config.adminToken,
      signingKey: configuredSigningKey(config),
      notifications: {
        allowedHosts: config.webhookAllowedHosts,
        onError: (error: unknown) => log.warn({ err: error }, 'webhook notices: a run failed; retrying'),
      },
      searchBounds: searchBounds(config),
      log,
    });
  } catch (error) {
    send({ type: 'failed', error: sendableError(error) });
    process.exit(1);
  }
  // A store that cannot be written would refuse every command: the service refuses to start instead.
  const unwritable = followup.unwritable();
  if (unwritable) {
    send({ type: 'failed', error: sendableError(unwritable) });
    await followup.close();
    process.exit(1);
  }

  /** Commands running now: a stop lets them finish. */
  const running = new Set<Promise<void>>();

  async function run(id: number, group: string, method: string, args: unknown[]): Promise<void> {
    try {
      if (!isForwarded(group, method)) throw new Error(`${group}.${method} is not a command`);
      const owner = group === 'subscriptions' ? followup.notifications.subscriptions : followup[group as 'reports'];
      const value = await (owner as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method]!(
        ...args,
      );
      send({ type: 'result', id, value });
    } catch (error) {
      send({ type: 'error', id, error: sendableError(error) });
    }
  }

  port.on('message', (message: ToWriter) => {
    if (message.type === 'call') {
      const done = run(message.id, message.group, message.method, message.args).finally(() => running.delete(done));
      running.add(done);
    } else if (message.type === 'start') {
      followup.notifications.start();
      startCheckpoints(followup, config, log as never);
    } else if (message.type === 'stop') {
      void stop();
    }
  });

  async function stop(): Promise<void> {
    await Promise.allSettled([...running]);
    // The last events before a stop are covered by a checkpoint too.
    try {
      followup.checkpoints.stopSigning();
      followup.checkpoints.signIfGrown();
    } catch (error) {
      log.error({ err: error }, 'checkpoint not signed at stop');
    }
    await followup.close();
    send({ type: 'stopped' });
    port?.close();
    // Nothing else should keep the thread; if something does, it ends all the same.
    setTimeout(() => process.exit(0), 1000).unref();
  }

  send({ type: 'ready' });
}
