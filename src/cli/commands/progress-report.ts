/** `followup progress-report <STATE>`: the drafted report written to a file or standard output, as the API drafts it. */
import { writeFileSync } from 'node:fs';
import { draftToHtml } from '../../app/report-draft/html.js';
import { draftToMarkdown } from '../../app/report-draft/markdown.js';
import type { Config } from '../../config.js';
import { Mechanism } from '../../domain/vocabulary.js';
import { type CommandIo, stateOnDay, withFollowup } from './shared.js';

export interface ProgressReportFlags {
  asOf?: string;
  mechanism?: string;
  format?: 'markdown' | 'html' | 'docx';
  out?: string;
}

export async function runProgressReport(
  config: Config,
  stateArgument: string,
  flags: ProgressReportFlags,
  io: CommandIo,
): Promise<number> {
  const { state, asOf } = stateOnDay(stateArgument, flags.asOf);
  const mechanism = flags.mechanism?.toUpperCase();
  if (mechanism !== undefined && !Mechanism.safeParse(mechanism).success) {
    throw new Error(`--mechanism ${flags.mechanism}: must be one of ${Mechanism.options.join(', ')}`);
  }
  const format = flags.format ?? 'markdown';
  if (format === 'docx' && flags.out === undefined) throw new Error('--format docx: name the file with --out');
  const draft = await withFollowup(config, (followup) =>
    followup.draftProgressReport({ state, asOf, ...(mechanism !== undefined && { mechanism }) }),
  );
  const content =
    format === 'docx'
      ? await import('../../app/report-draft/docx.js').then(({ draftToDocx }) => draftToDocx(draft))
      : format === 'html'
        ? draftToHtml(draft)
        : draftToMarkdown(draft);
  if (flags.out === undefined) io.stdout.write(content);
  else {
    writeFileSync(flags.out, content);
    const statements = draft.chapters.reduce((n, c) => n + c.sections.length, 0);
    io.stderr.write(`wrote ${flags.out}: ${statements} recommendations, up to log position ${draft.position}\n`);
  }
  return 0;
}
