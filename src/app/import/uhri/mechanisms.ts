/** The UHRI's body values → a mechanism, and for a special procedure the mandate that made the recommendation. */
import { type Mandate, mandateNamed, unlistedMandate } from '../../../domain/mandates.js';
import { MECHANISMS, type Mechanism } from '../../../domain/vocabulary.js';

export interface Body {
  mechanism: Mechanism;
  /** Special procedures only. */
  mandate?: Mandate;
  /** False when the body names a special procedure whose mandate is not in the vocabulary: kept as written. */
  listed: boolean;
}

/** Short names that are not a mechanism's own code. */
const SHORT_NAMES: Readonly<Record<string, Mechanism>> = {
  HRCTTEE: 'CCPR',
  CRMW: 'CMW',
  'OP-CAT': 'SPT',
  OPCAT: 'SPT',
  SPT: 'SPT',
};

/** Committees by their full names, as some records and other datasets give them. */
const FULL_NAMES: readonly [RegExp, Mechanism][] = [
  [/prevention of torture/, 'SPT'],
  [/against torture/, 'CAT'],
  [/^human rights committee$/, 'CCPR'],
  [/economic, social and cultural/, 'CESCR'],
  [/discrimination against women/, 'CEDAW'],
  [/racial discrimination/, 'CERD'],
  [/rights of the child/, 'CRC'],
  [/persons with disabilities/, 'CRPD'],
  [/enforced disappearances/, 'CED'],
  [/migrant workers/, 'CMW'],
  [/^universal periodic review$/, 'UPR'],
];

const TREATY_OF_PROTOCOL = /^(CAT|CCPR|CESCR|CEDAW|CERD|CRC|CRPD|CED|CMW)[- ]?OP\d*(?:[- ]|$)/;
const SPECIAL_PROCEDURE =
  /^(sr|wg|ie|srsg|sre?|special rapporteurs?|working group|independent experts?|special representatives?|special envoy|expert designated)\b/;

/**
 * The body of a UHRI record: a committee by code (`CAT`), optional protocol (`CRC-OP-AC` → CRC) or full name
 * (`Committee on the Rights of the Child`), the UPR, or a special procedure (`SR on torture` → SP, mandate
 * `torture`). Undefined when the value names none of these.
 */
export function bodyOf(value: string): Body | undefined {
  const name = value
    .replace(/^\s*-\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
  const upper = name.toUpperCase();
  if ((MECHANISMS as readonly string[]).includes(upper)) return { mechanism: upper as Mechanism, listed: true };
  const short = SHORT_NAMES[upper];
  if (short) return { mechanism: short, listed: true };
  const protocol = TREATY_OF_PROTOCOL.exec(upper);
  if (protocol) return { mechanism: protocol[1] as Mechanism, listed: true };
  const lower = name.toLowerCase();
  if (SPECIAL_PROCEDURE.test(lower)) {
    const mandate = mandateNamed(name);
    return mandate
      ? { mechanism: 'SP', mandate, listed: true }
      : { mechanism: 'SP', mandate: unlistedMandate(name), listed: false };
  }
  if (/^(sub-?)?committee\b|^universal periodic review$|^human rights committee$/.test(lower)) {
    const committee = FULL_NAMES.find(([pattern]) => pattern.test(lower));
    if (committee) return { mechanism: committee[1], listed: true };
  }
  return undefined;
}

/** The mechanism of a body value, or undefined when unknown. */
export const mechanismOf = (value: string): Mechanism | undefined => bodyOf(value)?.mechanism;
