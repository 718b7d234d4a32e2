/**
 * A UHRI-shaped full export (`export-full-en.json`, the fields domain.md lists), written as a stream: treaty-body
 * concluding observations of several committees, UPR reports with recommending States and positions, special
 * procedures' country visits, and the concerns and observations that are not recommendations, in realistic shares.
 * Deterministic: the same count writes the same file, so a second import of it must append nothing.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const COUNTRIES = [
  'Kazakhstan',
  'Peru',
  'Bolivia (Plurinational State of)',
  'Türkiye',
  'Kenya',
  'India',
  'Brazil',
  'Mexico',
  'Japan',
  'Norway',
  'France',
  'Germany',
  'Philippines',
  'Nigeria',
  'Viet Nam',
  'Iran (Islamic Republic of)',
  'United Kingdom of Great Britain and Northern Ireland',
  'United States of America',
  'State of Palestine*',
  'Republic of Moldova',
  'Democratic Republic of the Congo',
  'Egypt',
  'Indonesia',
  'Argentina',
  'Chile',
  'Uzbekistan',
  'Armenia',
  'Samoa',
  'Paraguay',
  'South Africa',
];
const ISO3: Record<string, string> = {
  Kazakhstan: 'KAZ',
  Peru: 'PER',
  'Bolivia (Plurinational State of)': 'BOL',
  Türkiye: 'TUR',
  Kenya: 'KEN',
  India: 'IND',
  Brazil: 'BRA',
  Mexico: 'MEX',
  Japan: 'JPN',
  Norway: 'NOR',
  France: 'FRA',
  Germany: 'DEU',
  Philippines: 'PHL',
  Nigeria: 'NGA',
  'Viet Nam': 'VNM',
  'Iran (Islamic Republic of)': 'IRN',
  'United Kingdom of Great Britain and Northern Ireland': 'GBR',
  'United States of America': 'USA',
  'State of Palestine*': 'PSE',
  'Republic of Moldova': 'MDA',
  'Democratic Republic of the Congo': 'COD',
  Egypt: 'EGY',
  Indonesia: 'IDN',
  Argentina: 'ARG',
  Chile: 'CHL',
  Uzbekistan: 'UZB',
  Armenia: 'ARM',
  Samoa: 'WSM',
  Paraguay: 'PRY',
  'South Africa': 'ZAF',
};
const TREATY_BODIES = ['CAT', 'CRC', 'CCPR', 'CESCR', 'CEDAW', 'CERD', 'CRPD', 'CED', 'CMW'];
const THEMES = [
  'Torture and other cruel, inhuman or degrading treatment',
  'Administration of justice & fair trial',
  'Equality & non-discrimination',
  'Violence against women',
  'Right to health',
  'Right to education',
  'Freedom of opinion and expression',
  'Death penalty',
  'Human rights defenders',
  'Conditions of detention',
];
const PERSONS = [
  'Children',
  'Women & girls',
  'Persons deprived of their liberty',
  'Persons with disabilities',
  'Migrants',
];
const SDGS = [
  '16.3 - Promote the rule of law',
  '5.2 - Eliminate violence against women and girls',
  '16.2 - Protect children from abuse, exploitation, trafficking and violence',
  '4.1 - Free primary and secondary education',
];
const POSITIONS = ['Supported', 'Noted', 'Supported/Noted'];
const MANDATES = [
  'SR on torture and other cruel, inhuman or degrading treatment or punishment',
  'SR on the situation of human rights defenders',
  'SR on the right to education',
  'WG on Arbitrary Detention',
];
const VERBS = ['Ensure', 'Strengthen', 'Adopt', 'Guarantee', 'Investigate', 'Ratify', 'Review', 'Allocate'];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const uuid = (prefix: number, n: number): string =>
  `${prefix.toString(16).padStart(8, '0')}-fe1c-40f9-a326-${n.toString(16).padStart(12, '0')}`;

/** Record `n` of the export: documents of 60 paragraphs; one record in eight is a concern, not a recommendation. */
export function uhriRecord(n: number): Record<string, unknown> {
  const document = Math.floor(n / 60);
  const paragraph = (n % 60) + 1;
  const country = pick(COUNTRIES, document * 7);
  const code = ISO3[country] ?? 'KAZ';
  const kind = document % 10; // 0–5 treaty bodies, 6–8 UPR, 9 special procedures
  const year = 2008 + (document % 17);
  const verb = pick(VERBS, n);
  const theme = pick(THEMES, n * 3);
  const text = `${verb} the measures needed on ${theme.toLowerCase()} (record ${n}), and report on their effect.`;
  const base = {
    AnnotationId: uuid(0xa9ceae8c, n),
    DocumentId: uuid(0x41a0b08f, document),
    PublicationDate: `${year}-0${1 + (document % 9)}-1${document % 10}T00:00:00`,
    PublicationDateOnUhri: `${year}-1${document % 3}-0${1 + (document % 9)}T10:53:45.827`,
    Countries: [country],
    Regions: ['Asia-Pacific States'],
    Themes: [theme, pick(THEMES, n * 5 + 1)],
    AffectedPersons: [pick(PERSONS, n)],
    Sdgs: [pick(SDGS, n)],
    UprCycle: null as string | null,
    UprPositions: [] as string[],
    UprRecommendingCountry: [] as string[],
    UprRecommendingRegions: [] as string[],
    UprSession: [] as string[],
  };
  if (kind <= 5) {
    const body = pick(TREATY_BODIES, document);
    const concern = n % 8 === 0;
    return {
      ...base,
      AnnotationType: concern ? '- Concerns/Observations' : '- Recommendations',
      Body: `- ${body}`,
      Symbol: `${body}/C/${code}/CO/${document}`,
      Text: `${paragraph}.${concern ? 'The Committee is concerned' : 'The Committee recommends that the State party'} ${text}`,
    };
  }
  if (kind <= 8) {
    const cycle = 1 + (document % 4);
    const session = 10 + cycle * 10 + (document % 10);
    const recommending = pick(COUNTRIES, n * 11);
    return {
      ...base,
      AnnotationType: '- Recommendations',
      Body: '- UPR',
      Symbol: `A/HRC/${10 + Math.floor(document / 100)}/${document % 100}`,
      Text: `${100 + (paragraph % 40)}.${paragraph} ${text} (${recommending});`,
      UprCycle: `${['1st', '2nd', '3rd', '4th'][cycle - 1]} cycle`,
      UprPositions: [pick(POSITIONS, n)],
      UprRecommendingCountry: [recommending],
      UprRecommendingRegions: ['WEOG'],
      UprSession: [String(session)],
    };
  }
  return {
    ...base,
    AnnotationType: '- Recommendations',
    Body: `- ${pick(MANDATES, document)}`,
    Symbol: `A/HRC/${10 + Math.floor(document / 100)}/${document % 100}/Add.1`,
    Text: `${paragraph}. The Special Rapporteur recommends that the Government ${text}`,
  };
}

/** Writes `count` records as one JSON array, a record a line, without holding them in memory. */
export async function writeUhriExport(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write('[\n');
  for (let n = 0; n < count; n++) await write(`${n === 0 ? '' : ',\n'}${JSON.stringify(uhriRecord(n))}`);
  await write('\n]\n');
  out.end();
  await once(out, 'finish');
}
