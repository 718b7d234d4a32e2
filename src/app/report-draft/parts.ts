import type { RecommendationSection, ReportDraft, Statement } from './draft.js';

/** The parts of a section in the order a draft gives them, each under its label. */
export function partsOf(section: RecommendationSection): { label: string; statements: Statement[] }[] {
  const parts = [
    { label: 'Recommended', statements: [section.recommended] },
    { label: 'Responsible institutions', statements: section.responsibilities },
    { label: 'Measures taken', statements: section.measures },
    { label: 'Actions', statements: section.actions },
    { label: 'Indicators', statements: section.indicators },
    { label: "Committee's assessment", statements: section.assessment ? [section.assessment] : [] },
  ];
  return parts.filter((part) => part.statements.length > 0);
}

/** How a draft cites the event a statement rests on. */
export const citation = (statement: Statement): string => `event ${statement.position}`;

export const preamble = (draft: ReportDraft): string =>
  `Drafted from the followup log up to event ${draft.position}, for ${draft.state} as of ${draft.asOf}` +
  `${draft.mechanism ? `, ${draft.mechanism} recommendations` : ''}. Each statement names the event it rests on. ` +
  'Edit before submission.';

export const OUTSIDE_CLUSTERS = 'Recommendations outside any cluster';
