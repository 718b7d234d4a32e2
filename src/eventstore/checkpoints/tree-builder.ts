/**
 * A tree grown one leaf at a time, keeping only the roots of its complete subtrees (at most one per level): the
 * root of a log of any length in O(log n) memory, and the nodes each new leaf completes.
 */
import { EMPTY_ROOT, leafHash, nodeHash } from './tree-hash.js';

/** A complete subtree: `hash` of leaves [index·2^level, (index+1)·2^level). */
export interface CompletedNode {
  level: number;
  index: number;
  hash: Buffer;
}

export class TreeBuilder {
  /** Complete subtrees covering the leaves so far, largest first. */
  readonly #frontier: CompletedNode[] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds a leaf by its data; returns the nodes it completed, the leaf's own hash first. */
  push(data: Uint8Array): CompletedNode[] {
    return this.pushHash(leafHash(data));
  }

  /** Adds a leaf by its leaf hash. */
  pushHash(hash: Buffer): CompletedNode[] {
    let node: CompletedNode = { level: 0, index: this.#size, hash };
    const completed = [node];
    for (let top = this.#frontier.at(-1); top?.level === node.level; top = this.#frontier.at(-1)) {
      this.#frontier.pop();
      node = { level: node.level + 1, index: top.index / 2, hash: nodeHash(top.hash, node.hash) };
      completed.push(node);
    }
    this.#frontier.push(node);
    this.#size++;
    return completed;
  }

  /** MTH of every leaf pushed so far. */
  root(): Buffer {
    let root: Buffer | undefined;
    for (let i = this.#frontier.length - 1; i >= 0; i--) {
      const hash = this.#frontier[i]!.hash;
      root = root ? nodeHash(hash, root) : hash;
    }
    return root ?? EMPTY_ROOT;
  }
}
