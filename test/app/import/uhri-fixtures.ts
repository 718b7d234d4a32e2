/** UHRI-shaped exports written by the tests themselves: the verbatim columns, Excel serial dates, awkward rows. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Test } from 'tap';
import { UHRI_COLUMNS as C } from '../../../src/app/import/uhri/columns.js';

export type Row = Partial<Record<(typeof C)[keyof typeof C], string | number>>;

/** Every column the export has, in its order. */
export const HEADER = Object.values(C);

/** Excel's serial number of a calendar day (2023-05-10 → 45056). */
export const serial = (day: string): number =>
  Math.round((Date.parse(`${day}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);

/** Kazakhstan's CAT concluding observations, a UPR recommendation, a CRC optional-protocol one, a special procedure. */
export const GOOD_ROWS: Row[] = [
  {
    [C.text]: '10. The State party should bring the definition of torture into line with article 1 of the Convention.',
    [C.countries]: '- Kazakhstan',
    [C.body]: '- CAT',
    [C.symbol]: 'CAT/C/KAZ/CO/4',
    [C.themes]: '- Definition of torture\n- Equality & non-discrimination',
    [C.affectedPersons]: '- Persons deprived of their liberty',
    [C.sdgs]: '- 16.3 - Promote the rule of law',
    [C.publishedOn]: serial('2023-05-10'),
    [C.type]: '- Recommendations',
    [C.annotationId]: '5b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
  {
    [C.text]: '12 (a) Ensure that all detained persons are afforded all fundamental legal safeguards.',
    [C.type]: 'Recommendation',
    [C.countries]: '- Kazakhstan',
    [C.body]: '- CAT',
    [C.symbol]: 'CAT/C/KAZ/CO/4',
    [C.themes]: '- Fundamental legal safeguards',
    [C.publishedOn]: serial('2023-05-10'),
    [C.annotationId]: '9f0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
  {
    [C.text]: '137.1 Ratify the Optional Protocol to the Convention on the Rights of Persons with Disabilities.',
    [C.type]: '- Recommendations',
    [C.countries]: '- Kazakhstan',
    [C.body]: '- UPR',
    [C.symbol]: 'A/HRC/44/10',
    [C.publishedOn]: serial('2020-03-20'),
    [C.recommendingStates]: '- Norway\n- Bolivia (Plurinational State of)\n- Türkiye',
    [C.uprPosition]: 'Supported',
    [C.uprSession]: '34',
    [C.annotationId]: '1a0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
  {
    [C.text]: '137.2 Consider abolishing the death penalty.',
    [C.type]: '- Recommendations',
    [C.countries]: '- Kazakhstan',
    [C.body]: '- UPR',
    [C.symbol]: 'A/HRC/44/10',
    [C.publishedOn]: serial('2020-03-20'),
    [C.recommendingStates]: '- Iran (Islamic Republic of)',
    [C.uprPosition]: 'Noted',
    [C.annotationId]: '2a0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
  {
    [C.text]: '(b) Criminalize the recruitment of children under 18 by armed groups.',
    [C.type]: '- Recommendations',
    [C.countries]: '- Bolivia (Plurinational State of)',
    [C.body]: '- CRC-OP-AC',
    [C.symbol]: 'CRC/C/OPAC/BOL/CO/1',
    [C.publishedOn]: serial('2010-10-01'),
    [C.annotationId]: '3b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
  {
    [C.text]: '88.The Special Rapporteur recommends that Türkiye investigate all allegations of torture.',
    [C.type]: '- Recommendations',
    [C.countries]: '- Türkiye',
    [C.body]: '- SR on torture',
    [C.symbol]: 'A/HRC/37/50/Add.1',
    [C.publishedOn]: serial('2018-02-18'),
    [C.annotationId]: '4c0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f',
  },
];

/** Awkward rows, each refused for one reason (the fragment it names). */
export const BAD_ROWS: { row: Row; reason: RegExp }[] = [
  { row: { ...GOOD_ROWS[0], [C.text]: '', [C.annotationId]: 'x' }, reason: /text is empty/ },
  { row: { ...GOOD_ROWS[0], [C.countries]: '- Atlantis' }, reason: /unknown State concerned "Atlantis"/ },
  { row: { ...GOOD_ROWS[0], [C.body]: '- Council of Elders' }, reason: /unknown body "Council of Elders"/ },
  { row: { ...GOOD_ROWS[0], [C.publishedOn]: 'sometime' }, reason: /not a date/ },
  { row: { ...GOOD_ROWS[0], [C.symbol]: '' }, reason: /document symbol is empty/ },
  { row: { ...GOOD_ROWS[0], [C.body]: '- CAT\n- UPR' }, reason: /several mechanisms/ },
];

/** Rows of other types: not recommendations, counted apart by type. */
export const OTHER_ROWS: Row[] = [
  {
    ...GOOD_ROWS[0],
    [C.text]: '9. The Committee is concerned at reports of torture.',
    [C.type]: '- Concerns/Observations',
  },
  { ...GOOD_ROWS[0], [C.text]: '4. The Committee welcomes the law of March 2023.', [C.type]: 'Positive aspects' },
];

const cellsOf = (row: Row): (string | number)[] => HEADER.map((name) => row[name] ?? '');

export async function writeXlsx(file: string, rows: readonly Row[]): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Recommendations');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(cellsOf(row));
  await workbook.xlsx.writeFile(file);
}

export function writeCsv(file: string, rows: readonly Row[]): void {
  writeFileSync(file, `\ufeff${stringify([HEADER, ...rows.map(cellsOf)])}`);
}

/** A temporary folder removed when the test ends. */
export function tempDir(t: Test, prefix = 'followup-analysis-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
