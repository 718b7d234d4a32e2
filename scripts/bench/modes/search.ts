/** `--only P8`: the HTTP ceiling and the searches, nothing else: what a change to search is checked with. */
import { httpCeiling } from '../ceilings.js';
import type { GeneratedStore } from '../generate.js';
import type { LoadResult } from '../load.js';
import { type Machine, size, values } from '../run.js';
import { onWorkingCopy, searchCold, servedSearch } from '../service.js';
import { boundRow, formatTable, type Row, ratioRow, referenceRow } from '../table.js';

/** P8's served figures: requests a second against the HTTP ceiling, and the p99 latency. */
export function searchRows(
  world: GeneratedStore,
  search: LoadResult,
  httpRef: { name: string; value: number; unit: string },
): Row[] {
  return [
    ratioRow(
      'P8',
      `search GET /v1/recommendations?q=, ${world.recommendations.toLocaleString('en')} recommendations`,
      search.requestsPerSecond,
      'req/s',
      httpRef,
      0.2,
      search.errors > 0 ? `${search.errors} errors` : undefined,
    ),
    boundRow('P8', 'search: p99 latency', search.p99, 'ms', 50, `p50 ${search.p50} ms`),
  ];
}

export async function onlySearch(world: GeneratedStore, machine: Machine): Promise<void> {
  if (values.only?.toUpperCase() !== 'P8') throw new Error(`--only ${values.only}: only P8 can be run alone`);
  const http = await httpCeiling(size.seconds, size.connections);
  const { search, cold } = await onWorkingCopy(world, async (copy) => ({
    search: await servedSearch(copy, size.seconds, size.connections),
    cold: searchCold(copy),
  }));
  const httpRef = { name: 'HTTP ceiling', value: http.requestsPerSecond, unit: 'req/s' };
  const rows: Row[] = [
    referenceRow('C1', 'HTTP ceiling: fastify hello-world, response schema', http.requestsPerSecond, 'req/s'),
    ...searchRows(world, search, httpRef),
    ...cold.map((one) =>
      referenceRow('P8', `cold (nothing kept): ${one.search}`, Math.round(one.ms * 10) / 10, 'ms', `${one.total} hits`),
    ),
  ];
  process.stdout.write(`\n${formatTable(rows)}\n\nMachine: ${JSON.stringify(machine)}\n`);
}
