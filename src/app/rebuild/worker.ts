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

const job = workerData as WorkerJob;
const port = parentPort!;
const source = openDatabase(job.source, { readonly: true });
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
