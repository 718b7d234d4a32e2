/**
 * `tsx scripts/bench/checkpoints.ts [--leaves N] [--proofs N] [--appends N]`: what the log's Merkle tree costs.
 * Durable appends through the embedded store with and without the tree (64 writers, measured in the same run); then,
 * at N leaves (default 1M): appending a leaf, the tables' size on disk, a root, an inclusion and a consistency
 * proof, signing a checkpoint, and the streaming root a verification computes. It reports; it never fails on a speed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import { signCheckpoint } from '../../src/eventstore/checkpoints/checkpoint-note.js';
import { LogTree, migrateLogTree, STRIDE } from '../../src/eventstore/checkpoints/log-tree.js';
import { verifyConsistency, verifyInclusion } from '../../src/eventstore/checkpoints/proof-verification.js';
import { generateSigningKeyPem, loadSigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import { TreeBuilder } from '../../src/eventstore/checkpoints/tree-builder.js';
import { leafHash } from '../../src/eventstore/checkpoints/tree-hash.js';
import { openDatabase } from '../../src/eventstore/sqlite/database.js';
import { SqliteEventStore } from '../../src/eventstore/sqlite/store.js';

const { values } = parseArgs({
  options: { leaves: { type: 'string' }, proofs: { type: 'string' }, appends: { type: 'string' } },
});
const leaves = Number(values.leaves ?? 1_000_000);
const proofs = Number(values.proofs ?? 10_000);
const appends = Number(values.appends ?? 20_000);
const out = (line: string) => process.stdout.write(`${line}\n`);
const hashOf = (i: number) => createHash('sha256').update(`event ${i}`).digest();

/** Median, p99 and max of a list of durations in µs. */
function spread(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `p50 ${at(0.5).toFixed(0)} µs, p99 ${at(0.99).toFixed(0)} µs, max ${sorted.at(-1)!.toFixed(0)} µs`;
}

function timed(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1000;
}

/** Appends per second through the embedded store, 64 writers at once (group commit), with or without the tree. */
async function appendRate(dir: string, name: string, withTree: boolean): Promise<number> {
  const db = openDatabase(join(dir, `${name}.db`));
  migrateLogTree(db);
  const tree = new LogTree(db);
  const store = new SqliteEventStore(db, { inline: withTree ? [(event) => void tree.append(event)] : [] });
  const metadata = { actor: { tokenId: 't', name: 'bench', role: 'admin' }, correlationId: 'c', causationId: 'c' };
  const data = { title: 'A measure of typical size', institution: 'Parliament', text: 'x'.repeat(200) };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      for (let n = next++; n < appends; n = next++) {
        await store.append(`recommendation-${n % 1000}`, [{ type: 'MeasureImplemented', data, metadata }], {
          expectedRevision: 'any',
        });
      }
    }),
  );
  const rate = appends / ((performance.now() - started) / 1000);
  await store.close();
  db.close();
  return rate;
}

