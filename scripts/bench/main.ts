/**
 * `npm run bench [-- --quick] [-- --only P8 | --only P1,P2,P3,P4,P7] [-- --json FILE] [-- --events N] [-- --cpu-prof DIR] [-- --no-postgres]
 * [-- --readers 1,2] [-- --import [--records N]]`: measures the ceilings, the Emmett peer and P1–P8 in one run (P1 and
 * P2 also with two replicas on PostgreSQL) and prints one table of ratios; `--only` and `--import` run a part
 * (scripts/bench/modes/). It reports; it never fails on a speed.
 */
import { mkdirSync } from 'node:fs';
import { benchRoot } from './generate.js';
import { onlyFigures } from './modes/figures.js';
import { importOnly } from './modes/import.js';
import { onlySearch } from './modes/search.js';
import { wholeRun } from './modes/whole.js';
import { ensurePeer } from './peer.js';
import { log, machine, quick, size, theWorld, values } from './run.js';

async function main(): Promise<void> {
  if (values.import) return importOnly();
  const began = performance.now();
  const about = machine();
  log(
    `followup bench ${quick ? '(quick) ' : ''}— ${size.events.toLocaleString('en')} events; ${JSON.stringify(about)}`,
  );
  const only = values.only?.toUpperCase().split(',');
  if (only && !only.includes('P8')) return onlyFigures(new Set(only), about);
  ensurePeer(log);
  mkdirSync(benchRoot(), { recursive: true });
  const world = await theWorld();
  if (values.only !== undefined) return onlySearch(world, about);
  return wholeRun(world, about, began);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
