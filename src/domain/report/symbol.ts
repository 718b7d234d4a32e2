import { reportId, slug } from '../identity.js';
import { isStateCode } from '../vocabulary.js';

/** The States a document symbol names: the words of its slug that are ISO alpha-3 codes (CAT/C/KAZ/4 names KAZ). */
export function statesNamedBy(symbol: string): string[] {
  const words = slug(symbol).split('-');
  return [...new Set(words.filter((word) => /^[a-z]{3}$/.test(word)).map((word) => word.toUpperCase()))].filter(
    isStateCode,
  );
}

/**
 * The id of a new report: the slug of its symbol when the symbol names the report's State (CAT/C/KAZ/4 →
 * cat-c-kaz-4), else the State's code before it (A/HRC/55/9 of KAZ → kaz-a-hrc-55-9). Every new id thus holds its
 * own State's code and no other's, so no State can take an id in another's namespace.
 */
export function newReportId(state: string, symbol: string): string {
  return statesNamedBy(symbol).includes(state) ? reportId(symbol) : slug(state, symbol);
}

/** The id the same symbol had before ids held their State: a report stored under it keeps it. */
export const earlierReportId = (symbol: string): string => reportId(symbol);
