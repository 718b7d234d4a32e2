import { createHash } from 'node:crypto';

/**
 * The facet fields a search filters and counts by (State, mechanism, year issued, themes), written into the hidden
 * `facets` column of the full-text index as one token each, so that a filter is an FTS5 condition (`facets : tok`)
 * the index answers by intersecting its lists, never by reading each hit's row. A token is `z`, the field's letter,
 * 12 hex digits of the value's SHA-1 and `9`: no word of a text looks like it, and ending with a digit it is left
 * as it is by the Porter stemmer (whose rules all strip letters).
 */
export type FacetField = 'state' | 'mechanism' | 'year' | 'theme';

const LETTER: Record<FacetField, string> = { state: 's', mechanism: 'm', year: 'y', theme: 't' };

/** Tokens already made: a rebuild asks for the same few values (States, mechanisms, years, themes) again and again. */
const made = new Map<string, string>();
/** Beyond it the tokens made are forgotten (values a reader typed are not from a closed list). */
const MADE_AT_MOST = 4096;

export function facetToken(field: FacetField, value: string): string {
  const key = `${LETTER[field]}${value}`;
  let token = made.get(key);
  if (token === undefined) {
    token = `z${LETTER[field]}${createHash('sha1').update(value, 'utf8').digest('hex').slice(0, 12)}9`;
    if (made.size >= MADE_AT_MOST) made.clear();
    made.set(key, token);
  }
  return token;
}

/** What a recommendation is counted and filtered by. */
export interface FacetValues {
  state: string;
  mechanism: string;
  /** YYYY-MM-DD: its year is the facet. */
  issuedOn: string;
  themes: readonly string[];
}

/** The `facets` column of a recommendation's search document: its tokens, one a line. */
export function facetTokens(values: FacetValues): string {
  return [
    facetToken('state', values.state),
    facetToken('mechanism', values.mechanism),
    facetToken('year', values.issuedOn.slice(0, 4)),
    ...values.themes.map((theme) => facetToken('theme', theme)),
  ].join('\n');
}
