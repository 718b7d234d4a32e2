/** A UHRI file of any format, told apart by its first bytes: a workbook, the full export's JSON array, or CSV. */
import { open } from 'node:fs/promises';
import { type UhriRow, UnreadableExport } from './entry.js';
import { readJson } from './read-json.js';
import { readCsv, readXlsx } from './read-sheet.js';

export { type UhriRow, UnreadableExport } from './entry.js';

export type UhriFormat = 'xlsx' | 'csv' | 'json';

/** The format of a file from its first bytes: a ZIP (XLSX), a JSON array, or else CSV. */
export async function detectFormat(file: string): Promise<UhriFormat> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new UnreadableExport(`${file}: cannot be opened (${(error as { code?: string }).code ?? 'error'})`, {
      cause: error,
    });
  }
  try {
    const head = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
    const text = bytes
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .trimStart();
    if (text.startsWith('[')) return 'json';
    if (text.startsWith('{'))
      throw new UnreadableExport(`${file}: a JSON object, not the full export's array of records`);
    if (/\.xlsx$/i.test(file)) throw new UnreadableExport(`${file}: cannot be read as an .xlsx workbook`);
    return 'csv';
  } finally {
    await handle.close();
  }
}

/** Every record of a UHRI file, whatever its format, streamed: memory stays flat whatever the file's size. */
export async function* readUhri(file: string, format?: UhriFormat): AsyncGenerator<UhriRow> {
  const detected = format ?? (await detectFormat(file));
  if (detected === 'json') yield* readJson(file);
  else if (detected === 'xlsx') yield* readXlsx(file);
  else yield* readCsv(file);
}
