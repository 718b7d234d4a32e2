/** `followup copy --to postgres://… | esdb://…`: the embedded log copied to a shared store, resumable, with progress. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Config } from '../../config.js';
import type { CopyProgress } from '../../eventstore/copy.js';
import { openDatabase, SqliteEventStore } from '../../eventstore/sqlite/index.js';

export interface CopySettings {
  withSettings(command: Command): Command;
  configFrom(flags: Record<string, string | boolean | undefined>): Config;
}

interface Checkpoint {
  to: string;
  position: string;
}

const CHECKPOINT_EVERY = 1000;

/** Where a copy to this target stopped; a copy to another target starts from the beginning. */
function readCheckpoint(file: string, to: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Checkpoint;
  return saved.to === to ? saved.position : undefined;
}

/** A bar on a terminal; a line every few seconds in a log. */
function progressBar(total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'copy [{bar}] {value}/{total} positions | {copied} copied, {skipped} already there',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { copied: 0, skipped: 0 });
    return { update: (p: CopyProgress) => bar.update(Math.min(total, Number(p.position)), p), stop: () => bar.stop() };
  }
  let last = 0;
  return {
    update: (p: CopyProgress) => {
      if (Date.now() - last < 2000) return;
      last = Date.now();
      process.stderr.write(`copy: position ${p.position}/${total}, ${p.copied} copied, ${p.skipped} already there\n`);
    },
    stop: () => {},
  };
}

/** Where the copy writes, behind one face: EventStoreDB or PostgreSQL. */
interface CopyTarget {
  name: string;
  copy(
    source: SqliteEventStore,
    options: { after?: string; batch?: number; onProgress: (p: CopyProgress) => void },
  ): Promise<CopyProgress>;
  close(): Promise<void>;
}

async function esdbTarget(to: string): Promise<CopyTarget> {
  // Loaded when copying only: the client is heavy and serving on SQLite never needs it.
  const { EventStoreDBClient } = await import('@eventstore/db-client');
  const { copyLog, esdbCopyTarget } = await import('../../eventstore/esdb/copy.js');
  const { clientConnectionString, redactConnectionString } = await import('../../eventstore/esdb/index.js');
  const client = EventStoreDBClient.connectionString(clientConnectionString(to));
  return {
    name: redactConnectionString(to),
    copy: (source, options) => copyLog(source, esdbCopyTarget(client), options),
    close: () => client.dispose(),
  };
}

async function postgresTarget(to: string): Promise<CopyTarget> {
  const { PostgresEventStore, copyLog, redactPostgresUrl } = await import('../../eventstore/postgres/index.js');
  const store = await PostgresEventStore.connect(to);
  return {
    name: redactPostgresUrl(to),
    copy: (source, options) => copyLog(source, store, options),
    close: () => store.close(),
  };
}

export async function runCopy(config: Config, to: string, options: { fromStart?: boolean; batch?: number }) {
  const file = join(config.dataDir, 'followup.db');
  if (!existsSync(file)) throw new Error(`no embedded store at ${file}: set --data-dir to the folder holding it`);
  const { isPostgresUrl } = await import('../../eventstore/postgres/connection.js');
  const target = isPostgresUrl(to) ? await postgresTarget(to) : await esdbTarget(to);
  try {
    await copyTo(config, target, options);
  } finally {
    await target.close();
  }
}

async function copyTo(config: Config, target: CopyTarget, options: { fromStart?: boolean; batch?: number }) {
  const file = join(config.dataDir, 'followup.db');
  const checkpointFile = join(config.dataDir, 'copy-checkpoint.json');
  const after = options.fromStart ? undefined : readCheckpoint(checkpointFile, target.name);
  const db = openDatabase(file, { readonly: true });
  const source = new SqliteEventStore(db);
  const bar = progressBar(Number(await source.headPosition()));
  const save = (position: string) =>
    writeFileSync(checkpointFile, `${JSON.stringify({ to: target.name, position })}\n`);
  let savedAt = 0;
  try {
    if (after !== undefined) process.stderr.write(`copy: resuming after position ${after}\n`);
    const done = await target.copy(source, {
      ...(after === undefined ? {} : { after }),
      ...(options.batch === undefined ? {} : { batch: options.batch }),
      onProgress: (progress) => {
        bar.update(progress);
        const handled = progress.copied + progress.skipped;
        if (handled - savedAt >= CHECKPOINT_EVERY) {
          save(progress.position);
          savedAt = handled;
        }
      },
    });
    save(done.position);
    process.stdout.write(
      `copied ${done.copied + done.skipped} events to ${target.name} (${done.skipped} found already there)\n`,
    );
  } finally {
    bar.stop();
    await source.close();
    db.close();
  }
}

export function registerCopyCommand(program: Command, { withSettings, configFrom }: CopySettings): void {
  withSettings(
    program
      .command('copy')
      .description(
        'copy the embedded log to PostgreSQL or EventStoreDB/KurrentDB, in order, keeping ids and metadata (resumable)',
      ),
  )
    .requiredOption('--to <connection>', 'the target, e.g. postgres://user@host:5432/db or esdb://host:2113?tls=false')
    .option('--from-start', 'ignore the checkpoint of an earlier run (what is there is still recognised and skipped)')
    .option('--batch <n>', 'most events of one stream per append', (v) => Number.parseInt(v, 10))
    .action(async (flags) => runCopy(configFrom(flags), flags.to, { fromStart: flags.fromStart, batch: flags.batch }));
}
