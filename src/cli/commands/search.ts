/** `followup search <words…>`: the full-text search of GET /v1/recommendations?q=, from the store on this machine. */

import type { SearchPage } from '../../../projections/index.js';
import type { Config } from '../../config.js';
import { InvalidInput } from '../../domain/errors.js';
import { STATE_EXPECTED, stateCodeFromInput } from '../../domain/state-names.js';
import { Mechanism } from '../../domain/vocabulary.js';
import { today } from '../../today.js';
import type { CommandIo } from './shared.js';
import { withFollowup } from './shared.js';

export interface SearchFlags {
  state?: string;
  mechanism?: string;
  theme?: string;
  from?: string;
  to?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

const year = (flag: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value)) throw new Error(`--${flag} ${value}: must be a year, e.g. 2015`);
  return Number(value);
};

export async function runSearch(config: Config, words: readonly string[], flags: SearchFlags, io: CommandIo) {
  const q = words.join(' ').trim();
  if (q === '') throw new Error('give the words to search, e.g. followup search "definition of torture"');
  const state = flags.state === undefined ? undefined : stateCodeFromInput(flags.state);
  if (flags.state !== undefined && !state) throw new Error(`--state ${flags.state}: ${STATE_EXPECTED}`);
  const mechanism = flags.mechanism?.toUpperCase();
  if (mechanism !== undefined && !Mechanism.safeParse(mechanism).success) {
    throw new Error(`--mechanism ${flags.mechanism}: must be one of ${Mechanism.options.join(', ')}`);
  }
  const limit = Number(flags.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new Error(`--limit ${flags.limit}: 1 to 500`);
  const yearFrom = year('from', flags.from);
  const yearTo = year('to', flags.to);
  const page = await withFollowup(config, async (followup) =>
    inFlags(q, flags, () =>
      followup.readModels.searchRecommendations({
        q,
        limit,
        today: today(),
        ...(state && { state }),
        ...(mechanism && { mechanism }),
        ...(flags.theme !== undefined && { theme: flags.theme }),
        ...(yearFrom !== undefined && { yearFrom }),
        ...(yearTo !== undefined && { yearTo }),
        ...(flags.cursor !== undefined && { cursor: flags.cursor }),
      }),
    ),
  );
  io.stdout.write(flags.json ? `${JSON.stringify(page, null, 2)}\n` : describeSearch(page));
  return 0;
}

/** A refusal of the search in the command line's words: the words given, or the flag, never the API's field. */
function inFlags<T>(q: string, flags: SearchFlags, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    const field = error.errors[0];
    if (field?.path === 'cursor') throw new Error(`--cursor ${flags.cursor}: ${field.message}`);
    if (field?.path === 'q') {
      throw new Error(
        `the words '${q}' are not a search this command understands: ${field.message.replace(/ \(in .*\)$/, '')}; ` +
          'close every quote and bracket, and write AND, OR and NOT between words',
      );
    }
    throw error;
  }
}

/** The snippet for a terminal: the matched words in [brackets], entities read back. */
const plain = (snippet: string): string =>
  snippet
    .replaceAll('<mark>', '[')
    .replaceAll('</mark>', ']')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

const top = (facets: { value: string; count: number }[]): string =>
  facets
    .slice(0, 8)
    .map((facet) => `${facet.value} ${facet.count}`)
    .join(', ');

/** Hits and facets as text for a person at a terminal. */
export function describeSearch(page: SearchPage): string {
  const { facets } = page;
  const lines: string[] = [];
  if (facets) {
    const counted = facets.counted < facets.total ? ` (facets of the best ${facets.counted})` : '';
    lines.push(`${facets.total} found${counted}`);
  }
  if (facets && facets.total > 0) {
    lines.push(
      `  by mechanism  ${top(facets.mechanism)}`,
      `  by State      ${top(facets.state)}`,
      `  by theme      ${top(facets.theme)}`,
      `  by year       ${top(facets.year)}`,
      '',
    );
  }
  for (const hit of page.items) {
    lines.push(
      `${hit.id}  ${hit.state} ${hit.mechanism} ${hit.issuedOn}  ${hit.status}`,
      `  ${plain(hit.match.snippet)}`,
    );
  }
  if (page.next) lines.push('', `more: --cursor ${page.next}`);
  return `${lines.join('\n')}\n`;
}
