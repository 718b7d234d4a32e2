/**
 * `npm run bench [-- --quick] [-- --only P8 | --only P1,P3,P4,P7] [-- --json FILE] [-- --events N] [-- --cpu-prof DIR] [-- --no-postgres]
 * [-- --readers 1,2]`: measures the ceilings, the Emmett peer and P1–P8 in one run (P1 and P2 also with two replicas
 * on PostgreSQL) and prints one
 * table of ratios. It reports; it never fails on a speed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { emmettAppendFold, followupAppendFold } from './append-fold.js';
import { diskCeiling, httpCeiling, replayCeiling } from './ceilings.js';
import { benchRoot, GENERATOR_VERSION, type GeneratedStore, generatedStore } from './generate.js';
import { importBench } from './import.js';
import { ensurePeer } from './peer.js';
import { type ReadersRun, statusWithReaders } from './readers.js';
import { type ReplicaFigures, servedOnPostgres } from './replicas.js';
import { rebuild, searchCold, served, servedSearch, statusAsOf, workingCopy } from './service.js';
import { boundRow, formatTable, type Row, ratioRow, referenceRow } from './table.js';

const { values } = parseArgs({
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

const quick = values.quick ?? false;
const size = {
  events: Number(values.events ?? (quick ? 20_000 : 1_000_000)),
  seconds: Number(values.seconds ?? (quick ? 3 : 10)),
  connections: 64,
  singles: quick ? 300 : 2_000,
  batches: quick ? 100 : 1_000,
  asOfQueries: quick ? 200 : 1_000,
  appendFoldSeconds: quick ? 2 : 5,
};
const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (t: number) => `${Math.round(performance.now() - t)} ms`;

/** `npm run bench -- --import [--records N]`: the UHRI full-export import alone, against its goals. */
async function importOnly(): Promise<void> {
  const records = Number(values.records ?? (quick ? 20_000 : 270_000));
  log(`followup import bench — ${records.toLocaleString('en')} UHRI records; ${availableParallelism()} cores`);
  mkdirSync(benchRoot(), { recursive: true });
  const figures = await importBench(benchRoot(), records, log);
  const goal = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  const lines = [
    `records            ${figures.records.toLocaleString('en')} (${figures.fileMiB} MiB of JSON)`,
    `import             ${figures.first.seconds} s, ${figures.first.rowsPerSecond.toLocaleString('en')} rows/s, CPU ${figures.first.cpuSeconds} s (goal < 60 s: ${goal(figures.first.seconds < 60)})`,
    `peak RSS           ${figures.first.peakRssMiB} MiB (goal ≤ 500 MB: ${goal(figures.first.peakRssMiB * 1.048576 <= 500)})`,
    `re-import          ${figures.again.seconds} s, CPU ${figures.again.cpuSeconds} s, peak RSS ${figures.again.peakRssMiB} MiB (goal ≤ 15 s: ${goal(figures.again.seconds <= 15)})`,
    `load average (1m)  ${figures.load.before} before, ${figures.load.after} after, on ${availableParallelism()} cores`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(figures, null, 2)}\n`);
}

async function main(): Promise<void> {
  if (values.import) return importOnly();
  const began = performance.now();
  const machine = {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
  log(
    `followup bench ${quick ? '(quick) ' : ''}— ${size.events.toLocaleString('en')} events; ${JSON.stringify(machine)}`,
  );
  const only = values.only?.toUpperCase().split(',');
  if (only && !only.includes('P8')) return onlyFigures(new Set(only), machine);
  ensurePeer(log);
  mkdirSync(benchRoot(), { recursive: true });

  let t = performance.now();
  const world = await theWorld();

  if (values.only !== undefined) return onlySearch(world, machine);

  t = performance.now();
  const disk = diskCeiling(size.singles, size.batches);
  log(`disk ceiling: ${ms(t)}`);
  t = performance.now();
  const http = await httpCeiling(size.seconds, size.connections);
  log(`HTTP ceiling: ${ms(t)}`);
  t = performance.now();
  const replay = replayCeiling(world.file);
  log(`replay ceiling: ${ms(t)}`);

  t = performance.now();
  const peerSequential = await emmettAppendFold(1, size.appendFoldSeconds);
  const peerConcurrent = await emmettAppendFold(64, size.appendFoldSeconds);
  const oursSequential = await followupAppendFold(1, size.appendFoldSeconds);
  const oursConcurrent = await followupAppendFold(64, size.appendFoldSeconds);
  log(`append-and-fold (peer and ours): ${ms(t)}`);

  t = performance.now();
  const copy = workingCopy(world);
  const profile = values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values['cpu-prof'])}`] : [];
  const figures = await served(copy, size.seconds, size.connections, profile);
  log(`served figures (P4, P2, P5, P1, P8): ${ms(t)}`);
  t = performance.now();
  // P2 again with reader processes (`serve --readers N`): by default one a core, at least two.
  const readerCounts = (values.readers ?? String(Math.max(2, availableParallelism()))).split(',').map(Number);
  const withReaders: ReadersRun[] = [];
  for (const readers of readerCounts) {
    withReaders.push(await statusWithReaders(copy, readers, size.seconds, size.connections));
  }
  log(`P2 with reader processes (${readerCounts.join(', ')}): ${ms(t)}`);
  t = performance.now();
  const onPostgres = values['no-postgres']
    ? { skipped: '--no-postgres' }
    : await servedOnPostgres(world, size.seconds, size.connections, log);
  log(`two replicas on PostgreSQL (P1, P2): ${ms(t)}`);
  t = performance.now();
  const asOf = statusAsOf(copy, size.asOfQueries);
  log(`status asOf: ${ms(t)}`);
  t = performance.now();
  const rebuilt = await rebuild(copy);
  log(`rebuild (followup replay): ${ms(t)}`);
  rmSync(copy, { recursive: true, force: true });

  const n = world.events.toLocaleString('en');
  const httpRef = { name: 'HTTP ceiling', value: http.requestsPerSecond, unit: 'req/s' };
  const errors = (e: number) => (e > 0 ? `${e} errors` : undefined);
  const failures = (r: { failed: number; firstFailure?: string }) =>
    r.failed > 0 ? `${r.failed} failed: ${r.firstFailure?.slice(0, 80)}` : undefined;
  const rows: Row[] = [
    referenceRow(
      'C1',
      'HTTP ceiling: fastify hello-world, response schema',
      http.requestsPerSecond,
      'req/s',
      `p99 ${http.p99} ms`,
    ),
    referenceRow(
      'C2',
      'disk ceiling: one insert per transaction, WAL, synchronous=FULL',
      disk.singlePerSecond,
      'inserts/s',
    ),
    referenceRow('C3', 'disk ceiling: 100 inserts per transaction', disk.batchedRowsPerSecond, 'rows/s'),
    referenceRow('C4', `replay ceiling: SELECT + JSON.parse, ${n} events`, replay.rowsPerSecond, 'rows/s'),
    referenceRow('C5', 'start-up ceiling: node + fastify hello-world to its first answer', http.startupMs, 'ms'),
    referenceRow(
      'E1',
      'Emmett SQLite: append-and-fold, sequential',
      peerSequential.perSecond,
      'cmd/s',
      failures(peerSequential),
    ),
    referenceRow(
      'E2',
      'Emmett SQLite: append-and-fold, 64 concurrent',
      peerConcurrent.perSecond,
      'cmd/s',
      failures(peerConcurrent),
    ),
    ratioRow(
      'P1',
      'record a measure over HTTP, 64 connections',
      figures.measures.requestsPerSecond,
      'req/s',
      httpRef,
      0.2,
      errors(figures.measures.errors),
    ),
    ratioRow(
      'P1',
      'record a measure vs one fsync per command',
      figures.measures.requestsPerSecond,
      'req/s',
      { name: 'disk ceiling (single)', value: disk.singlePerSecond, unit: 'inserts/s' },
      2,
    ),
    boundRow('P1', 'record a measure: p99 latency', figures.measures.p99, 'ms', 20, `p50 ${figures.measures.p50} ms`),
    ratioRow(
      'P2',
      `GET /v1/states/{state}/status, ${n} events`,
      figures.status.requestsPerSecond,
      'req/s',
      httpRef,
      0.5,
      errors(figures.status.errors),
    ),
    boundRow('P2', 'status: p99 latency', figures.status.p99, 'ms', 10, `p50 ${figures.status.p50} ms`),
    ...withReaders.flatMap((run) => [
      ratioRow(
        'P2',
        `status, serve --readers ${run.readers} (${run.cpuMicrosPerRequest} µs CPU a request; load ${run.loadAverage.toFixed(1)})`,
        run.status.requestsPerSecond,
        'req/s',
        httpRef,
        0.5,
        errors(run.status.errors),
      ),
      boundRow(
        'P2',
        `status, --readers ${run.readers}: p99 latency`,
        run.status.p99,
        'ms',
        10,
        `p50 ${run.status.p50} ms`,
      ),
    ]),
    ...postgresRows(onPostgres, n, httpRef, errors),
    ratioRow(
      'P8',
      `search GET /v1/recommendations?q=, ${world.recommendations.toLocaleString('en')} recommendations`,
      figures.search.requestsPerSecond,
      'req/s',
      httpRef,
      0.2,
      errors(figures.search.errors),
    ),
    boundRow('P8', 'search: p99 latency', figures.search.p99, 'ms', 50, `p50 ${figures.search.p50} ms`),
    ratioRow(
      'P3',
      `rebuild every read model from ${n} events (followup replay)`,
      rebuilt.eventsPerSecond,
      'events/s',
      { name: 'replay ceiling', value: replay.rowsPerSecond, unit: 'rows/s' },
      0.4,
    ),
    boundRow('P4', `start-up to /ready, ${n} events`, figures.startupMs, 'ms', 1000),
    boundRow(
      'P5',
      `resident memory serving ${n} events`,
      figures.memory.rss,
      'MB',
      250,
      `peak ${Math.round(figures.memory.peak)} MB`,
    ),
    boundRow(
      'P6',
      `status asOf a past day, ${world.recommendations.toLocaleString('en')} recommendations: p99`,
      asOf.p99,
      'ms',
      100,
      `p50 ${asOf.p50.toFixed(2)} ms`,
    ),
    ratioRow(
      'P7',
      'append-and-fold, sequential',
      oursSequential.perSecond,
      'cmd/s',
      { name: 'Emmett', value: peerSequential.perSecond, unit: 'cmd/s' },
      10,
      failures(oursSequential),
    ),
    ratioRow(
      'P7',
      'append-and-fold, 64 concurrent',
      oursConcurrent.perSecond,
      'cmd/s',
      { name: 'Emmett', value: peerConcurrent.perSecond, unit: 'cmd/s' },
      10,
      failures(oursConcurrent),
    ),
  ];
  const minutes = (performance.now() - began) / 60_000;
  process.stdout.write(
    `\n${formatTable(rows)}\n\nMachine: ${JSON.stringify(machine)}; run took ${minutes.toFixed(1)} min.\n`,
  );
  if (values.json) {
    const report = { date: new Date().toISOString(), quick, size, machine, store: world, minutes, rows };
    writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
    log(`written ${values.json}`);
  }
}

