/**
 * The dashboard's language: English, French or Spanish (the UHRI's), chosen by a visible switch (remembered in this
 * browser) or else by the browser's languages. Words come from the message catalogues; Intl formats dates and numbers.
 */
import { en, type Messages } from './messages/en.js';
import { es } from './messages/es.js';
import { fr } from './messages/fr.js';

export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español' };

const CATALOGUES: Record<Language, Messages> = { en, fr, es };
const STORED = 'followup.language';

const isLanguage = (value: string | null | undefined): value is Language =>
  (LANGUAGES as readonly string[]).includes(value ?? '');

function stored(): string | null {
  try {
    return localStorage.getItem(STORED);
  } catch {
    return null;
  }
}

/** The switch's choice, else the first of the browser's languages the dashboard has (fr-CA: fr), else English. */
function chosen(): Language {
  const remembered = stored();
  if (isLanguage(remembered)) return remembered;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

export const language: Language = chosen();
/** The locale Intl formats in: the UN writes English the British way (13 May 2024). */
export const locale: string = language === 'en' ? 'en-GB' : language;
/** The words of the dashboard in its language. */
export const t: Messages = CATALOGUES[language];

/** Remembers the choice and draws the page again in it. */
export function chooseLanguage(next: Language): void {
  try {
    localStorage.setItem(STORED, next);
  } catch {
    // Private modes may refuse storage: the choice then holds for this load only.
  }
  location.reload();
}
