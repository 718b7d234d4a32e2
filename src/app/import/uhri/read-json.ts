/** The UHRI full export (`export-full-en.json`): one JSON array of records, streamed element by element. */
import { createReadStream } from 'node:fs';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { entryOfObject, type UhriRow, UnreadableExport } from './entry.js';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function* readJson(file: string): AsyncGenerator<UhriRow> {
  const input = createReadStream(file);
  // streamValues off: strings come whole, not in chunks, which halves the parser's work.
  const records = input.pipe(streamArray.withParserAsStream({ streamValues: false }));
  input.on('error', (error) => records.destroy(error));
  try {
    for await (const { key, value } of records as AsyncIterable<{ key: number; value: unknown }>) {
      yield { row: key + 1, entry: isRecord(value) ? entryOfObject(value) : undefined, bytesRead: input.bytesRead };
    }
  } catch (error) {
    throw new UnreadableExport(`${file}: not a UHRI full export (${(error as Error).message})`, { cause: error });
  } finally {
    input.destroy();
    records.destroy();
  }
}
