/** `followup verify`: proves the history untouched, or names each stream and revision that is not. */
import { describeBreaks, verifyLog } from '../../app/verify.js';
import type { Config } from '../../config.js';
import { progressOn } from './progress.js';
import { type CommandIo, withLog } from './shared.js';

/** 0 when every chain holds; 1, with one line per break, when an event was altered, removed or reordered. */
export async function runVerify(config: Config, io: CommandIo): Promise<number> {
  const result = await withLog(config, (store) =>
    verifyLog(store, { progress: progressOn(io.stderr, 'verify', 'events') }),
  );
  if (result.ok) {
    io.stdout.write(`verified ${result.events} events in ${result.streams} streams: every hash chain holds\n`);
    return 0;
  }
  for (const line of describeBreaks(result)) io.stdout.write(`${line}\n`);
  io.stdout.write(
    `verify failed: ${result.breaks.length} broken revision(s) in ${new Set(result.breaks.map((b) => b.stream)).size} stream(s) of ${result.streams}\n`,
  );
  return 1;
}
