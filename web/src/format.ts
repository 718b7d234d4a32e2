declare const __ALPHA2__: Record<string, string>;

const regions = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Kazakhstan" for KAZ; the code itself where the browser knows no name. */
export function stateName(code: string): string {
  const alpha2 = __ALPHA2__[code];
  try {
    return (alpha2 && regions.of(alpha2)) || code;
  } catch {
    return code;
  }
}

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** 2024-05-13 → "13 May 2024". */
export const formatDay = (date: string): string => day.format(new Date(`${date}T00:00:00Z`));
export const formatMoment = (iso: string): string => `${moment.format(new Date(iso))} UTC`;
export const percent = (part: number, whole: number): string =>
  whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`;
