import { createRequire } from 'node:module';
import type * as CountryToIso from 'country-to-iso';
import { z } from 'zod';
import countries from './countries.js';
import { isStateCode, OTHER_PARTIES } from './vocabulary.js';

/**
 * State names as the UN and other datasets write them → ISO 3166-1 alpha-3. The packages know the ISO names,
 * the UN short names, alpha-2 and alpha-3 codes and the common variants (`&`, `St`, `Rep.`, parentheses);
 * only what neither knows is written here: parties that are not States, and former names.
 */
const NOT_IN_PACKAGES: Readonly<Record<string, string>> = {
  'european union': 'EUU',
  // Former names the index still carries on older documents; each State's continuator.
  'libyan arab jamahiriya': 'LBY',
  'serbia and montenegro': 'SRB',
  yugoslavia: 'SRB',
  'federal republic of yugoslavia': 'SRB',
  zaire: 'COD',
  burma: 'MMR',
  'the former yugoslav republic of macedonia': 'MKD',
  'former yugoslav republic of macedonia': 'MKD',
  tuerkiye: 'TUR',
};

/** Abbreviations other datasets use, written out so the packages recognise the name. */
const ABBREVIATIONS: readonly [RegExp, string][] = [
  [/\bDPRK\b/g, "Democratic People's Republic of Korea"],
  [/\bDPR\b/g, "Democratic People's Republic of"],
  [/\bPDR\b/g, "People's Democratic Republic"],
  [/\bFYR\b/g, 'former Yugoslav Republic of'],
  [/\bRep\.?(?=\s|$)/g, 'Republic'],
  [/\bDem\.?(?=\s|$)/g, 'Democratic'],
  [/\bFed\.?(?=\s|$)/g, 'Federated'],
  [/\bSts\.?(?=\s|$)/g, 'States'],
  [/\bIs\.?(?=\s|$)/g, 'Islands'],
];

/**
 * The spellings to try, most faithful first: as given, abbreviations written out, an inverted name
 * (`Korea, Republic of`), the name without its qualifier (`Eswatini (Kingdom of)`, `Venezuela, RB`).
 */
function spellings(clean: string): string[] {
  const expanded = ABBREVIATIONS.reduce((text, [short, long]) => text.replace(short, long), clean);
  const tries = [clean, expanded];
  const inverted = /^([^,]+),\s*(.+)$/.exec(expanded);
  if (inverted) tries.push(`${inverted[2]} ${inverted[1]}`, `${inverted[2]} of ${inverted[1]}`);
  tries.push(expanded.replace(/\s*\([^)]*\)\s*/g, ' ').trim());
  if (inverted) tries.push(inverted[1]!);
  tries.push(expanded.replace(/^(the )?(republic|kingdom|state|commonwealth|federation) of (the )?/i, ''));
  return [...new Set(tries)].filter((name) => name !== '');
}

/** One spelling for a name: NFC, straight apostrophes, no UN footnote marks (`Kosovo*`), single spaces. */
function normalise(name: string): string {
  return name
    .normalize('NFC')
    .replace(/^\s*-\s+/, '')
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[*†‡§¹²³]+|\[\d+\]|\s\d$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// A large export names a few hundred States over and over: look each spelling up once.
const known = new Map<string, string | undefined>();

/** The ISO 3166-1 alpha-3 code (or `EUU`, the European Union) of a State as a dataset names it; undefined if unknown. */
export function stateCodeOf(name: string): string | undefined {
  if (known.has(name)) return known.get(name);
  const code = lookUp(name);
  if (known.size < 10_000) known.set(name, code);
  return code;
}

function lookUp(name: string): string | undefined {
  const clean = normalise(name);
  if (clean === '') return undefined;
  if (/^[A-Z]{3}$/.test(clean) && (countries.isValid(clean) || Object.hasOwn(OTHER_PARTIES, clean))) return clean;
  const own = NOT_IN_PACKAGES[clean.toLowerCase()];
  if (own) return own;
  for (const candidate of spellings(clean)) {
    const code = viaPackages(candidate);
    if (code) return code;
  }
  return undefined;
}

let countryToIso: typeof CountryToIso | undefined;

/** country-to-iso knows most spellings; its alpha-2 goes through i18n-iso-countries, whose codes StateCode accepts. */
function viaPackages(name: string): string | undefined {
  // Loaded on the first name to look up (an import, a command line): a start that reads codes never needs it.
  countryToIso ??= createRequire(import.meta.url)('country-to-iso') as typeof CountryToIso;
  const alpha2 = countryToIso.countryToAlpha2(name) ?? countries.getSimpleAlpha2Code(name, 'en');
  const alpha3 = alpha2 ? countries.alpha2ToAlpha3(alpha2) : undefined;
  return alpha3 ?? countries.getAlpha3Code(name, 'en') ?? undefined;
}

/**
 * A State as a person writes it — its code in any case (`kaz`, `KAZ`) or its name (`Kazakhstan`, `Korea, Rep.`) —
 * as its canonical code; undefined when it names no State this service knows.
 */
export function stateCodeFromInput(text: string): string | undefined {
  const trimmed = text.trim();
  if (/^[A-Za-z]{3}$/.test(trimmed) && isStateCode(trimmed.toUpperCase())) return trimmed.toUpperCase();
  return stateCodeOf(trimmed);
}

/** What a State must be given as, for messages. */
export const STATE_EXPECTED =
  'must be a State: its ISO 3166-1 alpha-3 code (KAZ, in any case) or its name (Kazakhstan)';

/** A State in a request or on the command line, code in any case or name: parsed into its canonical code. */
export const StateInput = z
  .string()
  .max(100)
  .transform((text, context) => {
    const code = stateCodeFromInput(text);
    if (code === undefined) context.addIssue({ code: 'custom', message: STATE_EXPECTED });
    return code ?? z.NEVER;
  })
  .describe('a State: ISO 3166-1 alpha-3 code in any case (KAZ, kaz) or its name (Kazakhstan)');