async function theWorld(): Promise<GeneratedStore> {
  mkdirSync(benchRoot(), { recursive: true });
  const world = await generatedStore(size.events, log);
  log(
    `store: ${world.events.toLocaleString('en')} events, ${world.recommendations.toLocaleString('en')} recommendations ` +
      (world.cached ? `(cached, generator v${GENERATOR_VERSION})` : `(generated in ${world.seconds.toFixed(1)} s)`),
  );
  return world;
}

const ONLY = ['P1', 'P3', 'P4', 'P7'];

/**
 * `--only P1,P3,P4,P7` (any of them): those figures with the ceilings or peer they are compared to, nothing else —
 * what a change to the command path, the rebuild or the start is checked with. P4 is started three times.
 */
async function onlyFigures(only: ReadonlySet<string>, machine: object): Promise<void> {
  const unknown = [...only].filter((id) => !ONLY.includes(id));
  if (unknown.length > 0) throw new Error(`--only ${unknown.join(',')}: only P8 alone, or ${ONLY.join(', ')}`);
  const rows: Row[] = [];
  if (only.has('P7')) {
    ensurePeer(log);
    mkdirSync(benchRoot(), { recursive: true });
    const peerSequential = await emmettAppendFold(1, size.appendFoldSeconds);
    const oursSequential = await followupAppendFold(1, size.appendFoldSeconds);
    const peerConcurrent = await emmettAppendFold(64, size.appendFoldSeconds);
    const oursConcurrent = await followupAppendFold(64, size.appendFoldSeconds);
    const peer = (r: { perSecond: number }) => ({ name: 'Emmett', value: r.perSecond, unit: 'cmd/s' });
    rows.push(
      referenceRow('E1', 'Emmett SQLite: append-and-fold, sequential', peerSequential.perSecond, 'cmd/s'),
      referenceRow('E2', 'Emmett SQLite: append-and-fold, 64 concurrent', peerConcurrent.perSecond, 'cmd/s'),
      ratioRow('P7', 'append-and-fold, sequential', oursSequential.perSecond, 'cmd/s', peer(peerSequential), 10),
      ratioRow('P7', 'append-and-fold, 64 concurrent', oursConcurrent.perSecond, 'cmd/s', peer(peerConcurrent), 10),
    );
  }
  if (only.has('P1') || only.has('P3') || only.has('P4')) {
    const world = await theWorld();
    const n = world.events.toLocaleString('en');
    if (only.has('P1') || only.has('P4')) {
      const http = await httpCeiling(size.seconds, size.connections);
      rows.push(
        referenceRow('C1', 'HTTP ceiling: fastify hello-world, response schema', http.requestsPerSecond, 'req/s'),
        referenceRow('C5', 'start-up ceiling: node + fastify hello-world to its first answer', http.startupMs, 'ms'),
      );
      const httpRef = { name: 'HTTP ceiling', value: http.requestsPerSecond, unit: 'req/s' };
      const loads = new Set(only.has('P1') ? (['measures'] as const) : []);
      const starts = only.has('P4') ? 3 : 1;
      for (let i = 0; i < starts; i++) {
        const copy = workingCopy(world);
        try {
          const figures = await served(copy, size.seconds, size.connections, [], i === 0 ? loads : new Set());
          rows.push(boundRow('P4', `start-up to /ready, ${n} events`, figures.startupMs, 'ms', 1000));
          if (i === 0 && only.has('P1')) {
            const disk = diskCeiling(size.singles, size.batches);
            const { measures } = figures;
            rows.push(
              referenceRow('C2', 'disk ceiling: one insert per transaction', disk.singlePerSecond, 'inserts/s'),
              ratioRow('P1', 'record a measure over HTTP', measures.requestsPerSecond, 'req/s', httpRef, 0.2),
              boundRow('P1', 'record a measure: p99 latency', measures.p99, 'ms', 20, `p50 ${measures.p50} ms`),
            );
          }
        } finally {
          rmSync(copy, { recursive: true, force: true });
        }
      }
    }
    if (only.has('P3')) {
      const replay = replayCeiling(world.file);
      const copy = workingCopy(world);
      try {
        const rebuilt = await rebuild(copy);
        rows.push(
          referenceRow('C4', `replay ceiling: SELECT + JSON.parse, ${n} events`, replay.rowsPerSecond, 'rows/s'),
          ratioRow(
            'P3',
            `rebuild every read model from ${n} events`,
            rebuilt.eventsPerSecond,
            'events/s',
            {
              name: 'replay ceiling',
              value: replay.rowsPerSecond,
              unit: 'rows/s',
            },
            0.4,
          ),
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write(`\n${formatTable(rows)}\n\nMachine: ${JSON.stringify(machine)}\n`);
}

/** `--only P8`: the HTTP ceiling and the searches, nothing else: what a change to search is checked with. */
async function onlySearch(world: GeneratedStore, machine: object): Promise<void> {
  if (values.only?.toUpperCase() !== 'P8') throw new Error(`--only ${values.only}: only P8 can be run alone`);
  const http = await httpCeiling(size.seconds, size.connections);
  const copy = workingCopy(world);
  try {
    const search = await servedSearch(copy, size.seconds, size.connections);
    const cold = searchCold(copy);
    const httpRef = { name: 'HTTP ceiling', value: http.requestsPerSecond, unit: 'req/s' };
    const rows: Row[] = [
      referenceRow('C1', 'HTTP ceiling: fastify hello-world, response schema', http.requestsPerSecond, 'req/s'),
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
      ...cold.map((one) =>
        referenceRow(
          'P8',
          `cold (nothing kept): ${one.search}`,
          Math.round(one.ms * 10) / 10,
          'ms',
          `${one.total} hits`,
        ),
      ),
    ];
    process.stdout.write(`\n${formatTable(rows)}\n\nMachine: ${JSON.stringify(machine)}\n`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** P1 and P2 again with two replicas on PostgreSQL, beside the embedded ones; how long copying and catching up took. */
function postgresRows(
  figures: ReplicaFigures | { skipped: string },
  n: string,
  httpRef: { name: string; value: number; unit: string },
  errors: (e: number) => string | undefined,
): Row[] {
  if ('skipped' in figures)
    return [referenceRow('P1/P2', 'two replicas on PostgreSQL', 0, '', `skipped: ${figures.skipped}`)];
  const { measures, status } = figures;
  return [
    ratioRow(
      'P1',
      'record a measure, two replicas on PostgreSQL, 32 connections each',
      measures.requestsPerSecond,
      'req/s',
      httpRef,
      0.2,
      errors(measures.errors),
    ),
    boundRow('P1', 'two replicas on PostgreSQL: p99 latency', measures.p99, 'ms', 20, `p50 ${measures.p50} ms`),
    ratioRow(
      'P2',
      `status, two replicas on PostgreSQL, ${n} events`,
      status.requestsPerSecond,
      'req/s',
      httpRef,
      0.5,
      errors(status.errors),
    ),
    boundRow('P2', 'two replicas on PostgreSQL: status p99 latency', status.p99, 'ms', 10, `p50 ${status.p50} ms`),
    referenceRow('PG', `copy ${n} events into PostgreSQL (followup copy)`, figures.copyPerSecond, 'events/s'),
    referenceRow('PG', `two new replicas read ${n} events from PostgreSQL, to /ready`, figures.catchUpMs, 'ms'),
  ];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
