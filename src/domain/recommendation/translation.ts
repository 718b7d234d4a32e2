/**
 * Translations of a recommendation's text. The text as issued is the original; the UHRI publishes in English
 * first, so the original is recorded as English. Translations are kept per language beside it, never in its place.
 */
import { LifecycleConflict } from '../errors.js';
import { ORIGINAL_LANGUAGE, TEXT_LANGUAGES, type TextLanguage } from '../vocabulary.js';
import type { RecommendationEvent } from './events.js';

/** The languages a translation may be recorded in: every text language but the original's. */
export const TRANSLATION_LANGUAGES = TEXT_LANGUAGES.filter((language) => language !== ORIGINAL_LANGUAGE);

/** The translated texts recorded for a recommendation, by language. */
export type Translations = Partial<Record<TextLanguage, string>>;

/**
 * The event a translation causes: none when the same text is already recorded for that language; a new text for
 * a language replaces the one before (the history keeps both). The original is never translated into itself.
 */
export function translate(
  id: string,
  translations: Translations,
  language: TextLanguage,
  text: string,
): RecommendationEvent[] {
  if (language === ORIGINAL_LANGUAGE) {
    throw new LifecycleConflict(
      `the text of recommendation ${id} is already in ${ORIGINAL_LANGUAGE} (its original): a changed original comes from its source`,
    );
  }
  if (translations[language] === text) return [];
  return [{ type: 'RecommendationTextTranslated', data: { recommendationId: id, language, text } }];
}

/**
 * The translations once this event is applied. A changed original makes the translations of the text before it
 * wrong: they are dropped, and the text is served in the original until translated again.
 */
export function withTranslationEvent(translations: Translations, event: RecommendationEvent): Translations {
  switch (event.type) {
    case 'RecommendationTextTranslated':
      return { ...translations, [event.data.language]: event.data.text };
    case 'RecommendationTextChanged':
      return {};
    default:
      return translations;
  }
}

/**
 * The language to serve a text in: the first of the preferred languages that is the original's or has a
 * translation, else the original. `preferred` is in order of preference, primary subtags (fr for fr-CA) included.
 */
export function servedLanguage(available: readonly string[], preferred: readonly string[]): TextLanguage {
  for (const wanted of preferred) {
    const primary = wanted.toLowerCase().split('-')[0] ?? '';
    if (primary === ORIGINAL_LANGUAGE) return ORIGINAL_LANGUAGE;
    if (available.includes(primary)) return primary as TextLanguage;
  }
  return ORIGINAL_LANGUAGE;
}
