import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../src/app/context.js';
import { Followup } from '../src/app/followup.js';
import { serve } from '../src/cli/serve.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { recommendationId } from '../src/domain/identity.js';
import type { Principal } from '../src/domain/token/permissions.js';
import * as kaz from './demo/founding-case.js';

/** Loads the founding case (once: a second run finds it there) and serves it. */
async function main(): Promise<void> {
  const config = loadConfig({ FOLLOWUP_DATA_DIR: './demo-data', ...process.env });
  const followup = Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken });
  try {
    if (followup.readModels.getReport('cat-c-kaz-4')) {
      console.log(`The founding case is already loaded in ${config.dataDir}.`);
    } else {
      await load(followup);
      console.log(`Loaded the founding case into ${config.dataDir}: Kazakhstan before the Committee against Torture.`);
    }
  } finally {
    await followup.close();
  }
  console.log('Try: curl http://%s:%d/v1/states/KAZ/status', config.host, config.port);
  await serve(config);
}

const secretariat: Principal = {
  kind: 'token',
  tokenId: 'demo-secretariat',
  name: 'CAT secretariat (demo)',
  role: 'secretariat',
  states: [],
};
const kazakhstan: Principal = {
  kind: 'token',
  tokenId: 'demo-kaz',
  name: 'Kazakhstan (demo)',
  role: 'state',
  states: ['KAZ'],
};
const as = (principal: Principal): CommandContext => ({
  principal,
  correlationId: 'demo-founding-case',
  causationId: randomUUID(),
});

async function load(followup: Followup): Promise<void> {
  const { reports, recommendations } = followup;
  const { id } = (await reports.submit(as(kazakhstan), kaz.report)).body;
  await reports.present(as(secretariat), id, kaz.presentation);
  await reports.adoptConcludingObservations(as(secretariat), id, kaz.concludingObservations);
  for (const recommendation of kaz.recommendations) await recommendations.issue(as(secretariat), recommendation);
  const idOf = (paragraph: string) => recommendationId(kaz.concludingObservations.symbol, paragraph);
  for (const { paragraph, measure } of kaz.measures) {
    await recommendations.recordMeasure(as(kazakhstan), idOf(paragraph), measure);
  }
  const { paragraphs, ...reply } = kaz.followUpReply;
  for (const paragraph of paragraphs)
    await recommendations.receiveFollowUpReply(as(kazakhstan), idOf(paragraph), reply);
}

main().catch((error: unknown) => {
  const lines =
    error instanceof ConfigError ? error.problems : [error instanceof Error ? error.message : String(error)];
  for (const line of lines) console.error(`demo: ${line}`);
  process.exit(1);
});
