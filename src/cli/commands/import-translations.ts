/** `followup import uhri <file> --lang fr|es`: the index's French or Spanish export as translations of the recorded. */
import { importUhriTranslations, type TranslationSummary } from '../../app/import/uhri/import-translations.js';
import type { Config } from '../../config.js';
import { TRANSLATION_LANGUAGES } from '../../domain/recommendation/translation.js';
import { ORIGINAL_LANGUAGE, type TextLanguage } from '../../domain/vocabulary.js';
import { type ImportFlags, runImport } from './import-run.js';
import type { CommandIo } from './shared.js';

/** The language of `--lang`, or why it is not one a translation can be in. */
export function translationLanguageOf(flag: string): TextLanguage {
  const language = flag.trim().toLowerCase().split('-')[0] ?? '';
  if ((TRANSLATION_LANGUAGES as readonly string[]).includes(language)) return language as TextLanguage;
  if (language === ORIGINAL_LANGUAGE) {
    throw new Error(
      `--lang ${flag}: English is the original; import the English export without --lang, then its translations with --lang ${TRANSLATION_LANGUAGES.join(' or --lang ')}`,
    );
  }
  throw new Error(`--lang ${flag}: must be ${TRANSLATION_LANGUAGES.join(' or ')}, the language of the export`);
}

export async function runImportTranslations(
  config: Config,
  file: string,
  lang: string,
  io: CommandIo,
  flags: ImportFlags = {},
): Promise<number> {
  const language = translationLanguageOf(lang);
  return runImport(
    config,
    io,
    flags,
    (followup, progress) => importUhriTranslations(followup, file, language, { progress }),
    describeTranslations,
  );
}

const LISTED = 20;
const LANGUAGE_NAMES: Record<TextLanguage, string> = { en: 'English', fr: 'French', es: 'Spanish' };

/** Rejected and unmatched records with their number, then what became of every record and every translation. */
export function describeTranslations(summary: TranslationSummary): string {
  const where = summary.format === 'json' ? 'record' : 'row';
  const lines = summary.rejected.slice(0, LISTED).map(({ row, reason }) => `${where} ${row}: ${reason}`);
  if (summary.rejected.length > LISTED) lines.push(`… and ${summary.rejected.length - LISTED} more rejected`);
  const unmatched = summary.unmatched;
  for (const { row, id } of unmatched.slice(0, LISTED)) {
    lines.push(`${where} ${row}: no recommendation ${id} is recorded`);
  }
  if (unmatched.length > LISTED) lines.push(`… and ${unmatched.length - LISTED} more unmatched`);
  if (unmatched.length > 0) {
    lines.push(
      'unmatched records are recommendations not imported here: import the English export first ' +
        '(followup import uhri export-full-en.json), then this one again',
    );
  }
  const skipped = Object.entries(summary.skipped)
    .map(([type, count]) => `${count} ${type}`)
    .join(', ');
  const skippedCount = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
  const { new: added, changed, unchanged } = summary.translations;
  lines.push(
    `${summary.records} records (${summary.format}, ${LANGUAGE_NAMES[summary.language]}): ${summary.matched} matched, ` +
      `${unmatched.length} unmatched, ${skippedCount} skipped as not recommendations${skipped ? ` (${skipped})` : ''}, ` +
      `${summary.rejected.length} rejected`,
    `translations (${summary.language}): ${added} new, ${changed} changed, ${unchanged} unchanged`,
  );
  return `${lines.join('\n')}\n`;
}
