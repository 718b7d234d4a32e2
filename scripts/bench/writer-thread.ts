/**
 * P1 with and without the writer thread (`serve --writer-thread`), in alternating rounds on fresh working copies of
 * the same world, so that both meet the same load on a shared machine: the P1 request (record a measure over HTTP,
 * 64 connections) and, for each run, the server's CPU per answered request split by thread (the main thread serving
 * HTTP, the busiest other thread: the writer when there is one), from /proc. `--pin 0,1` or `--pin 1` keeps the
 * server on those cores (`taskset`), the load generator on the others (all of them when the server has all).
 *
 * `node dist/scripts/bench/writer-thread.js [--events 20000] [--rounds 3] [--seconds 10] [--pin 1]`
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runAlone } from './alone.js';
import { httpCeiling } from './ceilings.js';
import type { Pin } from './cores.js';
import { generatedStore } from './generate.js';
import { type LoadResult, load, statTicks } from './load.js';
import { measureBody, whileServing } from './serve.js';
import { onWorkingCopy, prepare } from './service.js';

export interface WriterThreadRun {
  writerThread: boolean;
  serverCores: string;
  loadAverage: number;
  measures: LoadResult;
  /** CPU µs per answered request: the whole process, its main thread, its busiest other thread, the rest. */
  cpu: { total: number; main: number; busiest: number; others: number };
}

/** CPU ticks (user + system, 100 a second) of each thread of a process, by thread id. */
function threadTicks(pid: number): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ticks.set(tid, statTicks(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended
    }
  }
  return ticks;
}

export async function measuresWithWriterThread(
  dataDir: string,
  writerThread: boolean,
  seconds: number,
  connections: number,
  pin?: Pin,
): Promise<WriterThreadRun> {
  const { secret, ids } = await prepare(dataDir);
  const env = { FOLLOWUP_READERS: '1', FOLLOWUP_WRITER_THREAD: String(writerThread) };
  return whileServing(dataDir, env, pin, async (base, pid) => {
    const requests = ids.map((id, i) => ({ path: `/v1/recommendations/${id}/measures`, body: measureBody(i) }));
    const headers = { authorization: `Bearer ${secret}` };
    // Warm: the command cache and the prepared statements, as a long-running server's would be.
    await load({ url: base, connections, seconds: 2, method: 'POST', headers, requests });
    const loadAverage = loadavg()[0] ?? 0;
    const before = threadTicks(pid);
    const measures = await load({ url: base, connections, seconds, method: 'POST', headers, requests });
    const after = threadTicks(pid);
    const spent = [...after].map(([tid, ticks]) => ({ tid, ticks: ticks - (before.get(tid) ?? 0) }));
    const perRequest = (ticks: number) => Math.round((ticks * 10_000) / Math.max(1, measures.requests));
    const main = spent.find(({ tid }) => tid === String(pid))?.ticks ?? 0;
    const rest = spent.filter(({ tid }) => tid !== String(pid)).sort((a, b) => b.ticks - a.ticks);
    const busiest = rest[0]?.ticks ?? 0;
    const total = spent.reduce((sum, { ticks }) => sum + ticks, 0);
    return {
      writerThread,
      serverCores: pin?.server ?? 'all',
      loadAverage,
      measures,
      cpu: {
        total: perRequest(total),
        main: perRequest(main),
        busiest: perRequest(busiest),
        others: perRequest(total - main - busiest),
      },
    };
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '10' },
      pin: { type: 'string' },
      'no-ceiling': { type: 'boolean', default: false },
    },
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const world = await generatedStore(Number(values.events), log);
  const seconds = Number(values.seconds);
  if (!values['no-ceiling']) {
    const ceiling = await httpCeiling(seconds, 64);
    process.stdout.write(`${JSON.stringify({ ceiling: ceiling.requestsPerSecond, loadAverage: loadavg()[0] })}\n`);
  }
  const cores = availableParallelism();
  const all = `0-${cores - 1}`;
  // Pinned to some cores: the load generator on the others, or beside the server when it has them all.
  const pin = values.pin
    ? { server: values.pin, load: values.pin === all || values.pin === '0,1' ? values.pin : '0' }
    : undefined;
  for (let round = 0; round < Number(values.rounds); round++) {
    // Alternating which goes first, so that neither always meets the same moment of the machine's load.
    const order = round % 2 === 0 ? [false, true] : [true, false];
    for (const writerThread of order) {
      const run = await onWorkingCopy(world, (copy) => measuresWithWriterThread(copy, writerThread, seconds, 64, pin));
      process.stdout.write(`${JSON.stringify({ round, ...run })}\n`);
    }
  }
}

runAlone(import.meta.url, main);
