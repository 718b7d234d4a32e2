/** One record of any UHRI format, as the mapping reads it: the search export's row and the full export's object alike. */
import { type Cell, cellText, listOf } from './cells.js';
import { UHRI_COLUMNS as C, UHRI_FIELDS as F } from './columns.js';

export interface UhriEntry {
  /** As written, paragraph number included. */
  text: string;
  countries: string[];
  bodies: string[];
  symbol: string;
  themes: string[];
  affectedPersons: string[];
  sdgs: string[];
  publishedOn: Cell;
  recommendingStates: string[];
  uprPositions: string[];
  /** Undefined when the file has no type at all (an older search export); empty when this record's is blank. */
  types: string[] | undefined;
  annotationId: string;
  uprSessions: string[];
  uprCycle: string;
}

/** A record with its place in the file: the row a spreadsheet shows (header is row 1), or the 1-based record number. */
export interface UhriRow {
  row: number;
  /** Undefined when the record is not a JSON object at all: the mapping rejects it. */
  entry: UhriEntry | undefined;
  /** Bytes of the file read so far: with the file's size, an estimate of the records still to come. */
  bytesRead: number;
}

/** The file cannot be read as a UHRI export at all (as opposed to a bad record, which is reported and skipped). */
export class UnreadableExport extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableExport';
  }
}

/** A search-export row, keyed by the header's names. */
export type SheetRecord = Readonly<Record<string, Cell>>;

export function entryOfRow(record: SheetRecord): UhriEntry {
  return {
    text: cellText(record[C.text]),
    countries: listOf(record[C.countries]),
    bodies: listOf(record[C.body]),
    symbol: cellText(record[C.symbol]).replace(/^-\s+/, ''),
    themes: listOf(record[C.themes]),
    affectedPersons: listOf(record[C.affectedPersons]),
    sdgs: listOf(record[C.sdgs]),
    publishedOn: record[C.publishedOn],
    recommendingStates: listOf(record[C.recommendingStates]),
    uprPositions: listOf(record[C.uprPosition]),
    types: C.type in record ? listOf(record[C.type]) : undefined,
    annotationId: cellText(record[C.annotationId]),
    uprSessions: listOf(record[C.uprSession]),
    uprCycle: '',
  };
}

/** A value of the full export: a string (maybe a `- ` list), an array of them, or null. */
function valuesOf(value: unknown): string[] {
  if (Array.isArray(value)) {
    // The common case, read once per field of every record: an array of plain one-line values.
    if (value.every(isPlainValue)) return value.length < 2 ? value.map((item) => item.trim()) : unique(value);
    return [...new Set(value.flatMap((item) => valuesOf(item)))];
  }
  if (typeof value === 'string') return listOf(value);
  if (typeof value === 'number') return [String(value)];
  return [];
}

/** A string listOf would keep as it is but for its surrounding white space: one line, no `- ` mark. */
const isPlainValue = (item: unknown): item is string =>
  typeof item === 'string' && item.trim() !== '' && !/[\r\n]|^\s*-\s/.test(item);

const unique = (values: readonly string[]): string[] => [...new Set(values.map((item) => item.trim()))];

const textOf = (value: unknown): string =>
  typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';

export function entryOfObject(record: Readonly<Record<string, unknown>>): UhriEntry {
  return {
    text: textOf(record[F.text]),
    countries: valuesOf(record[F.countries]),
    bodies: valuesOf(record[F.body]),
    symbol: textOf(record[F.symbol]).replace(/^-\s+/, ''),
    themes: valuesOf(record[F.themes]),
    affectedPersons: valuesOf(record[F.affectedPersons]),
    sdgs: valuesOf(record[F.sdgs]),
    publishedOn: textOf(record[F.publishedOn]) || undefined,
    recommendingStates: valuesOf(record[F.recommendingStates]),
    uprPositions: valuesOf(record[F.uprPositions]),
    types: F.type in record ? valuesOf(record[F.type]) : undefined,
    annotationId: textOf(record[F.annotationId]),
    uprSessions: valuesOf(record[F.uprSession]),
    uprCycle: valuesOf(record[F.uprCycle]).join(' '),
  };
}
