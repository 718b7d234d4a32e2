/** One UHRI row → the commands that record it: issue the recommendation, and a UPR response when given. */
import { IssueRecommendation, type RespondToRecommendation } from '../../../domain/recommendation/commands.js';
import { stateCodeOf } from '../../../domain/state-names.js';
import { type Cell, calendarDateOf, cellText, listOf, splitParagraph, uprPositionOf } from './cells.js';
import { UHRI_COLUMNS as C } from './columns.js';
import { mechanismOf } from './mechanisms.js';

export type UhriRecord = Readonly<Record<string, Cell>>;

export type MappedRow =
  | { ok: true; issue: IssueRecommendation; response?: RespondToRecommendation }
  | { ok: false; reason: string };

const refuse = (reason: string): MappedRow => ({ ok: false, reason });

/** Maps a row; a row that cannot be recorded says why. */
export function mapUhriRow(record: UhriRecord): MappedRow {
  const rawText = cellText(record[C.text]);
  if (rawText === '') return refuse(`${C.text} is empty`);
  const { paragraph: numbered, text } = splitParagraph(rawText);
  const annotationId = cellText(record[C.annotationId]);
  // Without a paragraph number the annotation id is the paragraph: the id stays deterministic.
  const paragraph = numbered ?? (annotationId || undefined);
  if (!paragraph) return refuse(`no paragraph number at the start of ${C.text} and no ${C.annotationId}`);

  const symbol = cellText(record[C.symbol]).replace(/^-\s+/, '');
  if (symbol === '') return refuse(`${C.symbol} is empty`);

  const countries = listOf(record[C.countries]);
  if (countries.length !== 1) {
    return refuse(`${C.countries} must name one State, not ${countries.length}: ${countries.join(', ') || '(none)'}`);
  }
  const state = stateCodeOf(countries[0]!);
  if (!state) return refuse(`${C.countries}: unknown State "${countries[0]}"`);

  const bodies = listOf(record[C.body]);
  const mechanisms = new Set(bodies.map(mechanismOf));
  if (bodies.length === 0) return refuse(`${C.body} is empty`);
  if (mechanisms.has(undefined)) {
    return refuse(`${C.body}: unknown body "${bodies.find((b) => !mechanismOf(b))}"`);
  }
  if (mechanisms.size > 1) return refuse(`${C.body} names several mechanisms: ${bodies.join(', ')}`);
  const mechanism = [...mechanisms][0]!;

  const issuedOn = calendarDateOf(record[C.publishedOn]);
  if (!issuedOn) return refuse(`${C.publishedOn} is not a date: "${cellText(record[C.publishedOn])}"`);

  const recommending = listOf(record[C.recommendingStates]);
  const recommendingStates: string[] = [];
  for (const name of recommending) {
    const code = stateCodeOf(name);
    if (!code) return refuse(`${C.recommendingStates}: unknown State "${name}"`);
    recommendingStates.push(code);
  }

  const parsed = IssueRecommendation.safeParse({
    state,
    mechanism,
    symbol,
    paragraph,
    text: text || rawText,
    issuedOn,
    themes: listOf(record[C.themes]),
    sdgs: listOf(record[C.sdgs]),
    affectedPersons: listOf(record[C.affectedPersons]),
    ...(mechanism === 'UPR' ? { recommendingStates } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(`${issue?.path.join('.') || 'row'} ${issue?.message ?? 'is invalid'}`);
  }

  if (mechanism !== 'UPR') return { ok: true, issue: parsed.data };
  const position = uprPositionOf(record[C.uprPosition]);
  if (position === undefined) return refuse(`${C.uprPosition}: unknown position "${cellText(record[C.uprPosition])}"`);
  // UHRI gives no date for the response: the report's publication is the day it is known by.
  return position
    ? { ok: true, issue: parsed.data, response: { position, respondedOn: issuedOn } }
    : { ok: true, issue: parsed.data };
}
