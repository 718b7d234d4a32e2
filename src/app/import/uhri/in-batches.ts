/**
 * The loop both UHRI imports run: every record of the file read in turn into a batch keyed by recommendation id,
 * each full batch recorded at once (one transaction of the store), and the progress told after each batch, with the
 * total estimated from the bytes read so far.
 */
import { statSync } from 'node:fs';
import { type Progress, silentProgress } from '../../progress.js';
import { readUhri, type UhriFormat, type UhriRow } from './read.js';

export interface BatchSteps<Pending> {
  /** Takes one record into the batch (a record listed again finds its recommendation waiting there). */
  read(record: UhriRow, batch: Map<string, Pending>): void;
  /** Records a full batch (and the last one), in the order its recommendations were first read. */
  record(batch: Pending[]): Promise<void>;
}

export interface BatchOptions {
  progress?: Progress;
  /** Recommendations in one batch. */
  batchSize: number;
}

export async function importInBatches<Pending>(
  file: string,
  format: UhriFormat,
  options: BatchOptions,
  steps: BatchSteps<Pending>,
): Promise<void> {
  const progress = options.progress ?? silentProgress;
  const batchSize = Math.max(1, options.batchSize);
  const size = statSync(file).size;
  let batch = new Map<string, Pending>();
  let records = 0;
  let estimate: number | undefined;

  const flush = async () => {
    if (batch.size === 0) return;
    const pending = [...batch.values()];
    batch = new Map();
    await steps.record(pending);
    progress.update(records, estimate);
  };

  progress.start();
  try {
    for await (const record of readUhri(file, format)) {
      records++;
      if (record.bytesRead > 0) estimate = Math.max(records, Math.round((records * size) / record.bytesRead));
      steps.read(record, batch);
      if (batch.size >= batchSize) await flush();
    }
    await flush();
  } finally {
    progress.stop();
  }
}
