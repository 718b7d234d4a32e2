/** Records shaped like the UHRI full export (`export-full-en.json`): its fields, its quirks, one record per quirk. */
import { writeFileSync } from 'node:fs';

export type FullRecord = Record<string, unknown>;

const uuid = (n: number): string => `a9ceae8c-fe1c-40f9-a326-${String(n).padStart(12, '0')}`;

/** A record as the index writes it; every field present, lists empty where the index leaves them empty. */
export function fullRecord(n: number, fields: FullRecord): FullRecord {
  return {
    AnnotationId: uuid(n),
    AnnotationType: '- Recommendations',
    Body: '- CRC',
    Countries: ['Peru'],
    DocumentId: '41a0b08f-5a9a-4eb5-985f-05b47986ad82',
    PublicationDate: '2025-02-12T00:00:00',
    PublicationDateOnUhri: '2025-03-03T10:53:45.827',
    Regions: ['Latin America and the Caribbean'],
    Symbol: 'CRC/C/PER/CO/6-7',
    Sdgs: ['16.2 - Protect children from abuse, exploitation, trafficking and violence'],
    Text: '',
    Themes: ['Violence against women', 'Administration of justice & fair trial'],
    AffectedPersons: ['Children', 'Women & girls'],
    UprCycle: null,
    UprPositions: [],
    UprRecommendingCountry: [],
    UprRecommendingRegions: [],
    UprSession: [],
    ...fields,
  };
}

/** What each record becomes: the recommendation ids it yields, or the type it is skipped as. */
export const FULL_EXPORT: { record: FullRecord; ids?: string[]; skipped?: string }[] = [
  {
    // The real record the domain notes quote: a concern, not a recommendation.
    record: fullRecord(1, {
      AnnotationType: '- Concerns/Observations',
      Text: '4.The Committee reminds the State party of the indivisibility of all the rights under the Convention.',
    }),
    skipped: 'Concerns/Observations',
  },
  {
    record: fullRecord(2, {
      Text: '18.The Committee recommends that the State party strengthen its efforts to prevent violence against children.',
    }),
    ids: ['crc-c-per-co-6-7-18'],
  },
  {
    record: fullRecord(3, { Text: '(a) Investigate all cases of violence against children;' }),
    ids: [`crc-c-per-co-6-7-${uuid(3)}-a`],
  },
  {
    record: fullRecord(4, {
      Body: '- UPR',
      Countries: ['Bolivia (Plurinational State of)'],
      Symbol: 'A/HRC/43/7',
      PublicationDate: '2019-12-17T00:00:00',
      Text: '115.12 Ratify the Optional Protocol to the Convention against Torture (Türkiye);',
      UprCycle: '3rd cycle',
      UprPositions: ['Supported'],
      UprRecommendingCountry: ['Türkiye', 'State of Palestine*', 'Narnia'],
      UprRecommendingRegions: ['Asia-Pacific States'],
      UprSession: ['34'],
    }),
    ids: ['a-hrc-43-7-115-12'],
  },
  {
    record: fullRecord(5, {
      Body: '- SR on torture',
      Countries: ['Kosovo*'],
      Symbol: 'A/HRC/40/59/Add.1',
      Text: '95. The Special Rapporteur recommends that the authorities investigate all allegations of ill-treatment.',
    }),
    ids: ['a-hrc-40-59-add-1-95'],
  },
  {
    // A joint report to two States: one recommendation each.
    record: fullRecord(6, {
      Body: ['- WG on Arbitrary Detention', '- SR on the situation of human rights in Belarus'],
      Countries: ['Belarus', 'LT'],
      Symbol: 'A/HRC/53/50',
      Text: '102. Release all persons detained for exercising their rights.',
    }),
    ids: ['a-hrc-53-50-102-blr', 'a-hrc-53-50-102-ltu'],
  },
  {
    record: fullRecord(7, {
      Body: '- Committee on the Rights of Persons with Disabilities',
      Countries: ['European Union'],
      Symbol: 'CRPD/C/EU/CO/1',
      PublicationDate: '2015-10-02T00:00:00',
      Text: '49. The Committee recommends that the European Union take measures on accessibility.',
    }),
    ids: ['crpd-c-eu-co-1-49'],
  },
  {
    record: fullRecord(8, {
      Body: '- CRC-OP-AC',
      Countries: ['State of Palestine*'],
      Symbol: 'CRC/C/OPAC/PSE/CO/1',
      Text: '12 (a) Criminalize the recruitment of children.',
    }),
    ids: ['crc-c-opac-pse-co-1-12-a'],
  },
  {
    record: fullRecord(9, { AnnotationType: '- Positive aspects', Text: '3. The Committee welcomes…' }),
    skipped: 'Positive aspects',
  },
];

/** The export as the index gives it: one JSON array, records separated by commas, no line per record. */
export function writeFullExport(file: string, records: readonly FullRecord[]): void {
  writeFileSync(file, JSON.stringify(records));
}
