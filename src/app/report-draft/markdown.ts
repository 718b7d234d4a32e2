import markdownEscape from 'markdown-escape';
import type { ReportDraft, Statement } from './draft.js';
import { citation, OUTSIDE_CLUSTERS, partsOf, preamble } from './parts.js';

const line = (statement: Statement) => `${markdownEscape(statement.text)} _(${citation(statement)})_`;

/** The draft as Markdown: user text escaped, each statement followed by the event it rests on. */
export function draftToMarkdown(draft: ReportDraft): string {
  const out = [`# ${markdownEscape(draft.title)}`, '', markdownEscape(preamble(draft)), ''];
  for (const chapter of draft.chapters) {
    out.push(`## ${markdownEscape(chapter.cluster?.title ?? OUTSIDE_CLUSTERS)}`, '');
    if (chapter.cluster) out.push(line(chapter.cluster), '');
    for (const section of chapter.sections) {
      out.push(`### ${markdownEscape(section.heading)}`, '');
      for (const part of partsOf(section)) {
        out.push(`**${part.label}**`, '');
        for (const statement of part.statements) out.push(`- ${line(statement)}`);
        out.push('');
      }
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
