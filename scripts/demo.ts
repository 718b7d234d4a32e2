import { Followup } from '../src/app/followup.js';
import { serve } from '../src/cli/serve.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { REPORT_ID } from './demo/founding-case.js';
import { loadFoundingCase } from './demo/load.js';

/** Loads the founding case (once: a second run finds it there) and serves it. */
async function main(): Promise<void> {
  const config = loadConfig({ FOLLOWUP_DATA_DIR: './demo-data', ...process.env });
  const followup = Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken });
  try {
    if (followup.readModels.getReport(REPORT_ID)) {
      console.log(`The founding case is already loaded in ${config.dataDir}.`);
    } else {
      await loadFoundingCase(followup);
      console.log(`Loaded the founding case into ${config.dataDir}: Kazakhstan before the Committee against Torture.`);
    }
  } finally {
    await followup.close();
  }
  await serve(config);
  // Said once it listens, last, so it is the line a person sees.
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  console.log(`\nDashboard: ${base}/#/states/KAZ\nAPI:       ${base}/v1/states/KAZ/status (docs at ${base}/docs)\n`);
}

main().catch((error: unknown) => {
  const lines =
    error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
  for (const line of lines) console.error(`demo: ${line}`);
  process.exit(1);
});
