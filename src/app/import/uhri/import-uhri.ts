/** `followup import uhri`: reads a UHRI file of any format and records its recommendations in batches. */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Principal } from '../../../domain/token/permissions.js';
import type { CommandContext } from '../../commands/context.js';
import type { Followup } from '../../followup.js';
import type { Progress } from '../../progress.js';
import { deferIndexes } from '../deferred-indexes.js';
import { importInBatches } from './in-batches.js';
import { type MappedRecommendation, mapUhriEntry } from './map.js';
import { detectFormat, type UhriFormat } from './read.js';
import { type Pending, recordBatch } from './record.js';
import { type ImportSummary, ImportTally } from './summary.js';

export type { ImportSummary } from './summary.js';

/** The tables whose secondary indexes a first import builds at its end: the recommendations, seven indexes. */
const DEFERRED_INDEX_TABLES = ['recommendations'];

export interface ImportOptions {
  progress?: Progress;
  /** Recommendations recorded in one batch (one transaction of the store). Default 4,000. */
  batchSize?: number;
}

/**
 * Imports every record it can; what happened to each is in the summary. Re-importing the same file appends nothing;
 * a newer export appends only what changed.
 */
export async function importUhri(
  followup: Followup,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const format: UhriFormat = await detectFormat(file);
  const context = importContext(file);
  const tally = new ImportTally(format);
  // A first import into an empty store builds the recommendations' indexes once, at the end.
  const indexes = deferIndexes(followup.db, DEFERRED_INDEX_TABLES);
  try {
    await importInBatches<Pending>(
      file,
      format,
      { ...(options.progress && { progress: options.progress }), batchSize: options.batchSize ?? 4000 },
      {
        read({ row, entry }, batch) {
          const mapped = mapUhriEntry(entry);
          tally.read(row, mapped);
          if (mapped.kind !== 'recommendations') return;
          for (const recommendation of mapped.recommendations) {
            const waiting = batch.get(recommendation.id);
            if (waiting) merge(waiting, recommendation, row, tally);
            else batch.set(recommendation.id, { ...recommendation, rows: [row] });
          }
        },
        async record(pending) {
          const outcomes = await recordBatch(followup, context, pending);
          for (const [i, recommendation] of pending.entries()) tally.recorded(recommendation, outcomes[i]!);
        },
      },
    );
  } finally {
    indexes.restore();
  }
  return tally.summary();
}

/** The same recommendation listed again (once per recommending State): one recommendation, every State. */
function merge(waiting: Pending, again: MappedRecommendation, row: number, tally: ImportTally): void {
  waiting.rows.push(row);
  const issue = waiting.issue;
  const states = new Set([...(issue.recommendingStates ?? []), ...(again.issue.recommendingStates ?? [])]);
  const unmapped = new Set([
    ...(issue.unmappedRecommendingStates ?? []),
    ...(again.issue.unmappedRecommendingStates ?? []),
  ]);
  if (states.size > 0) issue.recommendingStates = [...states];
  if (unmapped.size > 0) issue.unmappedRecommendingStates = [...unmapped];
  if (!waiting.response && again.response) waiting.response = again.response;
  if (again.issue.text !== issue.text) {
    tally.warn(
      row,
      `paragraph ${issue.paragraph} of ${issue.symbol} is listed again with another text: the first is kept`,
    );
  }
}

function importContext(file: string): CommandContext {
  const principal: Principal = {
    kind: 'token',
    tokenId: 'uhri-import',
    name: `UHRI import (${basename(file)})`,
    role: 'admin',
    states: [],
  };
  return { principal, correlationId: randomUUID(), causationId: basename(file) };
}
