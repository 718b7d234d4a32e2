import { Followup } from '../app/followup.js';
import type { Config } from '../config.js';
import { buildApp } from '../http/app.js';

/** Runs the service until SIGINT or SIGTERM, then stops taking requests, finishes those in flight, and closes the store. */
export async function serve(config: Config): Promise<void> {
  let warn = (_error: unknown) => {};
  // A shared log (EventStoreDB, PostgreSQL): a replica whose read models follow it; sqlite: projections inline.
  const shared =
    config.store.kind === 'sqlite'
      ? undefined
      : {
          dataDir: config.dataDir,
          adminToken: config.adminToken,
          connectionString: config.store.connectionString,
          onError: (error: unknown) => warn(error),
        };
  const followup = !shared
    ? Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken })
    : config.store.kind === 'postgres'
      ? await Followup.openPostgres(shared)
      : await Followup.openRemote(shared);
  const app = await buildApp(followup, {
    publicRead: config.publicRead,
    logLevel: config.logLevel,
    security: { corsOrigins: config.corsOrigins, writesPerMinute: config.rateLimit },
  });
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
    await followup.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  // A replica listens at once (/ready answers 503 while it catches up) and looks for an admin only once caught up.
  if (followup.runner) await app.listen({ port: config.port, host: config.host });
  await followup.runner?.whenCaughtUp();
  const generated = await followup.tokens.bootstrap();
  if (generated) {
    // Printed once, on the first start: only its hash is kept.
    process.stdout.write(
      `\nFirst start: an admin token was generated. It is shown only now; keep it safe:\n\n  ${generated}\n\n` +
        'Set FOLLOWUP_ADMIN_TOKEN to use a token of your own instead.\n\n',
    );
  }
  if (!followup.runner) await app.listen({ port: config.port, host: config.host });
}
