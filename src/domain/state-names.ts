import countries from 'i18n-iso-countries';

/**
 * UN short names (and older UN names still found in UHRI exports) that i18n-iso-countries does not know;
 * every other name is left to the package and its aliases.
 */
const UN_NAMES: Readonly<Record<string, string>> = {
  'bolivia (plurinational state of)': 'BOL',
  'cabo verde': 'CPV',
  "democratic people's republic of korea": 'PRK',
  'iran (islamic republic of)': 'IRN',
  'micronesia (federated states of)': 'FSM',
  'republic of moldova': 'MDA',
  'united kingdom of great britain and northern ireland': 'GBR',
  'venezuela (bolivarian republic of)': 'VEN',
  'viet nam': 'VNM',
  'holy see': 'VAT',
  swaziland: 'SWZ',
  'the former yugoslav republic of macedonia': 'MKD',
  "côte d'ivoire": 'CIV',
  'syrian arab republic': 'SYR',
  "lao people's democratic republic": 'LAO',
  'brunei darussalam': 'BRN',
  'state of palestine': 'PSE',
  'united republic of tanzania': 'TZA',
  'netherlands (kingdom of the)': 'NLD',
  türkiye: 'TUR',
};

/** One spelling for a name: Unicode NFC, straight apostrophes, single spaces. */
function normalise(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

// A large export names a few hundred States over and over: look each spelling up once.
const known = new Map<string, string | undefined>();

/** The ISO 3166-1 alpha-3 code of a State named as the UN names it, or undefined when unknown. */
export function stateCodeOf(name: string): string | undefined {
  if (known.has(name)) return known.get(name);
  const code = lookUp(name);
  if (known.size < 10_000) known.set(name, code);
  return code;
}

function lookUp(name: string): string | undefined {
  const clean = normalise(name);
  if (clean === '') return undefined;
  if (/^[A-Z]{3}$/.test(clean) && countries.isValid(clean)) return clean;
  return UN_NAMES[clean.toLowerCase()] ?? countries.getAlpha3Code(clean, 'en') ?? undefined;
}
