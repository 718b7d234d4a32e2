import { Followup } from '../app/followup.js';
import type { Config } from '../config.js';
import { verifierKeyLine } from '../eventstore/checkpoints/signing-key.js';
import { buildApp } from '../http/app.js';
import { ListenFailure } from './failure.js';
import { configuredSigningKey, keyFileWarning } from './signing-key.js';

/** Runs the service until SIGINT or SIGTERM, then stops taking requests, finishes those in flight, and closes the store. */
export async function serve(config: Config): Promise<void> {
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
          connectionString: config.store.connectionString,
          onError: (error: unknown) => warn(error),
        };
  const followup = !shared
    ? Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken, signingKey })
    : config.store.kind === 'postgres'
      ? await Followup.openPostgres(shared)
      : await Followup.openRemote(shared);
  let built: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    // A store that cannot be written would serve reads and refuse every command: refuse to start instead.
    const unwritable = followup.unwritable();
    if (unwritable) throw unwritable;
    built = await buildApp(followup, {
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
    });
    // Listening comes before anything is written, so that a port in use stops the start with nothing recorded.
    // A replica answers /ready 503 while it catches up.
    await built.listen({ port: config.port, host: config.host }).catch((error: unknown) => {
      throw new ListenFailure(config.host, config.port, error);
    });
  } catch (error) {
    await built?.close();
    await followup.close();
    throw error;
  }
  const app = built;
  warn = (error) => app.log.warn({ err: error }, 'event store subscription interrupted; resuming');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const deadline = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    deadline.unref();
    await app.close();
    signFinalCheckpoint();
    await followup.close();
    process.exit(0);
  };
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
  startCheckpoints(followup, config, app.log);
  const generated = await followup.tokens.bootstrap();
  if (generated) {
    // Printed once, on the first start: only its hash is kept.
    process.stdout.write(
      `\nFirst start: an admin token was generated. It is shown only now; keep it safe:\n\n  ${generated}\n\n` +
        'Set FOLLOWUP_ADMIN_TOKEN to use a token of your own instead.\n\n',
    );
  }
}

type Log = Awaited<ReturnType<typeof buildApp>>['log'];

/** Builds the log's tree if it predates it, then signs a checkpoint now and at every interval the log grew. */
function startCheckpoints(followup: Followup, config: Config, log: Log): void {
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
