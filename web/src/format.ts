import { locale } from './i18n.js';

declare const __ALPHA2__: Record<string, string>;

const regions = new Intl.DisplayNames([locale], { type: 'region' });
const languages = new Intl.DisplayNames([locale], { type: 'language' });

/** "Kazakhstan" (or "Kazajstán") for KAZ; the code itself where the browser knows no name. */
export function stateName(code: string): string {
  const alpha2 = __ALPHA2__[code];
  try {
    return (alpha2 && regions.of(alpha2)) || code;
  } catch {
    return code;
  }
}

/** "French" for fr, in the page's language. */
export const languageName = (tag: string): string => languages.of(tag) ?? tag;

const day = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });
const whole = new Intl.NumberFormat(locale);
const share = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });

/** 2024-05-13 → "13 May 2024", "13 mai 2024", "13 may 2024": the month in words, never ambiguous. */
export const formatDay = (date: string): string => day.format(new Date(`${date}T00:00:00Z`));
export const formatMoment = (iso: string): string => `${moment.format(new Date(iso))} UTC`;
/** A count, grouped as the language writes it (1,234; 1 234; 1.234). */
export const formatCount = (value: number): string => whole.format(value);

/**
 * A share in the language's way ("12 %", "12%"); a part that is not nothing never reads 0, nor a part short of
 * the whole 100: "<1 %" and ">99 %" instead.
 */
export function percent(part: number, of: number): string {
  if (of === 0) return '–';
  const ratio = part / of;
  if (part > 0 && ratio < 0.005) return `<${share.format(0.01)}`;
  if (part < of && ratio >= 0.995) return `>${share.format(0.99)}`;
  return share.format(ratio);
}
