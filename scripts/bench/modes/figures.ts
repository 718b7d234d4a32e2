/** `--only P1,P2,P3,P4,P7`: some of the figures alone. */
import { mkdirSync } from 'node:fs';
import { emmettAppendFold, followupAppendFold } from '../append-fold.js';
import { diskCeiling, httpCeiling, replayCeiling } from '../ceilings.js';
import { benchRoot } from '../generate.js';
import { ensurePeer } from '../peer.js';
import { log, type Machine, size, theWorld } from '../run.js';
import { measuresNote, onWorkingCopy, rebuild, type ServedLoad, served } from '../service.js';
import { boundRow, formatTable, type Row, ratioRow, referenceRow } from '../table.js';

const ONLY = ['P1', 'P2', 'P3', 'P4', 'P7'];

/**
 * `--only P1,P2,P3,P4,P7` (any of them): those figures with the ceilings or peer they are compared to, nothing else —
 * what a change to the command path, the status, the rebuild or the start is checked with. P4 is started three times.
 */
export async function onlyFigures(only: ReadonlySet<string>, machine: Machine): Promise<void> {
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
  if (only.has('P1') || only.has('P2') || only.has('P3') || only.has('P4')) {
    const world = await theWorld();
    const n = world.events.toLocaleString('en');
    if (only.has('P1') || only.has('P2') || only.has('P4')) {
      const http = await httpCeiling(size.seconds, size.connections);
      rows.push(
        referenceRow('C1', 'HTTP ceiling: fastify hello-world, response schema', http.requestsPerSecond, 'req/s'),
        referenceRow('C5', 'start-up ceiling: node + fastify hello-world to its first answer', http.startupMs, 'ms'),
      );
      const httpRef = { name: 'HTTP ceiling', value: http.requestsPerSecond, unit: 'req/s' };
      const loads = new Set<ServedLoad>([
        ...(only.has('P1') ? (['measures'] as const) : []),
        ...(only.has('P2') ? (['status'] as const) : []),
      ]);
      const starts = only.has('P4') ? 3 : 1;
      for (let i = 0; i < starts; i++) {
        const figures = await onWorkingCopy(world, (copy) =>
          served(copy, size.seconds, size.connections, [], i === 0 ? loads : new Set()),
        );
        rows.push(boundRow('P4', `start-up to /ready, ${n} events`, figures.startupMs, 'ms', 1000));
        if (i === 0 && only.has('P2')) {
          const { status } = figures;
          rows.push(
            ratioRow('P2', 'GET /v1/states/{state}/status', status.requestsPerSecond, 'req/s', httpRef, 0.5),
            boundRow('P2', 'status: p99 latency', status.p99, 'ms', 10, `p50 ${status.p50} ms`),
          );
        }
        if (i === 0 && only.has('P1')) {
          const disk = diskCeiling(size.singles, size.batches);
          const { measures } = figures;
          rows.push(
            referenceRow('C2', 'disk ceiling: one insert per transaction', disk.singlePerSecond, 'inserts/s'),
            ratioRow('P1', 'record a measure over HTTP', measures.requestsPerSecond, 'req/s', httpRef, 0.2),
            boundRow('P1', 'record a measure: p99 latency', measures.p99, 'ms', 20, measuresNote(figures)),
          );
        }
      }
    }
    if (only.has('P3')) {
      const replay = replayCeiling(world.file);
      const rebuilt = await onWorkingCopy(world, rebuild);
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
    }
  }
  process.stdout.write(`\n${formatTable(rows)}\n\nMachine: ${JSON.stringify(machine)}\n`);
}
