/** Builds (once per generator version and size) a store holding the generated world, through the store's append. */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Followup } from '../../src/app/followup.js';
import type { EventMetadataInput } from '../../src/eventstore/port.js';
import { type GeneratedStream, world } from './world.js';

/** Bump when the world changes: a cached store of another version is never reused. */
export const GENERATOR_VERSION = 3;

/** Appends in flight together: enough for group commit to fill its batches. */
const IN_FLIGHT = 1024;

export interface GeneratedStore {
  dataDir: string;
  file: string;
  events: number;
  recommendations: number;
  /** Seconds spent generating; 0 when the cached store was reused. */
  seconds: number;
  cached: boolean;
}

export const benchRoot = (): string => join(tmpdir(), 'followup-bench');

/** The store with about `events` events, from the cache when this generator version built it before. */
export async function generatedStore(events: number, log: (line: string) => void): Promise<GeneratedStore> {
  const dataDir = join(benchRoot(), `world-v${GENERATOR_VERSION}-${events}`);
  const file = join(dataDir, 'followup.db');
  const done = join(dataDir, 'complete.json');
  if (existsSync(done)) {
    const followup = Followup.open({ dataDir });
    const counts = countsOf(followup);
    await followup.close();
    return { dataDir, file, ...counts, seconds: 0, cached: true };
  }
  const building = `${dataDir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const started = performance.now();
  const followup = Followup.open({ dataDir: building });
  const metadata: EventMetadataInput = {
    actor: { tokenId: 'bench', name: 'bench generator', role: 'admin' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
  };
  let written = 0;
  let pending: GeneratedStream[] = [];
  const flush = async () => {
    await Promise.all(
      pending.map((s) =>
        followup.store.append(
          s.stream,
          s.events.map((e) => ({ ...e, metadata })),
          { expectedRevision: 'no_stream' },
        ),
      ),
    );
    for (const s of pending) written += s.events.length;
    pending = [];
  };
  let lastLog = 0;
  for (const stream of world(events)) {
    pending.push(stream);
    if (pending.length >= IN_FLIGHT) {
      await flush();
      if (performance.now() - lastLog > 5000) {
        lastLog = performance.now();
        log(`  generated ${written.toLocaleString('en')} / ${events.toLocaleString('en')} events`);
      }
    }
  }
  await flush();
  const counts = countsOf(followup);
  await followup.close();
  const seconds = (performance.now() - started) / 1000;
  writeFileSync(join(building, 'complete.json'), JSON.stringify({ version: GENERATOR_VERSION, ...counts, seconds }));
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
  return { dataDir, file, ...counts, seconds, cached: false };
}

function countsOf(followup: Followup): { events: number; recommendations: number } {
  const events = followup.db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  const recommendations = followup.db.prepare('SELECT count(*) AS n FROM recommendations').get() as { n: number };
  return { events: events.n, recommendations: recommendations.n };
}
