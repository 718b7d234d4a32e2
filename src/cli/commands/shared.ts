/** What every analysis command shares: its output streams and the service opened on the configured store. */
import type { Writable } from 'node:stream';
import { Followup } from '../../app/followup.js';
import type { Config } from '../../config.js';
import { STATE_EXPECTED, stateCodeFromInput } from '../../domain/state-names.js';
import { CalendarDate } from '../../domain/vocabulary.js';
import type { EventStore } from '../../eventstore/port.js';
import { today } from '../../today.js';
import type { Output } from './progress.js';

export interface CommandIo {
  stdout: Output & Writable;
  stderr: Output;
}

export const processIo = (): CommandIo => ({ stdout: process.stdout, stderr: process.stderr });

/** The State a command is about and the day it looks at (today unless `--as-of`), or an error naming the bad one. */
export function stateOnDay(stateArgument: string, asOfFlag: string | undefined): { state: string; asOf: string } {
  const state = stateCodeFromInput(stateArgument);
  if (!state) throw new Error(`${stateArgument}: ${STATE_EXPECTED}`);
  const asOf = asOfFlag ?? today();
  if (!CalendarDate.safeParse(asOf).success) throw new Error(`--as-of ${asOf}: must be a calendar date YYYY-MM-DD`);
  return { state, asOf };
}

/** The embedded store the server uses, opened with the same configuration. */
export function openFollowup(config: Config): Followup {
  if (config.store.kind !== 'sqlite') {
    throw new Error(
      `--store ${config.store.connectionString} (FOLLOWUP_STORE): this command works on the embedded sqlite store only; leave --store unset`,
    );
  }
  return Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken });
}

/** Runs a command over the opened service and closes it, whatever happens. */
export async function withFollowup<T>(config: Config, run: (followup: Followup) => Promise<T>): Promise<T> {
  const followup = openFollowup(config);
  try {
    return await run(followup);
  } finally {
    await followup.close();
  }
}

/** Runs a command that only reads the log, on whichever store is configured, and closes it. */
export async function withLog<T>(config: Config, run: (store: EventStore) => Promise<T>): Promise<T> {
  if (config.store.kind !== 'postgres') return withFollowup(config, (followup) => run(followup.store));
  const { PostgresEventStore } = await import('../../eventstore/postgres/index.js');
  const store = await PostgresEventStore.connect(config.store.connectionString);
  try {
    return await run(store);
  } finally {
    await store.close();
  }
}
