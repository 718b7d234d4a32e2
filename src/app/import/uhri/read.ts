/** Rows of a UHRI export, streamed from .xlsx (exceljs) or .csv (csv-parse), keyed by the header's names. */
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { REQUIRED_COLUMNS } from './columns.js';
import type { UhriRecord } from './map.js';

/** A data row with its row number as a spreadsheet shows it (the header is row 1). */
export interface UhriRow {
  row: number;
  record: UhriRecord;
  /** Bytes of the file read so far: with the file's size, an estimate of the rows still to come. */
  bytesRead: number;
}

/** The file cannot be read as a UHRI export at all (as opposed to a bad row, which is skipped). */
export class UnreadableExport extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableExport';
  }
}

export function readUhri(file: string): AsyncIterable<UhriRow> {
  const extension = extname(file).toLowerCase();
  if (extension === '.xlsx') return readXlsx(file);
  if (extension === '.csv') return readCsv(file);
  throw new UnreadableExport(`${file}: expected a .xlsx or .csv UHRI export`);
}

function checkHeader(file: string, header: readonly string[]): void {
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new UnreadableExport(
      `${file}: not a UHRI export, missing column(s) ${missing.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}

const recordOf = (header: readonly string[], cells: readonly Cell[]): UhriRecord =>
  Object.fromEntries(header.map((name, i) => [name, cells[i]]));

async function* readCsv(file: string): AsyncIterable<UhriRow> {
  const input = createReadStream(file);
  // bom: Excel writes one; relax_column_count: a short row is reported by the mapping, not fatal.
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | undefined;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (!header) {
        header = cells.map((name) => name.trim());
        checkHeader(file, header);
        continue;
      }
      yield { row, record: recordOf(header, cells), bytesRead: input.bytesRead };
    }
  } finally {
    input.destroy();
  }
  if (!header) throw new UnreadableExport(`${file}: empty file`);
}

/** What exceljs hands over for a cell: plain values, rich text, hyperlinks, formulas, errors. */
function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : xlsxCell(value.text as never);
  if ('result' in value) return xlsxCell(value.result as ExcelJS.CellValue);
  if ('error' in value) return undefined;
  return String(value);
}

async function* readXlsx(file: string): AsyncIterable<UhriRow> {
  const input = createReadStream(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  let header: string[] | undefined;
  try {
    // The export holds one worksheet; only the first is read.
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(xlsxCell);
        if (!header) {
          header = values.map((value) => (value === undefined ? '' : String(value).trim()));
          checkHeader(file, header);
          continue;
        }
        if (values.every((value) => value === undefined || value === '')) continue;
        yield { row: row.number, record: recordOf(header, values), bytesRead: input.bytesRead };
      }
      break;
    }
  } catch (error) {
    if (error instanceof UnreadableExport || (error as { code?: string }).code === 'ENOENT') throw error;
    throw new UnreadableExport(`${file}: cannot be read as an .xlsx workbook`, { cause: error });
  } finally {
    input.destroy();
  }
  if (!header) throw new UnreadableExport(`${file}: the workbook holds no rows`);
}
