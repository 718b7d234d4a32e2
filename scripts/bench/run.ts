/** What every mode of the bench shares: its command-line options, the sizes they set, the log, the generated store. */
import { mkdirSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { benchRoot, GENERATOR_VERSION, type GeneratedStore, generatedStore } from './generate.js';

export const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'string' },
    events: { type: 'string' },
    seconds: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'no-postgres': { type: 'boolean', default: false },
    readers: { type: 'string' },
    only: { type: 'string' },
    import: { type: 'boolean', default: false },
    records: { type: 'string' },
  },
});

export const quick = values.quick ?? false;
export const size = {
  events: Number(values.events ?? (quick ? 20_000 : 1_000_000)),
  seconds: Number(values.seconds ?? (quick ? 3 : 10)),
  connections: 64,
  singles: quick ? 300 : 2_000,
  batches: quick ? 100 : 1_000,
  asOfQueries: quick ? 200 : 1_000,
  appendFoldSeconds: quick ? 2 : 5,
};
export const log = (line: string) => process.stderr.write(`${line}\n`);
export const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

export type Machine = ReturnType<typeof machine>;

/** The machine the run is on, printed with its table. */
export function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

/** The generated store of `size.events` events (cached between runs). */
export async function theWorld(): Promise<GeneratedStore> {
  mkdirSync(benchRoot(), { recursive: true });
  const world = await generatedStore(size.events, log);
  log(
    `store: ${world.events.toLocaleString('en')} events, ${world.recommendations.toLocaleString('en')} recommendations ` +
      (world.cached ? `(cached, generator v${GENERATOR_VERSION})` : `(generated in ${world.seconds.toFixed(1)} s)`),
  );
  return world;
}
