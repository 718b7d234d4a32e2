/** `followup replay`: rebuilds read models from the log and swaps them in, while a server may keep serving. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildReadModels } from '../../analysis/rebuild.js';
import { serviceProjections } from '../../app/followup.js';
import type { Config } from '../../config.js';
import { openDatabase } from '../../eventstore/sqlite/database.js';
import { progressOn } from './progress.js';
import type { CommandIo } from './shared.js';

export const PROJECTION_NAMES = serviceProjections.map((projection) => projection.name);

export async function runReplay(config: Config, names: string[] | undefined, io: CommandIo): Promise<number> {
  if (config.store.kind !== 'sqlite') throw new Error('replay rebuilds the embedded sqlite store only');
  const unknown = (names ?? []).filter((name) => !PROJECTION_NAMES.includes(name));
  if (unknown.length > 0) {
    throw new Error(`--projection ${unknown.join(', ')}: unknown; read models are ${PROJECTION_NAMES.join(', ')}`);
  }
  const projections = names?.length ? serviceProjections.filter((p) => names.includes(p.name)) : serviceProjections;
  // The database only, not the service: a running server keeps its own connection and its writes.
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, 'followup.db'));
  try {
    const result = await rebuildReadModels(db, {
      projections,
      scratchDir: config.dataDir,
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
