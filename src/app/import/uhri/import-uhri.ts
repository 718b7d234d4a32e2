/** `followup import uhri`: records a UHRI export through the application layer, row by row, concurrently. */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Principal } from '../../../domain/token/permissions.js';
import type { CommandContext } from '../../commands/context.js';
import type { Followup } from '../../followup.js';
import { type Progress, silentProgress } from '../../progress.js';
import { mapUhriRow } from './map.js';
import { readUhri } from './read.js';
import { type RowOutcome, recordUhriRow } from './record.js';

export interface RejectedRow {
  row: number;
  reason: string;
}

export interface ImportSummary {
  read: number;
  imported: number;
  alreadyPresent: number;
  rejected: RejectedRow[];
}

export interface ImportOptions {
  progress?: Progress;
  /** Rows recorded at the same time; the store commits concurrent appends together. Default 512. */
  concurrency?: number;
}

/** Imports every row it can; a bad row is reported and skipped. Re-importing the same file appends nothing. */
export async function importUhri(
  followup: Followup,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const progress = options.progress ?? silentProgress;
  const concurrency = Math.max(1, options.concurrency ?? 512);
  const importer: Principal = {
    kind: 'token',
    tokenId: 'uhri-import',
    name: `UHRI import (${basename(file)})`,
    role: 'admin',
    states: [],
  };
  const correlationId = randomUUID();
  const summary: ImportSummary = { read: 0, imported: 0, alreadyPresent: 0, rejected: [] };
  const inFlight = new Set<Promise<void>>();
  // Resolved whenever a row settles: waiting on it costs O(1), unlike a race over every row in flight.
  let slotFreed: (() => void) | undefined;
  let done = 0;
  // The total is not known before the end: estimated from the share of the file read so far.
  const rows = readUhri(file);
  const size = statSync(file).size;
  let estimate: number | undefined;
  // A failure of the store itself (not a bad row) ends the import once the rows in flight have settled.
  let failure: { error: unknown } | undefined;
  const settle = (row: number, outcome: RowOutcome) => {
    if (outcome === 'imported') summary.imported++;
    else if (outcome === 'already present') summary.alreadyPresent++;
    else summary.rejected.push({ row, reason: outcome.reason });
    progress.update(++done, estimate);
  };

  progress.start();
  try {
    for await (const { row, record, bytesRead } of rows) {
      summary.read++;
      if (bytesRead > 0) estimate = Math.max(summary.read, Math.round((summary.read * size) / bytesRead));
      const mapped = mapUhriRow(record);
      if (!mapped.ok) {
        settle(row, { reason: mapped.reason });
        continue;
      }
      const context: CommandContext = { principal: importer, correlationId, causationId: `${basename(file)}#${row}` };
      const task: Promise<void> = recordUhriRow(followup, context, mapped)
        .then(
          (outcome) => settle(row, outcome),
          (error: unknown) => {
            failure ??= { error };
          },
        )
        .finally(() => {
          inFlight.delete(task);
          slotFreed?.();
        });
      inFlight.add(task);
      if (inFlight.size >= concurrency) {
        await new Promise<void>((resolve) => {
          slotFreed = resolve;
        });
      }
      if (failure) break;
    }
  } finally {
    await Promise.all(inFlight);
    progress.stop();
  }
  if (failure) throw failure.error;
  summary.rejected.sort((a, b) => a.row - b.row);
  return summary;
}
