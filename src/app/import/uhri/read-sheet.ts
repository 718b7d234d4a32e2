/** The UHRI search export, streamed from .xlsx (exceljs) or .csv (csv-parse), rows keyed by the header's names. */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import type { Cell } from './cells.js';
import { REQUIRED_COLUMNS } from './columns.js';
import { entryOfRow, type SheetRecord, type UhriRow, UnreadableExport } from './entry.js';

function checkHeader(file: string, header: readonly string[]): void {
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new UnreadableExport(
      `${file}: not a UHRI export, missing column(s) ${missing.map((c) => `"${c}"`).join(', ')}`,
    );
  }
}

const recordOf = (header: readonly string[], cells: readonly Cell[]): SheetRecord =>
  Object.fromEntries(header.map((name, i) => [name, cells[i]]));

export async function* readCsv(file: string): AsyncGenerator<UhriRow> {
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
      yield { row, entry: entryOfRow(recordOf(header, cells)), bytesRead: input.bytesRead };
    }
  } catch (error) {
    if (error instanceof UnreadableExport) throw error;
    throw new UnreadableExport(`${file}: cannot be read as CSV (${(error as Error).message})`, { cause: error });
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

export async function* readXlsx(file: string): AsyncGenerator<UhriRow> {
  // Loaded only for a spreadsheet: exceljs alone takes seconds to load, which a JSON or CSV import never needs.
  const { default: excel } = await import('exceljs');
  const input = createReadStream(file);
  const reader = new excel.stream.xlsx.WorkbookReader(input, {
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
        yield { row: row.number, entry: entryOfRow(recordOf(header, values)), bytesRead: input.bytesRead };
      }
      break;
    }
  } catch (error) {
    if (error instanceof UnreadableExport) throw error;
    throw new UnreadableExport(`${file}: cannot be read as an .xlsx workbook`, { cause: error });
  } finally {
    input.destroy();
  }
  if (!header) throw new UnreadableExport(`${file}: the workbook holds no rows`);
}
