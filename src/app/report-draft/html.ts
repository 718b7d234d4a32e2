import escapeHtml from 'escape-html';
import type { ReportDraft, Statement } from './draft.js';
import { citation, OUTSIDE_CLUSTERS, partsOf, preamble } from './parts.js';

const statementHtml = (statement: Statement) =>
  `${escapeHtml(statement.text)} <span class="event" data-position="${escapeHtml(statement.position)}">(${escapeHtml(citation(statement))})</span>`;

/** The draft as a standalone HTML document: user text escaped, each statement tagged with its event's position. */
export function draftToHtml(draft: ReportDraft): string {
  const out = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8">',
    `<title>${escapeHtml(draft.title)}</title>`,
    '<style>body{font-family:serif;max-width:48rem;margin:2rem auto;line-height:1.5}.event{color:#666;font-size:.8em}</style>',
    '</head>',
    '<body>',
    `<h1>${escapeHtml(draft.title)}</h1>`,
    `<p>${escapeHtml(preamble(draft))}</p>`,
  ];
  for (const chapter of draft.chapters) {
    out.push('<section>', `<h2>${escapeHtml(chapter.cluster?.title ?? OUTSIDE_CLUSTERS)}</h2>`);
    if (chapter.cluster) out.push(`<p>${statementHtml(chapter.cluster)}</p>`);
    for (const section of chapter.sections) {
      out.push(`<article id="${escapeHtml(section.id)}">`, `<h3>${escapeHtml(section.heading)}</h3>`);
      for (const part of partsOf(section)) {
        out.push(`<h4>${escapeHtml(part.label)}</h4>`, '<ul>');
        for (const statement of part.statements) out.push(`<li>${statementHtml(statement)}</li>`);
        out.push('</ul>');
      }
      out.push('</article>');
    }
    out.push('</section>');
  }
  out.push('</body>', '</html>');
  return `${out.join('\n')}\n`;
}
