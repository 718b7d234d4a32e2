/** `followup import uhri <file>`: loads an OHCHR Universal Human Rights Index file (XLSX, CSV or the full JSON export). */
import { type ImportSummary, importUhri } from '../../app/import/uhri/import-uhri.js';
import type { Config } from '../../config.js';
import { type ImportFlags, runImport } from './import-run.js';
import type { CommandIo } from './shared.js';

export type { ImportFlags } from './import-run.js';

export async function runImportUhri(
  config: Config,
  file: string,
  io: CommandIo,
  flags: ImportFlags = {},
): Promise<number> {
  return runImport(config, io, flags, (followup, progress) => importUhri(followup, file, { progress }), describeImport);
}

const REJECTED_SHOWN = 200;

/** Rejected records with their number and reason, warnings by kind, then what happened to every record. */
export function describeImport(summary: ImportSummary): string {
  const where = summary.format === 'json' ? 'record' : 'row';
  const lines = summary.rejected.slice(0, REJECTED_SHOWN).map(({ row, reason }) => `${where} ${row}: ${reason}`);
  if (summary.rejected.length > REJECTED_SHOWN) {
    lines.push(`… and ${summary.rejected.length - REJECTED_SHOWN} more rejected`);
  }
  for (const { message, count, firstRow } of summary.warnings) {
    lines.push(`warning: ${message} (${count} ${count === 1 ? where : `${where}s`}, first ${where} ${firstRow})`);
  }
  const skipped = Object.entries(summary.skipped)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const { new: added, changed, unchanged } = summary.recommendations;
  lines.push(
    `${summary.records} records (${summary.format}): ${summary.recorded} recorded, ` +
      `${Object.values(summary.skipped).reduce((a, b) => a + b, 0)} skipped as not recommendations${skipped ? ` (${skipped})` : ''}, ` +
      `${summary.rejected.length} rejected`,
    `recommendations: ${added} new, ${changed} changed, ${unchanged} already recorded`,
  );
  return `${lines.join('\n')}\n`;
}
