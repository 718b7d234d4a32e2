/** `followup import uhri <file>`: loads an OHCHR Universal Human Rights Index file (XLSX, CSV or the full JSON export). */
import { type ImportSummary, importUhri } from '../../app/import/uhri/import-uhri.js';
import type { Config } from '../../config.js';
import { REJECTED_EXIT } from './import-help.js';
import { progressOn } from './progress.js';
import { type CommandIo, withFollowup } from './shared.js';

export interface ImportFlags {
  /** Exit 0 even when records were rejected (the others are recorded either way). */
  allowRejected?: boolean;
}

export async function runImportUhri(
  config: Config,
  file: string,
  io: CommandIo,
  flags: ImportFlags = {},
): Promise<number> {
  const summary = await withFollowup(config, (followup) =>
    importUhri(followup, file, { progress: progressOn(io.stderr, 'import', 'records') }),
  );
  io.stdout.write(describeImport(summary));
  if (summary.rejected.length === 0 || flags.allowRejected) return 0;
  io.stderr.write(
    `import: ${summary.rejected.length} rejected (listed above); the others were recorded. ` +
      `Exit ${REJECTED_EXIT}: pass --allow-rejected to exit 0 when rejections are expected\n`,
  );
  return REJECTED_EXIT;
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
