import cluster from 'node:cluster';
import type { SearchBounds } from '../../projections/index.js';
import { Followup } from '../app/followup.js';
import type { Config } from '../config.js';
import { verifierKeyLine } from '../eventstore/checkpoints/signing-key.js';
import type { StoreLog } from '../eventstore/sqlite/wal-checkpoints.js';
import { buildApp, type HttpOptions } from '../http/app.js';
import { ListenFailure } from './failure.js';
import { type ListenFailed, ReaderPool, WRITER_SOCKET, writerSocketPath } from './readers.js';
import { configuredSigningKey, keyFileWarning } from './signing-key.js';
import { WriterThread } from './writer-thread.js';

/** Runs the service until SIGINT or SIGTERM, then stops taking requests, finishes those in flight, and closes the store. */
export async function serve(config: Config): Promise<void> {
  const writerSocket = process.env[WRITER_SOCKET];
  if (cluster.isWorker && writerSocket) return serveReads(config, writerSocket);
  // Reader processes share the embedded store's file; a store in memory, or a shared log, has none to share.
  const readers = config.store.kind === 'sqlite' && config.dataDir !== ':memory:' ? config.readers : 1;
  let warn = (_error: unknown) => {};
  const signingKey = configuredSigningKey(config);
  // A shared log (EventStoreDB, PostgreSQL): a replica whose read models follow it; sqlite: projections inline.
  const shared =
    config.store.kind === 'sqlite'
      ? undefined
      : {
          dataDir: config.dataDir,
          adminToken: config.adminToken,
          signingKey,
          searchBounds: searchBounds(config),
          connectionString: config.store.connectionString,
          onError: (error: unknown) => warn(error),
        };
  let warnNotice = (_error: unknown) => {};
  // What the embedded store recovers from by itself goes to the service's log, kept until that log exists.
  const early: [Record<string, unknown>, string][] = [];
  let storeLog: StoreLog = { warn: (fields, message) => void early.push([fields, message]) };
  const log: StoreLog = { warn: (fields, message) => storeLog.warn(fields, message) };
  const notifications = {
    allowedHosts: config.webhookAllowedHosts,
    onError: (error: unknown) => warnNotice(error),
  };
  // The embedded store's writer in a thread of its own: it opens (migrates) the store before this thread reads it.
  const writer =
    config.writerThread && config.store.kind === 'sqlite' && config.dataDir !== ':memory:'
      ? await WriterThread.start(config)
      : undefined;
  const followup = writer
    ? Followup.openReader(
        { dataDir: config.dataDir, adminToken: config.adminToken, searchBounds: searchBounds(config) },
        writer.call,
      )
    : !shared
      ? Followup.open({
          dataDir: config.dataDir,
          adminToken: config.adminToken,
          signingKey,
          notifications,
          searchBounds: searchBounds(config),
          log,
        })
      : config.store.kind === 'postgres'
        ? await Followup.openPostgres(shared)
        : await Followup.openRemote(shared);
  let built: Awaited<ReturnType<typeof buildApp>> | undefined;
  let pool: ReaderPool | undefined;
  let socket: ReturnType<typeof writerSocketPath> | undefined;
  try {
    // A store that cannot be written would serve reads and refuse every command: refuse to start instead.
    const unwritable = followup.unwritable();
    if (unwritable) throw unwritable;
    let readersListening: Promise<void> | undefined;
    if (readers > 1) {
      // The store is migrated: the readers start now, loading beside the writer's own start.
      socket = writerSocketPath();
      pool = new ReaderPool(readers, socket.path, (reason) => void stop(reason, 1));
      readersListening = pool.start();
      readersListening.catch(() => {});
    }
    built = await buildApp(followup, { ...httpOptions(config), behindReaders: readers > 1 });
    // Listening comes before anything is written, so that a port in use stops the start with nothing recorded.
    // A replica answers /ready 503 while it catches up.
    if (socket && readersListening) {
      await built.listen({ path: socket.path });
      await readersListening.catch((error: unknown) => {
        throw new ListenFailure(config.host, config.port, error);
      });
    } else {
      await built.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
        throw new ListenFailure(config.host, config.port, error);
      });
    }
  } catch (error) {
    await pool?.stop();
    await built?.close();
    await writer?.stop();
    await followup.close();
    socket?.remove();
    throw error;
  }
  const app = built;
  if (pool) {
    pool.log = app.log;
    app.log.info({ readers: pool.pids, writer: process.pid }, 'reader processes serve the reads; this one writes');
  }
  if (writer) {
    writer.log = app.log;
    writer.onFatal = (reason) => {
      app.log.fatal(reason);
      void stop('writer thread', 1);
    };
    app.log.info('commands run in the writer thread; reads in this one');
  }
  warn = (error) => app.log.warn({ err: error }, 'event store subscription interrupted; resuming');
  warnNotice = (error) => app.log.warn({ err: error }, 'webhook notices: a run failed; retrying');
  storeLog = app.log;
  for (const [fields, message] of early.splice(0)) app.log.warn(fields, message);
  // Notices are delivered by the process that writes the embedded store; on a shared log each replica would deliver
  // them again, so delivery stays off there (docs/reliability.md).
  if (writer) writer.startServices();
  else if (!shared) followup.notifications.start();
  let stopping = false;
  async function stop(signal: string, code = 0) {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    // The readers first: the commands they pass on still reach the writer.
    await pool?.stop();
    await app.close();
    if (writer) await writer.stop();
    else signFinalCheckpoint();
    await followup.close();
    socket?.remove();
    process.exit(code);
  }
  // The last events before a stop are covered by a checkpoint too.
  const signFinalCheckpoint = () => {
    try {
      followup.checkpoints.stopSigning();
      followup.checkpoints.signIfGrown();
    } catch (error) {
      app.log.error({ err: error }, 'checkpoint not signed at stop');
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // A replica looks for an admin only once caught up; a configured admin token is never recorded, so no request can
  // need the generated one before it is printed.
  await followup.runner?.whenCaughtUp();
  if (!writer) startCheckpoints(followup, config, app.log);
  const generated = await followup.tokens.bootstrap();
  if (generated) {
    // Printed once, on the first start: only its hash is kept.
    process.stdout.write(
      `\nFirst start: an admin token was generated. It is shown only now; keep it safe:\n\n  ${generated}\n\n` +
        'Set FOLLOWUP_ADMIN_TOKEN to use a token of your own instead.\n\n',
    );
  }
}

/** The bounds of a search's work the settings change (FOLLOWUP_SEARCH_MATCHES, FOLLOWUP_SEARCH_FACET_HITS). */
export function searchBounds(config: Config): Partial<SearchBounds> {
  const { searchMatches, searchFacetHits } = config.limits;
  return {
    ...(searchMatches !== undefined && { maxMatches: searchMatches }),
    ...(searchFacetHits !== undefined && { facetHits: searchFacetHits }),
  };
}

/** What the writer and every reader serve with. */
function httpOptions(config: Config): HttpOptions {
  return {
    publicRead: config.publicRead,
    logLevel: config.logLevel,
    security: {
      corsOrigins: config.corsOrigins,
      writesPerMinute: config.rateLimit,
      ...pick(config.limits, ['authFailuresPerMinute', 'anonymousReadsPerMinute']),
    },
    limits: config.limits,
    trustedProxies: config.trustedProxies,
    sourceMaps: config.sourceMaps,
  };
}

/**
 * A reader process: reads from its own connection to the store the writer migrated, commands passed to the writer;
 * stops when asked, or when the writer is gone.
 */
async function serveReads(config: Config, writerSocket: string): Promise<void> {
  const followup = Followup.openReader({
    dataDir: config.dataDir,
    adminToken: config.adminToken,
    searchBounds: searchBounds(config),
  });
  const app = await buildApp(followup, { ...httpOptions(config), writerSocket });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    const failed: ListenFailed = {
      kind: 'listen-failed',
      message: (error as Error).message,
      ...((error as { code?: string }).code ? { code: (error as { code: string }).code } : {}),
    };
    // Told before exiting, so that the writer explains the failure rather than a reader's exit.
    await new Promise<void>((resolve) =>
      process.send ? process.send(failed, undefined, {}, () => resolve()) : resolve(),
    );
    await app.close();
    await followup.close();
    process.exit(1);
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await followup.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  process.once('disconnect', () => void stop());
}

type Log = Pick<Awaited<ReturnType<typeof buildApp>>['log'], 'info' | 'warn' | 'error'>;

/** Builds the log's tree if it predates it, then signs a checkpoint now and at every interval the log grew. */
export function startCheckpoints(followup: Followup, config: Config, log: Log): void {
  const { checkpoints } = followup;
  const verifier = checkpoints.verifier;
  if (!verifier) {
    log.warn(
      'checkpoints are off: no signing key is configured (FOLLOWUP_SIGNING_KEY_FILE); ' +
        '`followup signing-key new FILE` makes one, outside the data directory',
    );
  } else {
    const warning = keyFileWarning(config);
    if (warning) log.warn(warning);
    log.info(
      { verifierKey: verifierKeyLine(verifier), keyId: verifier.keyId.toString('hex') },
      'checkpoints are signed with this key: give its public half to auditors',
    );
  }
  const signing = () => {
    if (!verifier) return;
    checkpoints.startSigning(
      config.checkpoints.intervalSeconds * 1000,
      (error) => log.error({ err: error }, 'checkpoint not signed'),
      (signed) => log.info({ treeSize: signed.size, position: signed.position }, 'checkpoint signed'),
    );
  };
  if (!checkpoints.state().building) {
    signing();
    return;
  }
  log.info("building the log's Merkle tree from the log (a log older than its tree)");
  checkpoints
    .build((leaves) => {
      if (leaves % 100_000 < 2000) log.info({ leaves }, "building the log's Merkle tree");
    })
    .then(() => {
      log.info({ leaves: checkpoints.state().size }, "the log's Merkle tree is built");
      signing();
    })
    .catch((error: unknown) => log.error({ err: error }, "the log's Merkle tree could not be built"));
}

function pick<T extends object, K extends keyof T>(values: T, keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.filter((key) => values[key] !== undefined).map((key) => [key, values[key]])) as Pick<
    T,
    K
  >;
}
