import { Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { ReportDraft, Statement } from './draft.js';
import { citation, OUTSIDE_CLUSTERS, partsOf, preamble } from './parts.js';

const statementParagraph = (statement: Statement, bullet: boolean) =>
  new Paragraph({
    ...(bullet && { bullet: { level: 0 } }),
    children: [
      new TextRun(statement.text),
      new TextRun({ text: ` (${citation(statement)})`, color: '666666', size: 16 }),
    ],
  });

/** The draft as a Word document, for editing before submission; each statement ends with its event's position. */
export async function draftToDocx(draft: ReportDraft): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(draft.title)] }),
    new Paragraph({ children: [new TextRun({ text: preamble(draft), italics: true })] }),
  ];
  for (const chapter of draft.chapters) {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_1,
        children: [new TextRun(chapter.cluster?.title ?? OUTSIDE_CLUSTERS)],
      }),
    );
    if (chapter.cluster) children.push(statementParagraph(chapter.cluster, false));
    for (const section of chapter.sections) {
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
      for (const part of partsOf(section)) {
        children.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(part.label)] }));
        for (const statement of part.statements) children.push(statementParagraph(statement, true));
      }
    }
  }
  const document = new Document({
    creator: 'followup',
    title: draft.title,
    description: preamble(draft),
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
