/**
 * P2 with reader processes: `followup serve --readers N` on a working copy, the same status load as P2, for each N
 * asked; optionally with the server pinned to some cores and the load generator to the others (`taskset`), which
 * measures what one core of readers gives apart from the load generator's own CPU.
 *
 * Alone: `node dist/scripts/bench/readers.js [--events 20000] [--readers 1,2] [--pin] [--seconds 10] [--reads search]
 * [--skip-ceiling]`: `--reads search` measures P8's searches the same way (after the warm-up, each kept).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runAlone } from './alone.js';
import { httpCeiling } from './ceilings.js';
import type { Pin } from './cores.js';
import { generatedStore } from './generate.js';
import { type LoadResult, load, statTicks } from './load.js';
import { STATUS_REQUESTS, whileServing } from './serve.js';
import { onWorkingCopy, SEARCHES } from './service.js';

export interface ReadersRun {
  readers: number;
  /** The cores the server ran on (all when not pinned). */
  serverCores: string;
  /** The cores the load generator ran on. */
  loadCores: string;
  status: LoadResult;
  /** The one-minute load average when the run began: how shared the machine was. */
  loadAverage: number;
  /**
   * CPU time the server's processes (writer and readers) spent per answered request, in µs: what a request costs
   * whatever else shares the machine; one core serves at most 1e6 / this many requests a second.
   */
  cpuMicrosPerRequest: number;
}

/** CPU time (user + system) of a process and its children, in clock ticks (Linux /proc, 100 a second). */
function cpuTicks(pid: number): number {
  const ticks = (id: string) => statTicks(readFileSync(`/proc/${id}/stat`, 'utf8'));
  let children: string[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    // no children
  }
  return [String(pid), ...children].reduce((sum, id) => sum + ticks(id), 0);
}

/** The reads measured: P2's statuses over every Member State, or P8's searches. */
export type ReadLoad = 'status' | 'search';

const pathsOf = (reads: ReadLoad): { path: string }[] =>
  reads === 'search' ? SEARCHES.map((path) => ({ path })) : STATUS_REQUESTS;

/** GET /v1/states/{state}/status over every Member State (or P8's searches), served by `readers` reader processes. */
export async function statusWithReaders(
  dataDir: string,
  readers: number,
  seconds: number,
  connections: number,
  pin?: Pin,
  reads: ReadLoad = 'status',
): Promise<ReadersRun> {
  return whileServing(dataDir, { FOLLOWUP_READERS: String(readers) }, pin, async (base, pid) => {
    // Every reader warms its caches before the measured run, as a long-running server's would be. Each reader counts
    // every State (and evaluates every search) once for itself, ~1.5 s of CPU at 1M events: 2 s was too short
    // with two readers sharing two cores, and their first counts were measured as the readers' cost.
    await load({ url: base, connections, seconds: readers > 1 ? 5 * readers : 2, requests: pathsOf(reads) });
    const loadAverage = loadavg()[0] ?? 0;
    const before = cpuTicks(pid);
    const status = await load({ url: base, connections, seconds, requests: pathsOf(reads) });
    const cpuMicrosPerRequest = Math.round(((cpuTicks(pid) - before) * 10_000) / Math.max(1, status.requests));
    const all = `0-${cpus().length - 1}`;
    return {
      readers,
      serverCores: pin?.server ?? all,
      loadCores: pin?.load ?? all,
      status,
      loadAverage,
      cpuMicrosPerRequest,
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      readers: { type: 'string', default: `1,${availableParallelism()}` },
      seconds: { type: 'string', default: '10' },
      pin: { type: 'boolean', default: false },
      reads: { type: 'string', default: 'status' },
      'skip-ceiling': { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const world = await generatedStore(Number(values.events), log);
  const cores = availableParallelism();
  await onWorkingCopy(world, async (copy) => {
    // The same run's HTTP ceiling (C1), for the ratio.
    if (!values['skip-ceiling']) {
      const ceiling = await httpCeiling(Number(values.seconds), 64);
      process.stdout.write(`${JSON.stringify({ ceiling, loadAverage: loadavg()[0] })}\n`);
    }
    const reads = values.reads === 'search' ? 'search' : 'status';
    for (const readers of (values.readers ?? '1').split(',').map(Number)) {
      // Pinned: the server on the last core(s), the load generator on the first.
      const pin = values.pin && cores > 1 ? { server: `1-${cores - 1}`, load: '0' } : undefined;
      for (const pinned of values.pin ? [pin, undefined] : [undefined]) {
        const run = await statusWithReaders(copy, readers, Number(values.seconds), 64, pinned, reads);
        process.stdout.write(`${JSON.stringify(run)}\n`);
      }
    }
  });
}

runAlone(import.meta.url, main);
