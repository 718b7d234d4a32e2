/** How the UHRI export writes values into cells: lists, dates, paragraph numbers, UPR positions. */
import type { UprPosition } from '../../../domain/vocabulary.js';

/** A cell as the readers hand it over: text, a number (Excel serial dates), a Date, or nothing. */
export type Cell = string | number | Date | undefined;

export const cellText = (cell: Cell): string =>
  cell === undefined ? '' : cell instanceof Date ? cell.toISOString() : String(cell).trim();

/** A multi-valued cell: one value a line, each prefixed `- `; a single unprefixed value is one value too. */
export function listOf(cell: Cell): string[] {
  const values = cellText(cell)
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/^\s*-\s+/, '').trim())
    .filter((line) => line !== '');
  return [...new Set(values)];
}

// Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in), so serial 45056 is 2023-05-10.
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;

/** A calendar date YYYY-MM-DD from an Excel serial number, a Date, an ISO date or `DD/MM/YYYY`. */
export function calendarDateOf(cell: Cell): string | undefined {
  if (cell === undefined) return undefined;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.toISOString().slice(0, 10);
  const text = String(cell).trim();
  if (/^\d{1,6}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    if (serial < 1 || serial > 2_958_465) return undefined; // up to 9999-12-31
    return new Date(EXCEL_EPOCH + serial * DAY).toISOString().slice(0, 10);
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!year || !month || !day) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const calendar = date.toISOString().slice(0, 10);
  // Refuse days that do not exist (31/02/2024) rather than rolling them over.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1 ? calendar : undefined;
}

/** A sub-paragraph mark: `(a)`, `(iv)`, `(12)`. */
const ITEM = String.raw`\(([a-z]{1,4}|[ivxl]{1,6}|\d{1,2})\)`;
/**
 * "49. The…", "4.The…" (no space), "147.1 Ratify…", "128.45. Ratify…", "12 (a) Ensure…", "12(a). Ensure…":
 * a number, maybe dotted, maybe an item mark, then a dot, a colon or a space before the text.
 */
const NUMBERED = new RegExp(String.raw`^\s*(\d{1,4}(?:\.\d{1,4})*)(?:\s*${ITEM})?(?:[.:]\s*|\s+|(?<=\)))(?=\S)`, 'i');
/** A bare item, "(a) Ensure…": it names no paragraph, only its place in one. */
const ITEM_ONLY = new RegExp(String.raw`^\s*${ITEM}[.:]?\s+`, 'i');

export interface SplitText {
  /** The paragraph number the text starts with: "49", "147.1", "12(a)". */
  paragraph?: string;
  /** A bare item mark the text starts with, with no number: "(a)". */
  item?: string;
  /** The text without them. */
  text: string;
}

/** The paragraph number (or bare item mark) that starts a recommendation's text, and the text after it. */
export function splitParagraph(text: string): SplitText {
  const numbered = NUMBERED.exec(text);
  if (numbered?.[1]) {
    const sub = numbered[2] ? `(${numbered[2].toLowerCase()})` : '';
    return { paragraph: `${numbered[1]}${sub}`, text: text.slice(numbered[0].length).trim() };
  }
  const item = ITEM_ONLY.exec(text);
  if (item?.[1]) return { item: `(${item[1].toLowerCase()})`, text: text.slice(item[0].length).trim() };
  return { text: text.trim() };
}

const POSITIONS: Readonly<Record<string, UprPosition | null>> = {
  supported: 'supported',
  accepted: 'supported',
  noted: 'noted',
  'supported in part': 'supported_in_part',
  'partially supported': 'supported_in_part',
  'supported/noted': 'supported_in_part',
  'supported in part/noted': 'supported_in_part',
  pending: null,
  '': null,
};

/**
 * The State's response to a UPR recommendation; null when it gave none yet (`Pending`, empty),
 * undefined when the cell holds something else.
 */
export function uprPositionOf(cell: Cell): UprPosition | null | undefined {
  const text = listOf(cell).join('/').toLowerCase().replace(/\s+/g, ' ');
  return POSITIONS[text];
}
