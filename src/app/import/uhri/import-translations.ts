/**
 * `followup import uhri FILE --lang fr|es`: the index's French or Spanish export, read as translations of the
 * recommendations an English import recorded. Each record is matched by the import's own id rules (document symbol
 * and paragraph; the annotation id for a bare item), and its text recorded as `RecommendationTextTranslated`.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { FollowupError } from '../../../domain/errors.js';
import { recommendationId } from '../../../domain/identity.js';
import { TranslateRecommendationText } from '../../../domain/recommendation/commands.js';
import type { Principal } from '../../../domain/token/permissions.js';
import type { TextLanguage } from '../../../domain/vocabulary.js';
import type { CommandContext } from '../../commands/context.js';
import type { Followup } from '../../followup.js';
import type { Progress } from '../../progress.js';
import { splitParagraph } from './cells.js';
import type { UhriEntry } from './entry.js';
import { importInBatches } from './in-batches.js';
import { RECOMMENDATION_TYPE } from './map.js';
import { paragraphOf } from './paragraph.js';
import { detectFormat, type UhriFormat } from './read.js';
import type { RejectedRecord } from './summary.js';

/** A record whose recommendation is not recorded: the id it was looked for by. */
export interface UnmatchedRecord {
  row: number;
  id: string;
}

export interface TranslationSummary {
  format: UhriFormat;
  language: TextLanguage;
  /** Records read: each is matched, unmatched, skipped or rejected. */
  records: number;
  /** Records that are recommendations recorded here (a record about several States counts once). */
  matched: number;
  /** Recommendations (one per State concerned): translated for the first time, translated anew, already so. */
  translations: { new: number; changed: number; unchanged: number };
  /** Records that are recommendations with none recorded under their id: import the English export first. */
  unmatched: UnmatchedRecord[];
  /** Records of other types, by type. */
  skipped: Record<string, number>;
  rejected: RejectedRecord[];
}

export interface TranslationImportOptions {
  progress?: Progress;
  /** Recommendations translated in one batch of the store. Default 1,000. */
  batchSize?: number;
}

/** The id a record of a language export is looked for by, and its text without the paragraph number. */
export type TranslatedRecord =
  | { kind: 'translation'; id: string; text: string }
  | { kind: 'skipped'; type: string }
  | { kind: 'rejected'; reason: string };

const TEXT_MAX = 20_000;

/**
 * The import's id rules on a translated record: the symbol, and the paragraph its text starts with, else its
 * annotation id (the same in every language of the index). A text with neither would be identified by a digest of
 * its words, which differ in every language: such a record matches nothing.
 */
export function translatedRecordOf(entry: UhriEntry | undefined): TranslatedRecord {
  if (!entry) return { kind: 'rejected', reason: 'not a JSON object' };
  if (entry.types !== undefined && !entry.types.some((type) => RECOMMENDATION_TYPE.test(type))) {
    return { kind: 'skipped', type: entry.types.join(' / ') || '(no type)' };
  }
  if (entry.text === '') return { kind: 'rejected', reason: 'the text is empty' };
  if (entry.symbol === '') return { kind: 'rejected', reason: 'the document symbol is empty' };
  const split = splitParagraph(entry.text);
  const text = (split.text || entry.text).trim();
  if (text.length > TEXT_MAX) return { kind: 'rejected', reason: `the text is longer than ${TEXT_MAX} characters` };
  const id = recommendationId(entry.symbol, paragraphOf(split, entry.annotationId, entry.symbol));
  return { kind: 'translation', id, text };
}

type Outcome = 'new' | 'changed' | 'unchanged';

interface Pending {
  id: string;
  text: string;
  rows: number[];
  before: string | null;
}

/** Records the translations of every record it can match; re-reading the same file records nothing. */
export async function importUhriTranslations(
  followup: Followup,
  file: string,
  language: TextLanguage,
  options: TranslationImportOptions = {},
): Promise<TranslationSummary> {
  const format = await detectFormat(file);
  const context = translationContext(file, language);
  const summary: TranslationSummary = {
    format,
    language,
    records: 0,
    matched: 0,
    translations: { new: 0, changed: 0, unchanged: 0 },
    unmatched: [],
    skipped: {},
    rejected: [],
  };
  const rejectedRows = new Set<number>();
  const matchedRows = new Set<number>();
  const reject = (row: number, reason: string) => {
    if (rejectedRows.has(row)) return;
    rejectedRows.add(row);
    summary.rejected.push({ row, reason });
  };

  await importInBatches<Pending>(
    file,
    format,
    { ...(options.progress && { progress: options.progress }), batchSize: options.batchSize ?? 1000 },
    {
      read({ row, entry }, batch) {
        summary.records++;
        const record = translatedRecordOf(entry);
        if (record.kind === 'skipped') {
          summary.skipped[record.type] = (summary.skipped[record.type] ?? 0) + 1;
          return;
        }
        if (record.kind === 'rejected') {
          reject(row, record.reason);
          return;
        }
        const parsed = TranslateRecommendationText.safeParse({ language, text: record.text });
        if (!parsed.success) {
          reject(row, `the text ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
          return;
        }
        const targets = followup.readModels.translationTargetsOf(record.id, language);
        if (targets.length === 0) {
          summary.unmatched.push({ row, id: record.id });
          return;
        }
        matchedRows.add(row);
        for (const target of targets) {
          const waiting = batch.get(target.id);
          // The same recommendation listed again: its first text is the one recorded.
          if (waiting) waiting.rows.push(row);
          else batch.set(target.id, { id: target.id, text: parsed.data.text, rows: [row], before: target.translation });
        }
      },
      async record(pending) {
        const changing = pending.filter((item) => item.before !== item.text);
        for (const item of pending) if (item.before === item.text) summary.translations.unchanged++;
        if (changing.length === 0) return;
        const results = await followup.recommendations.translateFromSource(
          context,
          changing.map(({ id, text }) => ({ id, data: { language, text } })),
        );
        for (const [k, result] of results.entries()) {
          const item = changing[k]!;
          if (result.ok) {
            const outcome: Outcome = !result.outcome.changed ? 'unchanged' : item.before === null ? 'new' : 'changed';
            summary.translations[outcome]++;
          } else if (result.error instanceof FollowupError) {
            for (const row of item.rows) reject(row, `${item.id}: ${result.error.message}`);
          } else {
            throw result.error;
          }
        }
      },
    },
  );
  // A matched record whose translation was refused counts as rejected, not matched.
  summary.matched = [...matchedRows].filter((row) => !rejectedRows.has(row)).length;
  summary.rejected.sort((a, b) => a.row - b.row);
  return summary;
}

function translationContext(file: string, language: TextLanguage): CommandContext {
  const principal: Principal = {
    kind: 'token',
    tokenId: 'uhri-import',
    name: `UHRI import, ${language} (${basename(file)})`,
    role: 'admin',
    states: [],
  };
  return { principal, correlationId: randomUUID(), causationId: basename(file) };
}
