/**
 * The hashes of RFC 9162's Merkle tree (§2.1.1), as Certificate Transparency uses: SHA-256, a leaf hashed with a
 * 0x00 prefix and an interior node with 0x01, so that no leaf can pass for a node.
 */
import * as crypto from 'node:crypto';

export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

type OneShot = (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer;
/** Node 20.12+ hashes in one call, twice as fast as a Hash object for 65 bytes; older 20.x falls back. */
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;
const sha256 = oneShot
  ? (data: Uint8Array) => oneShot('sha256', data, 'buffer')
  : (data: Uint8Array) => crypto.createHash('sha256').update(data).digest();

/** MTH({d}) = SHA-256(0x00 || d). */
export function leafHash(data: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/** SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return sha256(Buffer.concat([NODE_PREFIX, left, right]));
}

/** MTH({}) = SHA-256 of nothing: the root of the empty tree. */
export const EMPTY_ROOT: Buffer = crypto.createHash('sha256').digest();

/** The largest power of two strictly smaller than `n` (n > 1): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Whether `n` is a power of two (1, 2, 4, …). Arithmetic, not bitwise: sizes may pass 2^31. */
export function isPowerOfTwo(n: number): boolean {
  if (n < 1 || !Number.isInteger(n)) return false;
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
