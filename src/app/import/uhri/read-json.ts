/** The UHRI full export (`export-full-en.json`): one JSON array of records, streamed element by element. */
import { createReadStream } from 'node:fs';
import { entryOfObject, type UhriRow, UnreadableExport } from './entry.js';
import { jsonArrayElements } from './json-elements.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function* readJson(file: string): AsyncGenerator<UhriRow> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let row = 0;
  try {
    for await (const element of jsonArrayElements(input)) {
      const value: unknown = JSON.parse(element);
      row++;
      yield { row, entry: isRecord(value) ? entryOfObject(value) : undefined, bytesRead: input.bytesRead };
    }
  } catch (error) {
    const where = row > 0 ? ` after record ${row}` : '';
    throw new UnreadableExport(`${file}: not a UHRI full export (${(error as Error).message}${where})`, {
      cause: error,
    });
  } finally {
    input.destroy();
  }
}
