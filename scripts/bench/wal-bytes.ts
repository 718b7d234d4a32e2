/**
 * Bytes written to the WAL per durable command, by page size: a count, not a speed, so it holds on a shared machine.
 * `RecordMeasure` through the application (lock, fold, decide, append with the inline read models and the log's
 * tree) on a copy of the generated world, converted to the page size asked (`VACUUM`), with automatic checkpoints
 * off so that the WAL only grows.
 *
 * `node dist/scripts/bench/wal-bytes.js [--events 20000] [--pages 4096,2048,1024] [--writers 1,64] [--commands 2000]`
 */
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { Followup } from '../../src/app/followup.js';
import { runAlone } from './alone.js';
import { generatedStore } from './generate.js';
import { onWorkingCopy } from './service.js';

export interface WalBytes {
  pageSize: number;
  writers: number;
  commands: number;
  walBytesPerCommand: number;
  /** Commands a second in this run: noisy on a shared machine, given for what it is. */
  perSecond: number;
}

/**
 * Rewrites the store with a page size (a WAL file keeps its page size: out of WAL, VACUUM, back); the size it has too,
 * so that every size compared is equally compact.
 */
function convert(file: string, pageSize: number): void {
  const db = new Sqlite(file);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma(`page_size = ${pageSize}`);
    db.exec('VACUUM');
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}

export async function walBytes(dataDir: string, writers: number, commands: number): Promise<WalBytes> {
  const followup = Followup.open({ dataDir });
  try {
    const system = { kind: 'token', tokenId: 'bench', name: 'bench', role: 'admin', states: [] } as const;
    const context = () => ({ principal: system, correlationId: randomUUID(), causationId: randomUUID() });
    const ids = followup.db
      .prepare('SELECT id FROM recommendations ORDER BY random() LIMIT ?')
      .pluck()
      .all(commands) as string[];
    followup.db.pragma('wal_autocheckpoint = 0');
    followup.db.pragma('wal_checkpoint(TRUNCATE)');
    const wal = join(dataDir, 'followup.db-wal');
    const before = statSync(wal).size;
    const started = performance.now();
    let next = 0;
    const writer = async () => {
      while (next < ids.length) {
        const i = next++;
        await followup.recommendations.recordMeasure(context(), ids[i]!, {
          title: `Bench measure ${i}`,
          institution: 'Ministry of Justice',
          implementedOn: '2026-06-30',
        });
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));
    const seconds = (performance.now() - started) / 1000;
    return {
      pageSize: Number(followup.db.pragma('page_size', { simple: true })),
      writers,
      commands: ids.length,
      walBytesPerCommand: Math.round((statSync(wal).size - before) / ids.length),
      perSecond: Math.round(ids.length / seconds),
    };
  } finally {
    await followup.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '20000' },
      pages: { type: 'string', default: '4096,2048,1024' },
      writers: { type: 'string', default: '1,64' },
      commands: { type: 'string', default: '2000' },
    },
  });
  const world = await generatedStore(Number(values.events), (line) => process.stderr.write(`${line}\n`));
  for (const pageSize of (values.pages ?? '4096').split(',').map(Number)) {
    for (const writers of (values.writers ?? '1').split(',').map(Number)) {
      const run = await onWorkingCopy(world, (copy) => {
        convert(join(copy, 'followup.db'), pageSize);
        return walBytes(copy, writers, Number(values.commands));
      });
      process.stdout.write(`${JSON.stringify(run)}\n`);
    }
  }
}

runAlone(import.meta.url, main);
