/**
 * Roots and proofs of RFC 9162's Merkle tree (§2.1), computed from stored complete subtrees: a root or a proof
 * reads O(log n) of them, whatever the size of the log.
 */
import { EMPTY_ROOT, isPowerOfTwo, nodeHash, splitPoint } from './tree-hash.js';

/** The complete subtrees of a tree: `node(l, i)` is the hash of leaves [i·2^l, (i+1)·2^l); level 0 are leaf hashes. */
export interface SubtreeSource {
  node(level: number, index: number): Buffer;
}

function levelOf(size: number): number {
  let level = 0;
  for (let k = 1; k < size; k *= 2) level++;
  return level;
}

/** MTH(D[start:end]): a stored node when the range is a complete aligned subtree, else split as §2.1.1 does. */
export function rangeHash(source: SubtreeSource, start: number, end: number): Buffer {
  const n = end - start;
  if (n <= 0) return EMPTY_ROOT;
  if (isPowerOfTwo(n) && start % n === 0) return source.node(levelOf(n), start / n);
  const k = splitPoint(n);
  return nodeHash(rangeHash(source, start, start + k), rangeHash(source, start + k, end));
}

/** The root of the tree of the first `size` leaves. */
export function rootAt(source: SubtreeSource, size: number): Buffer {
  assertSize('size', size);
  return rangeHash(source, 0, size);
}

/** PATH(m, D[n]) of §2.1.3.1: the siblings from the leaf up to the root, for leaf `index` of a tree of `size`. */
export function inclusionProof(source: SubtreeSource, index: number, size: number): Buffer[] {
  assertSize('size', size);
  assertSize('index', index);
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  const path: Buffer[] = [];
  const walk = (m: number, start: number, end: number): void => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(rangeHash(source, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(rangeHash(source, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** PROOF(m, D[n]) of §2.1.4.1: what shows the tree of `from` leaves is a prefix of the tree of `to` leaves. */
export function consistencyProof(source: SubtreeSource, from: number, to: number): Buffer[] {
  assertSize('from', from);
  assertSize('to', to);
  if (from > to) throw new RangeError(`a tree of ${from} leaves cannot be a prefix of one of ${to}`);
  const proof: Buffer[] = [];
  if (from === 0 || from === to) return proof;
  const sub = (m: number, start: number, end: number, whole: boolean): void => {
    const n = end - start;
    if (m === n) {
      if (!whole) proof.push(rangeHash(source, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      sub(m, start, start + k, whole);
      proof.push(rangeHash(source, start + k, end));
    } else {
      sub(m - k, start + k, end, false);
      proof.push(rangeHash(source, start, start + k));
    }
  };
  sub(from, 0, to, true);
  return proof;
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number from 0`);
}
