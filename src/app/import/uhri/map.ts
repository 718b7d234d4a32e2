/** One UHRI record → what the import does with it: a recommendation per State concerned, a skip by type, or a refusal. */
import {
  IssueRecommendation,
  type RespondToRecommendation,
  recommendationIdOf,
} from '../../../domain/recommendation/commands.js';
import { stateCodeOf } from '../../../domain/state-names.js';
import type { Mechanism, UprCycle } from '../../../domain/vocabulary.js';
import { calendarDateOf, cellText, splitParagraph, uprPositionOf } from './cells.js';
import type { UhriEntry } from './entry.js';
import { type Body, bodyOf } from './mechanisms.js';
import { paragraphOf } from './paragraph.js';

export interface MappedRecommendation {
  /** The id the recommendation has (or will have) in the store. */
  id: string;
  issue: IssueRecommendation;
  /** UPR only, when the State under review gave its position. */
  response?: RespondToRecommendation;
}

export type MappedRecord =
  | { kind: 'recommendations'; recommendations: MappedRecommendation[]; warnings: string[] }
  | { kind: 'skipped'; type: string }
  | { kind: 'rejected'; reason: string };

const refuse = (reason: string): MappedRecord => ({ kind: 'rejected', reason });

/** The annotation types that are recommendations, in the index's English, French and Spanish exports. */
export const RECOMMENDATION_TYPE = /^(recommendations?|recommandations?|recomendaci(?:o|ó)n(?:es)?)$/i;

/** The index's exports in other languages than the original's, told by how they name the type. */
const EXPORT_LANGUAGES: readonly { type: RegExp; language: string; name: string }[] = [
  { type: /^recommandations?$/i, language: 'fr', name: 'French' },
  { type: /^recomendaci(?:o|ó)n(?:es)?$/i, language: 'es', name: 'Spanish' },
];

/** Maps a record; one that cannot be recorded says why, one of another type says which. */
export function mapUhriEntry(entry: UhriEntry | undefined): MappedRecord {
  if (!entry) return refuse('not a JSON object');
  if (entry.types !== undefined && !entry.types.some((type) => RECOMMENDATION_TYPE.test(type))) {
    return { kind: 'skipped', type: entry.types.join(' / ') || '(no type)' };
  }
  if (entry.text === '') return refuse('the text is empty');
  if (entry.symbol === '') return refuse('the document symbol is empty');
  const split = splitParagraph(entry.text);
  const paragraph = paragraphOf(split, entry.annotationId, entry.symbol);

  if (entry.countries.length === 0) return refuse('no State concerned');
  const states: string[] = [];
  for (const name of entry.countries) {
    const code = stateCodeOf(name);
    if (!code) return refuse(`unknown State concerned "${name}"`);
    if (!states.includes(code)) states.push(code);
  }

  const warnings: string[] = [];
  const translated = EXPORT_LANGUAGES.find(({ type }) => entry.types?.some((given) => type.test(given)));
  if (translated) {
    warnings.push(
      `the type "${entry.types?.join(' / ')}" is the ${translated.name} export's: its text is recorded as the original; ` +
        `to record it as a translation, import the English export, then this file with --lang ${translated.language}`,
    );
  }
  const body = mechanismOfBodies(entry.bodies, warnings);
  if (typeof body === 'string') return refuse(body);

  const issuedOn = calendarDateOf(entry.publishedOn);
  if (!issuedOn) return refuse(`the publication date is not a date: "${cellText(entry.publishedOn)}"`);

  const upr = body.mechanism === 'UPR' ? uprFactsOf(entry, warnings) : undefined;
  if (body.mechanism !== 'UPR' && entry.recommendingStates.length > 0) {
    warnings.push(`recommending States are for UPR recommendations only: ignored for ${body.mechanism}`);
  }

  const recommendations: MappedRecommendation[] = [];
  for (const state of states) {
    const parsed = IssueRecommendation.safeParse({
      state,
      mechanism: body.mechanism,
      symbol: entry.symbol,
      paragraph,
      text: split.text || entry.text,
      issuedOn,
      themes: entry.themes,
      sdgs: entry.sdgs,
      affectedPersons: entry.affectedPersons,
      ...(states.length > 1 ? { otherStatesConcerned: states.filter((other) => other !== state) } : {}),
      ...(body.mandates.length > 0 ? { mandates: body.mandates } : {}),
      ...(upr?.issue ?? {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(`${issue?.path.join('.') || 'record'} ${issue?.message ?? 'is invalid'}`);
    }
    const id = recommendationIdOf(parsed.data);
    // The index gives no date for a position: the report's publication is the day it is known by.
    const response = upr?.position ? { position: upr.position, respondedOn: issuedOn } : undefined;
    recommendations.push({ id, issue: parsed.data, ...(response ? { response } : {}) });
  }
  return { kind: 'recommendations', recommendations, warnings };
}

/** One mechanism for the record's bodies; a special procedure's mandates kept. A string says why none. */
function mechanismOfBodies(
  bodies: readonly string[],
  warnings: string[],
): { mechanism: Mechanism; mandates: string[] } | string {
  if (bodies.length === 0) return 'no body';
  const known: Body[] = [];
  for (const value of bodies) {
    const body = bodyOf(value);
    if (!body) return `unknown body "${value}"`;
    if (!body.listed)
      warnings.push(`special procedure "${value}" is not a listed mandate: kept as ${body.mandate?.id}`);
    known.push(body);
  }
  const mechanisms = [...new Set(known.map((body) => body.mechanism))];
  if (mechanisms.length > 1) return `the bodies name several mechanisms: ${bodies.join(', ')}`;
  const mandates = [...new Set(known.flatMap((body) => (body.mandate ? [body.mandate.id] : [])))];
  return { mechanism: mechanisms[0]!, mandates };
}

interface UprFacts {
  issue: {
    recommendingStates: string[];
    unmappedRecommendingStates?: string[];
    uprSession?: number;
    uprCycle?: UprCycle;
  };
  position: RespondToRecommendation['position'] | null;
}

/** Recommending States (kept as written where no code is found), session and cycle, the State's position. */
function uprFactsOf(entry: UhriEntry, warnings: string[]): UprFacts {
  const recommendingStates: string[] = [];
  const unmapped: string[] = [];
  for (const name of entry.recommendingStates) {
    const code = stateCodeOf(name);
    if (code) {
      if (!recommendingStates.includes(code)) recommendingStates.push(code);
    } else {
      unmapped.push(name);
      warnings.push(`recommending State "${name}" has no code: kept as written`);
    }
  }
  const session = entry.uprSessions.map((value) => Number(/\d{1,3}/.exec(value)?.[0])).find((n) => n >= 1);
  const cycle = Number(/\b([1-4])(?:st|nd|rd|th)?\b/.exec(entry.uprCycle)?.[1]);
  let position = uprPositionOf(entry.uprPositions.join('\n'));
  if (position === undefined) {
    warnings.push(`unknown UPR position "${entry.uprPositions.join(' / ')}": recorded as pending`);
    position = null;
  }
  return {
    issue: {
      recommendingStates,
      ...(unmapped.length > 0 ? { unmappedRecommendingStates: unmapped } : {}),
      ...(session !== undefined ? { uprSession: session } : cycle >= 1 ? { uprCycle: cycle as UprCycle } : {}),
    },
    position,
  };
}
