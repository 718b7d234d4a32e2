/** RFC 9162 §2.1 written as its definitions read, over an array of leaf inputs: the reference the tree is checked against. */
import { createHash } from 'node:crypto';
import { TreeBuilder } from '../../../src/eventstore/checkpoints/tree-builder.js';
import type { SubtreeSource } from '../../../src/eventstore/checkpoints/tree-proofs.js';

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const split = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

export function mth(d: readonly Uint8Array[]): Buffer {
  if (d.length === 0) return sha256();
  if (d.length === 1) return sha256(Buffer.from([0]), d[0]!);
  const k = split(d.length);
  return sha256(Buffer.from([1]), mth(d.slice(0, k)), mth(d.slice(k)));
}

export function path(m: number, d: readonly Uint8Array[]): Buffer[] {
  if (d.length <= 1) return [];
  const k = split(d.length);
  return m < k ? [...path(m, d.slice(0, k)), mth(d.slice(k))] : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
}

function subproof(m: number, d: readonly Uint8Array[], b: boolean): Buffer[] {
  const n = d.length;
  if (m === n) return b ? [] : [mth(d)];
  const k = split(n);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
}

export function proof(m: number, d: readonly Uint8Array[]): Buffer[] {
  return m === 0 || m === d.length ? [] : subproof(m, d, true);
}

/** Every complete subtree of the leaves, in memory: what the stored tree keeps in a table. */
export function memorySource(leaves: readonly Uint8Array[]): SubtreeSource & { reads: number } {
  const nodes = new Map<string, Buffer>();
  const builder = new TreeBuilder();
  for (const leaf of leaves) for (const node of builder.push(leaf)) nodes.set(`${node.level}/${node.index}`, node.hash);
  const source = {
    reads: 0,
    node(level: number, index: number): Buffer {
      source.reads++;
      const hash = nodes.get(`${level}/${index}`);
      if (!hash) throw new Error(`no node ${level}/${index}`);
      return hash;
    },
  };
  return source;
}