const dir = mkdtempSync(join(tmpdir(), 'followup-tree-bench-'));
try {
  if (appends > 0) {
    const rates = { with: [] as number[], without: [] as number[] };
    for (let round = 0; round < 2; round++) {
      rates.without.push(await appendRate(dir, `plain-${round}`, false));
      rates.with.push(await appendRate(dir, `tree-${round}`, true));
    }
    const best = (list: number[]) => Math.max(...list);
    out(
      `durable appends, 64 writers, ${appends.toLocaleString('en')} events: ${best(rates.without).toFixed(0)}/s without the tree, ` +
        `${best(rates.with).toFixed(0)}/s with it (${((100 * best(rates.with)) / best(rates.without)).toFixed(0)}%; best of 2 rounds each, interleaved)`,
    );
  }
  const db = new Sqlite(join(dir, 'tree.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('cache_size = -32768');
  migrateLogTree(db);
  const tree = new LogTree(db);
  out(`log tree: ${leaves.toLocaleString('en')} leaves, nodes kept every ${STRIDE} levels`);

  // As the store appends: a transaction per batch of 256 events (its group commit), one leaf per event.
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++)
      tree.append({ position: String(i + 1), metadata: { hash: hashOf(i).toString('hex') } });
  });
  let start = performance.now();
  for (let i = 0; i < leaves; i += 256) batch(i, Math.min(leaves, i + 256));
  const appendSeconds = (performance.now() - start) / 1000;
  out(
    `append: ${(leaves / appendSeconds).toFixed(0)} leaves/s (${((appendSeconds * 1e6) / leaves).toFixed(1)} µs a leaf, ` +
      `SHA-256 of the event ids included), ${appendSeconds.toFixed(1)} s in all`,
  );
  const size = tree.size();

  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = (name: string) =>
    (
      db
        .prepare('SELECT sum(pgsize) AS bytes FROM dbstat WHERE name = ? OR name LIKE ?')
        .get(name, `sqlite_autoindex_${name}%`) as {
        bytes: number;
      }
    ).bytes;
  const leafBytes = bytes('log_tree_leaves');
  const nodeBytes = bytes('log_tree_nodes');
  out(
    `disk: leaves ${(leafBytes / 2 ** 20).toFixed(1)} MiB, nodes ${(nodeBytes / 2 ** 20).toFixed(1)} MiB ` +
      `(${((leafBytes + nodeBytes) / size).toFixed(0)} bytes an event)`,
  );

  let root: Buffer = Buffer.alloc(0);
  const roots: number[] = [];
  for (let i = 0; i < 1000; i++) roots.push(timed(() => (root = tree.root(size - (i % 977)))));
  out(`root of the tree at a size near ${size.toLocaleString('en')}: ${spread(roots)}`);
  root = tree.root(size);

  const inclusion: number[] = [];
  let nodes = 0;
  for (let i = 0; i < proofs; i++) {
    const index = Math.floor(Math.random() * size);
    let proof: Buffer[] = [];
    inclusion.push(
      timed(() => {
        const leaf = tree.leafByPosition(String(index + 1))!;
        proof = tree.inclusionProof(leaf.index, size);
      }),
    );
    nodes = Math.max(nodes, proof.length);
    if (!verifyInclusion(index, size, leafHash(hashOf(index)), proof, root)) throw new Error(`proof of ${index} fails`);
  }
  out(
    `inclusion proof of a random event (by its position) in the tree of ${size.toLocaleString('en')}: ${spread(inclusion)}; ${nodes} hashes`,
  );

  const consistency: number[] = [];
  for (let i = 0; i < proofs; i++) {
    const from = 1 + Math.floor(Math.random() * (size - 1));
    let proof: Buffer[] = [];
    consistency.push(timed(() => (proof = tree.consistencyProof(from, size))));
    if (i < 200 && !verifyConsistency(from, size, tree.root(from), root, proof)) throw new Error(`consistency ${from}`);
  }
  out(`consistency proof from a random size to ${size.toLocaleString('en')}: ${spread(consistency)}`);

  const key = loadSigningKey(generateSigningKeyPem(), 'followup');
  const signing: number[] = [];
  for (let i = 0; i < 1000; i++) {
    signing.push(
      timed(() =>
        signCheckpoint(
          {
            origin: 'followup',
            size,
            root: tree.root(size),
            position: String(size),
            signedAt: new Date().toISOString(),
          },
          key,
        ),
      ),
    );
  }
  out(`sign a checkpoint (root included): ${spread(signing)}`);

  start = performance.now();
  const builder = new TreeBuilder();
  for (let i = 0; i < size; i++) builder.push(hashOf(i));
  const rebuilt = builder.root();
  out(
    `streaming root over ${size.toLocaleString('en')} leaves, as verify computes it: ${((performance.now() - start) / 1000).toFixed(1)} s, ` +
      `${rebuilt.equals(root) ? 'equal to the stored root' : 'DIFFERENT from the stored root'}`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
