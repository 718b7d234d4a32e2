/**
 * A WAL checkpoint worker that fails (its checkpoint throws, it cannot open the file, it dies, it hangs): the store
 * goes on accepting and acknowledging writes, loses none, reports the failure once, and the writer checkpoints by
 * itself so that the WAL stays bounded. Each failure is forced through the store's `startWorker` option.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import t, { type Test } from 'tap';
import {
  type CheckpointWorkerData,
  checkpointWorker,
  openDatabase,
  SqliteEventStore,
  type WalCheckpointOptions,
} from '../../src/eventstore/sqlite/index.js';
import { unique } from './fixtures.js';
import { appendRound, databaseFiles, FRAME, payload, readBack, until } from './wal-fixtures.js';

const file = databaseFiles(t, 'followup-walfailures-');
const threshold = 20;
const truncateAbove = 64 * 1024;
/** The WAL once the writer checkpoints every `threshold` pages: that, and a few batches of 8 events. */
const bound = (threshold + 4 * 8 * 2) * FRAME + 32;

/** A pino logger writing to memory, and the lines it wrote. */
function memoryLog() {
  const lines: { level: number; msg: string; err?: { message?: string } }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

/** A worker thread of the test's own making, speaking the checkpoint worker's protocol (CheckpointAnswer). */
const workerOf = (code: string) => () => new Worker(code, { eval: true });
/** One that never answers. */
const hung = workerOf(`require('node:worker_threads').parentPort.on('message', () => {});`);

interface Failure {
  startWorker: (data: CheckpointWorkerData) => Worker;
  options?: Partial<WalCheckpointOptions>;
  /** Run after each batch until the failure is seen. */
  afterBatch?: () => void;
  reported: RegExp;
}

async function writesThrough(t: Test, failure: Failure): Promise<void> {
  const path = file();
  const wal = () => statSync(`${path}-wal`).size;
  const db = openDatabase(path);
  const { log, lines } = memoryLog();
  const store = new SqliteEventStore(db, {
    walCheckpoints: {
      threshold,
      restartAt: 100,
      idleMs: 50,
      truncateAbove,
      startWorker: failure.startWorker,
      ...failure.options,
    },
    log,
  });
  t.teardown(async () => {
    await store.close();
    if (db.open) db.close();
  });
  const stream = `s-${unique()}`;
  let acknowledged = 0;
  const batch = async (round: number) => {
    acknowledged += await appendRound(store, stream, round, 8);
  };

  let round = 0;
  while (!store.walCheckpointStats()?.failed) {
    if (round === 500) throw new Error('the worker never failed');
    await batch(round++);
    failure.afterBatch?.();
  }
  t.pass(`the failure was seen after ${round} batches, each acknowledged`);
  t.equal(db.pragma('wal_autocheckpoint', { simple: true }), threshold, 'the writer checkpoints by itself again');

  // The first commit after the failure finds the WAL as the failure left it, adds its batch and checkpoints it all;
  // from then on the WAL starts over every `threshold` pages.
  await batch(round++);
  const before = wal();
  let largest = before;
  const more = 60;
  for (let i = 0; i < more; i++) {
    await batch(round++);
    largest = Math.max(largest, wal());
  }
  t.ok(more * 8 * FRAME > 3 * bound, 'more was written since than the bound holds');
  t.ok(
    largest <= Math.max(before, bound),
    `the WAL file grew no further than ${Math.max(before, bound)} bytes (largest ${largest})`,
  );
  const reports = lines.filter((line) => /WAL checkpoints/.test(line.msg));
  t.equal(reports.length, 1, 'the failure was logged once, not per commit');
  t.equal(reports[0]?.level, 40, 'as a warning');
  t.match(reports[0]?.err?.message, failure.reported, `with its cause (${reports[0]?.err?.message})`);

  await until(() => wal() <= truncateAbove, 20_000, `the WAL file is at most ${truncateAbove} bytes once writes pause`);
  t.pass(`writes paused: the WAL file is ${wal()} bytes`);

  await store.close();
  t.equal(db.pragma('integrity_check', { simple: true }), 'ok', 'the database is whole');
  db.close();
  const events = await readBack(path, stream);
  t.equal(events.length, acknowledged, `every acknowledged append (${acknowledged}) is read back after reopening`);
  t.strictSame(events.at(-1)?.data, { round: round - 1, i: 7, payload }, 'the last one whole');
}

t.test('its checkpoint throws', (t) =>
  writesThrough(t, {
    // What the worker answers when SQLite's checkpoint throws.
    startWorker: workerOf(`
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', (message) => {
        if (message === 'close') return parentPort.close();
        parentPort.postMessage({ ok: false, message: 'disk I/O error' });
      });
    `),
    reported: /the checkpoint failed: disk I\/O error/,
  }),
);

t.test('it cannot open the database', (t) =>
  writesThrough(t, {
    startWorker: (data) => checkpointWorker({ ...data, file: join(dirname(file()), 'missing', 'followup.db') }),
    reported: /Cannot open database/,
  }),
);

t.test('it dies', (t) => {
  // Ended from outside (as by a crash of its thread) once it has been asked for a checkpoint.
  let worker: Worker | undefined;
  let killed = false;
  return writesThrough(t, {
    startWorker: (data) => {
      worker = checkpointWorker(data);
      return worker;
    },
    afterBatch: () => {
      if (!killed && worker) {
        killed = true;
        void worker.terminate();
      }
    },
    reported: /the checkpoint worker exited/,
  });
});

t.test('it hangs', (t) =>
  writesThrough(t, {
    startWorker: hung,
    options: { workerTimeoutMs: 300 },
    reported: /did not answer within 300 ms/,
  }),
);

t.test('closing the store does not wait for a worker that hangs longer than its time', async (t) => {
  const db = openDatabase(file());
  const store = new SqliteEventStore(db, {
    walCheckpoints: {
      threshold,
      workerTimeoutMs: 300,
      startWorker: hung,
    },
  });
  const stream = `s-${unique()}`;
  for (let round = 0; !store.walCheckpointStats()?.running; round++) {
    if (round === 100) throw new Error('no checkpoint was asked for');
    await appendRound(store, stream, round, 8);
  }
  const started = Date.now();
  await store.close();
  t.ok(Date.now() - started < 10_000, 'closed');
  t.equal(store.walCheckpointStats()?.failed, true, 'the worker was given up');
  db.close();
});
