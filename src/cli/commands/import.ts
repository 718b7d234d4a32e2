/** `followup import uhri <file>`: loads an OHCHR Universal Human Rights Index export. */
import { type ImportSummary, importUhri } from '../../app/import/uhri/import-uhri.js';
import type { Config } from '../../config.js';
import { progressOn } from './progress.js';
import { type CommandIo, withFollowup } from './shared.js';

export async function runImportUhri(config: Config, file: string, io: CommandIo): Promise<number> {
  const summary = await withFollowup(config, (followup) =>
    importUhri(followup, file, { progress: progressOn(io.stderr, 'import', 'rows') }),
  );
  io.stdout.write(describeImport(summary));
  return 0;
}

/** Every rejected row with its number and reason, then the summary line. */
export function describeImport(summary: ImportSummary): string {
  const lines = summary.rejected.map(({ row, reason }) => `row ${row}: ${reason}`);
  lines.push(
    `read ${summary.read}, imported ${summary.imported}, already present ${summary.alreadyPresent}, rejected ${summary.rejected.length}`,
  );
  return `${lines.join('\n')}\n`;
}
