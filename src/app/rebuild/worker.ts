/** A worker thread building one scratch database of a parallel rebuild (see `rebuild.ts`). */
import { parentPort, workerData } from 'node:worker_threads';
import { serviceProjections } from '../../../projections/index.js';
import { openDatabase } from '../../eventstore/sqlite/database.js';
import { buildScratch } from './scratch.js';

/** What the rebuild hands a worker: plain data, the read models by name. */
export interface WorkerJob {
  source: string;
  file: string;
  projections: string[];
  pageSize: number;
  upTo: string;
  where?: string;
}

export type WorkerReport = { kind: 'page'; position: string } | { kind: 'done'; applied: number };

/** Bytes of the log a worker maps (as much of it as the address space allows; SQLite caps it at its own limit). */
const LOG_MAPPED = 2 ** 40;

const job = workerData as WorkerJob;
const port = parentPort!;
const source = openDatabase(job.source, { readonly: true });
// Each worker reads the whole log once, in order: pages mapped instead of copied through read() cost less CPU.
source.pragma(`mmap_size = ${LOG_MAPPED}`);
try {
  const applied = await buildScratch(
    source,
    {
      ...job,
      projections: serviceProjections.filter((projection) => job.projections.includes(projection.name)),
      upTo: BigInt(job.upTo),
    },
    (_applied, position) => port.postMessage({ kind: 'page', position: String(position) } satisfies WorkerReport),
  );
  port.postMessage({ kind: 'done', applied } satisfies WorkerReport);
} finally {
  source.close();
}
