/**
 * The whole bench (no `--only`): the ceilings, the Emmett peer and P1–P8 (P1 and P2 also with two replicas on
 * PostgreSQL, P2 also with reader processes), in one table of ratios.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { emmettAppendFold, followupAppendFold } from '../append-fold.js';
import { diskCeiling, httpCeiling, replayCeiling } from '../ceilings.js';
import type { GeneratedStore } from '../generate.js';
import { type ReadersRun, statusWithReaders } from '../readers.js';
import { type ReplicaFigures, servedOnPostgres } from '../replicas.js';
import { log, type Machine, ms, quick, size, values } from '../run.js';
import { measuresNote, rebuild, served, statusAsOf, workingCopy } from '../service.js';
import { boundRow, formatTable, type Row, ratioRow, referenceRow } from '../table.js';
import { searchRows } from './search.js';

export async function wholeRun(world: GeneratedStore, machine: Machine, began: number): Promise<void> {
  let t = performance.now();
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
    boundRow('P1', 'record a measure: p99 latency', figures.measures.p99, 'ms', 20, measuresNote(figures)),
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
    ...searchRows(world, figures.search, httpRef),
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
