/** What `followup import uhri` does in either form (with or without --lang): run, describe, and exit by rejections. */
import type { Followup } from '../../app/followup.js';
import type { Progress } from '../../app/progress.js';
import type { Config } from '../../config.js';
import { REJECTED_EXIT } from './import-help.js';
import { progressOn } from './progress.js';
import { type CommandIo, withFollowup } from './shared.js';

export interface ImportFlags {
  /** Exit 0 even when records were rejected (the others are recorded either way). */
  allowRejected?: boolean;
}

/** Runs the import with a progress bar on stderr, writes its summary, and answers the exit code. */
export async function runImport<Summary extends { rejected: readonly unknown[] }>(
  config: Config,
  io: CommandIo,
  flags: ImportFlags,
  run: (followup: Followup, progress: Progress) => Promise<Summary>,
  describe: (summary: Summary) => string,
): Promise<number> {
  const summary = await withFollowup(config, (followup) => run(followup, progressOn(io.stderr, 'import', 'records')));
  io.stdout.write(describe(summary));
  if (summary.rejected.length === 0 || flags.allowRejected) return 0;
  io.stderr.write(
    `import: ${summary.rejected.length} rejected (listed above); the others were recorded. ` +
      `Exit ${REJECTED_EXIT}: pass --allow-rejected to exit 0 when rejections are expected\n`,
  );
  return REJECTED_EXIT;
}
