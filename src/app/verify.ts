/** `followup verify`: every stream's hash chain, walked once, with progress. */

import { type VerifyChainsResult, verifyChains } from '../eventstore/integrity.js';
import type { EventStore, ReadAllOptions, RecordedEvent } from '../eventstore/port.js';
import { type Progress, silentProgress } from './progress.js';

export async function verifyLog(
  store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  options: { progress?: Progress } = {},
): Promise<VerifyChainsResult> {
  const progress = options.progress ?? silentProgress;
  let read = 0;
  // Counts what the walk reads, for the progress bar; the chain checks are verifyChains' own.
  const counting = {
    readStream: store.readStream.bind(store),
    readAll(readOptions?: ReadAllOptions): AsyncIterable<RecordedEvent> {
      const events = store.readAll(readOptions);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const event of events) {
            if (++read % 1000 === 0) progress.update(read);
            yield event;
          }
        },
      };
    },
  };
  progress.start(Number(await store.headPosition()));
  try {
    return await verifyChains(counting);
  } finally {
    progress.update(read);
    progress.stop();
  }
}

/** One line per break, naming the stream and revision. */
export function describeBreaks(result: VerifyChainsResult): string[] {
  return result.breaks.map((b) => `${b.stream} revision ${b.revision}: ${b.reason}`);
}
