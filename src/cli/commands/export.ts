/** `followup export`: the log as NDJSON or CSV, to a file or standard output. */
import { createWriteStream } from 'node:fs';
import { EXPORTED_TYPES, type ExportFormat, exportEvents } from '../../app/export.js';
import type { Config } from '../../config.js';
import { STATE_EXPECTED, stateCodeFromInput } from '../../domain/state-names.js';
import { LogPosition } from '../../eventstore/port.js';
import { progressOn } from './progress.js';
import { type CommandIo, withFollowup } from './shared.js';

export interface ExportFlags {
  format: ExportFormat;
  state?: string;
  type?: string[];
  after?: string;
  out?: string;
}

export async function runExport(config: Config, flags: ExportFlags, io: CommandIo): Promise<number> {
  const state = flags.state === undefined ? undefined : stateCodeFromInput(flags.state);
  if (flags.state !== undefined && !state) throw new Error(`--state ${flags.state}: ${STATE_EXPECTED}`);
  if (flags.after !== undefined && !LogPosition.safeParse(flags.after).success) {
    throw new Error(`--after ${flags.after}: must be a global position`);
  }
  const types = flags.type?.flatMap((type) => type.split(',')).filter((type) => type !== '');
  for (const type of types ?? []) {
    if (!EXPORTED_TYPES.includes(type)) {
      io.stderr.write(
        `warning: --type ${type}: no exported event has this type, so it selects nothing; the types are ${EXPORTED_TYPES.join(', ')}\n`,
      );
    }
  }
  let exported: { events: number };
  try {
    exported = await withFollowup(config, (followup) => {
      const out = flags.out ? createWriteStream(flags.out) : io.stdout;
      return exportEvents(followup.store, out, {
        format: flags.format,
        ...(state ? { state } : {}),
        ...(types ? { types } : {}),
        ...(flags.after ? { after: flags.after } : {}),
        // Standard output stays open; a file is closed when the export ends.
        end: flags.out !== undefined,
        // Progress only when the data goes to a file: on standard output it would mix with it in a terminal.
        ...(flags.out ? { progress: progressOn(io.stderr, 'export', 'events') } : {}),
      });
    });
  } catch (error) {
    // The reader went away (`| head`): what it wanted was written.
    if ((error as { code?: string }).code === 'EPIPE') return 0;
    throw error;
  }
  const { events } = exported;
  if (flags.out) io.stderr.write(`exported ${events} events to ${flags.out}\n`);
  return 0;
}
