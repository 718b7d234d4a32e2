/** `followup replay`: rebuilds read models from the log and swaps them in, while a server may keep serving. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { READ_MODEL_NAMES, readModelsNamed, rebuildReadModels } from '../../app/rebuild/rebuild.js';
import type { Config } from '../../config.js';
import { openDatabase } from '../../eventstore/sqlite/database.js';
import { progressOn } from './progress.js';
import type { CommandIo } from './shared.js';

export const PROJECTION_NAMES = READ_MODEL_NAMES;

export interface ReplayOptions {
  /** Worker threads for the read models kept by stream; default 2 from 100,000 events on two cores, 1: none. */
  /** As given on the command line (a number when called from code). */
  workers?: number | string;
}

export async function runReplay(
  config: Config,
  names: string[] | undefined,
  io: CommandIo,
  options: ReplayOptions = {},
): Promise<number> {
  if (config.store.kind !== 'sqlite') throw new Error('replay rebuilds the embedded sqlite store only');
  const given = options.workers;
  const workers = given === undefined ? undefined : /^\s*\d+\s*$/.test(String(given)) ? Number(given) : Number.NaN;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= 16)) {
    throw new Error(`--workers ${given}: must be a whole number from 1 to 16`);
  }
  const unknown = (names ?? []).filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new Error(`--projection ${unknown.join(', ')}: unknown; read models are ${PROJECTION_NAMES.join(', ')}`);
  }
  const projections = readModelsNamed(names);
  // The database only, not the service: a running server keeps its own connection and its writes.
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, 'followup.db'));
  try {
    const result = await rebuildReadModels(db, {
      projections,
      scratchDir: config.dataDir,
      ...(workers !== undefined && { workers }),
      progress: progressOn(io.stderr, 'replay', 'events'),
    });
    io.stdout.write(
      `rebuilt ${result.projections.join(', ')} from ${result.events} events ` +
        `(${result.caughtUp} appended meanwhile) in ${result.seconds.toFixed(2)} s: ${result.eventsPerSecond} events/s; ` +
        `writes waited ${(result.swapSeconds * 1000).toFixed(0)} ms for the swap\n`,
    );
  } finally {
    db.close();
  }
  return 0;
}
