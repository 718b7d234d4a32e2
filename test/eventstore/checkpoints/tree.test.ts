/** RFC 9162's tree: the CT reference vectors, then random trees against the RFC's definitions written naively. */
import fc from 'fast-check';
import t from 'tap';
import {
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from '../../../src/eventstore/checkpoints/proof-verification.js';
import { TreeBuilder } from '../../../src/eventstore/checkpoints/tree-builder.js';
import { EMPTY_ROOT, leafHash } from '../../../src/eventstore/checkpoints/tree-hash.js';
import { consistencyProof, inclusionProof, rootAt } from '../../../src/eventstore/checkpoints/tree-proofs.js';
import { CONSISTENCY, INCLUSION, LEAF_INPUTS, NODES, ROOTS } from './ct-vectors.js';
import { memorySource, mth, path, proof } from './reference-tree.js';

const SEED = Number(process.env.FOLLOWUP_SEED ?? 9162);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const flipped = (b: Uint8Array, bit = 3) => {
  const copy = Buffer.from(b);
  copy[0]! ^= 1 << bit;
  return copy;
};

t.test('the CT vectors: every root, node and proof', async (t) => {
  const builder = new TreeBuilder();
  t.equal(hex(builder.root()), hex(ROOTS[0]!), 'the empty tree');
  t.equal(hex(EMPTY_ROOT), hex(ROOTS[0]!));
  LEAF_INPUTS.forEach((leaf, i) => {
    for (const node of builder.push(leaf)) {
      t.equal(hex(node.hash), hex(NODES[node.level]![node.index]!), `node ${node.level}/${node.index}`);
    }
    t.equal(hex(builder.root()), hex(ROOTS[i + 1]!), `the root of ${i + 1} leaves, grown`);
  });
  const source = memorySource(LEAF_INPUTS);
  for (let size = 0; size <= 8; size++) t.equal(hex(rootAt(source, size)), hex(ROOTS[size]!), `root of ${size}`);
  for (const v of INCLUSION) {
    const built = inclusionProof(source, v.index, v.size);
    t.strictSame(built.map(hex), v.proof.map(hex), `inclusion of ${v.index} in ${v.size}`);
    const leaf = leafHash(LEAF_INPUTS[v.index]!);
    t.ok(verifyInclusion(v.index, v.size, leaf, v.proof, ROOTS[v.size]!), 'verifies');
  }
  for (const v of CONSISTENCY) {
    t.strictSame(consistencyProof(source, v.from, v.to).map(hex), v.proof.map(hex), `consistency ${v.from}→${v.to}`);
    t.ok(verifyConsistency(v.from, v.to, ROOTS[v.from]!, ROOTS[v.to]!, v.proof), 'verifies');
  }
});

t.test('the CT vectors, corrupted: no altered inclusion proof verifies', async (t) => {
  for (const v of INCLUSION.filter((v) => v.proof.length > 0)) {
    const leaf = leafHash(LEAF_INPUTS[v.index]!);
    const root = ROOTS[v.size]!;
    const probes: [string, number, number, Uint8Array, Uint8Array[], Uint8Array][] = [
      ['index - 1', v.index - 1, v.size, leaf, v.proof, root],
      ['index + 1', v.index + 1, v.size, leaf, v.proof, root],
      ['size * 2', v.index, v.size * 2, leaf, v.proof, root],
      ['size / 2', v.index, Math.floor(v.size / 2), leaf, v.proof, root],
      ['another leaf', v.index, v.size, leafHash(Buffer.from('forged')), v.proof, root],
      ['the empty root', v.index, v.size, leaf, v.proof, EMPTY_ROOT],
      ['trailing root', v.index, v.size, leaf, [...v.proof, root], root],
      ['preceding root', v.index, v.size, leaf, [root, ...v.proof], root],
      ['a node removed', v.index, v.size, leaf, v.proof.slice(0, -1), root],
      ['an empty node', v.index, v.size, leaf, [...v.proof.slice(0, -1), Buffer.alloc(0)], root],
      ...v.proof.map((_, i): [string, number, number, Uint8Array, Uint8Array[], Uint8Array] => [
        `bit flipped in node ${i}`,
        v.index,
        v.size,
        leaf,
        v.proof.map((p, j) => (j === i ? flipped(p) : p)),
        root,
      ]),
    ];
    for (const [what, index, size, l, p, r] of probes) {
      t.notOk(verifyInclusion(index, size, l, p, r), `${v.index}/${v.size}: ${what}`);
    }
  }
});

t.test('the CT vectors, corrupted: no altered consistency proof verifies', async (t) => {
  for (const v of CONSISTENCY.filter((v) => v.proof.length > 0)) {
    const [r1, r2] = [ROOTS[v.from]!, ROOTS[v.to]!];
    const probes: [string, number, number, Uint8Array, Uint8Array, Uint8Array[]][] = [
      ['from - 1', v.from - 1, v.to, r1, r2, v.proof],
      ['from + 1', v.from + 1, v.to, r1, r2, v.proof],
      ['to * 2', v.from, v.to * 2, r1, r2, v.proof],
      ['to / 2', v.from, Math.floor(v.to / 2), r1, r2, v.proof],
      ['wrong first root', v.from, v.to, EMPTY_ROOT, r2, v.proof],
      ['wrong second root', v.from, v.to, r1, EMPTY_ROOT, v.proof],
      ['roots swapped', v.from, v.to, r2, r1, v.proof],
      ['empty proof', v.from, v.to, r1, r2, []],
      ['trailing root', v.from, v.to, r1, r2, [...v.proof, r2]],
      ['preceding root', v.from, v.to, r1, r2, [r1, ...v.proof]],
      ['truncated', v.from, v.to, r1, r2, v.proof.slice(0, -1)],
      ['shrinking', v.to, v.from, r2, r1, v.proof],
      ...v.proof.map((_, i): [string, number, number, Uint8Array, Uint8Array, Uint8Array[]] => [
        `bit flipped in node ${i}`,
        v.from,
        v.to,
        r1,
        r2,
        v.proof.map((p, j) => (j === i ? flipped(p, 4) : p)),
      ]),
    ];
    for (const [what, from, to, a, b, p] of probes) {
      t.notOk(verifyConsistency(from, to, a, b, p), `${v.from}→${v.to}: ${what}`);
    }
  }
  t.ok(verifyConsistency(0, 5, EMPTY_ROOT, ROOTS[5]!, []), 'the empty tree is a prefix of any');
  t.notOk(verifyConsistency(3, 3, ROOTS[3]!, ROOTS[4]!, []), 'same size, other root');
});

const leavesArb = fc.array(fc.uint8Array({ minLength: 0, maxLength: 8 }), { minLength: 1, maxLength: 300 });

t.test('random trees: roots and proofs equal the RFC definitions, and verify', async (t) => {
  let checked = 0;
  fc.assert(
    fc.property(leavesArb, fc.nat(), fc.nat(), (leaves, a, b) => {
      const n = leaves.length;
      const source = memorySource(leaves);
      const size = (a % n) + 1;
      const index = b % size;
      const root = rootAt(source, size);
      if (!root.equals(mth(leaves.slice(0, size)))) return false;
      const built = inclusionProof(source, index, size);
      if (built.map(hex).join() !== path(index, leaves.slice(0, size)).map(hex).join()) return false;
      if (!rootFromInclusionProof(index, size, leafHash(leaves[index]!), built)?.equals(root)) return false;
      const from = (b % size) + 1;
      const consistency = consistencyProof(source, from, size);
      if (consistency.map(hex).join() !== proof(from, leaves.slice(0, size)).map(hex).join()) return false;
      checked++;
      return verifyConsistency(from, size, rootAt(source, from), root, consistency);
    }),
    { seed: SEED, numRuns: 300 },
  );
  t.equal(checked, 300, `300 random trees of 1–300 leaves (seed ${SEED})`);
});

t.test('random trees: a proof for one leaf or size never verifies another', async (t) => {
  fc.assert(
    fc.property(leavesArb, fc.nat(), fc.nat(), fc.nat(), (leaves, a, b, c) => {
      const n = leaves.length;
      if (n < 2) return true;
      const source = memorySource(leaves);
      const size = (a % (n - 1)) + 2;
      const index = b % size;
      const built = inclusionProof(source, index, size);
      const root = rootAt(source, size);
      const other = (index + 1 + (c % (size - 1))) % size;
      const forged = leafHash(Buffer.concat([Buffer.from(leaves[index]!), Buffer.from([1])]));
      return (
        (!verifyInclusion(other, size, leafHash(leaves[index]!), built, root) ||
          // Two leaves with equal inputs share a hash: the proof of one then proves the other, rightly.
          leafHash(leaves[other]!).equals(leafHash(leaves[index]!))) &&
        !verifyInclusion(index, size, forged, built, root)
      );
    }),
    { seed: SEED, numRuns: 200 },
  );
  t.pass('no proof verified for another leaf, another index or another leaf value');
});

t.test('a proof reads O(log n) stored nodes', async (t) => {
  const leaves = Array.from({ length: 5000 }, (_, i) => Buffer.from(String(i)));
  const source = memorySource(leaves);
  let most = 0;
  for (const [index, size] of [
    [0, 5000],
    [4999, 5000],
    [2047, 4097],
    [1234, 3333],
  ] as const) {
    source.reads = 0;
    inclusionProof(source, index, size);
    most = Math.max(most, source.reads);
    source.reads = 0;
    consistencyProof(source, index + 1, size);
    most = Math.max(most, source.reads);
  }
  t.ok(most <= 2 * 13 + 2, `at most ${most} node reads for a proof in a tree of 5,000 leaves`);
});

t.test('arguments out of range are refused', async (t) => {
  const source = memorySource(LEAF_INPUTS);
  t.throws(() => inclusionProof(source, 8, 8), RangeError);
  t.throws(() => inclusionProof(source, -1, 8), RangeError);
  t.throws(() => consistencyProof(source, 5, 4), RangeError);
  t.throws(() => rootAt(source, 1.5), RangeError);
  t.equal(rootFromInclusionProof(0, 0, leafHash(Buffer.alloc(0)), []), undefined);
});
