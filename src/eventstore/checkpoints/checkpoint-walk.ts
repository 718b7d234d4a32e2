/**
 * Checks a log against a signed checkpoint in one pass over its events, in log order: the root of its first `size`
 * events must be the signed root. Recomputing every hash chain does not help a forger: any event rewritten,
 * inserted or deleted before the checkpoint changes that root.
 *
 * When a local copy of the tree is at hand and its leaves hash to the signed root, they are authentic (the
 * signature covers them through the root), so the walk also names where the log departs from them.
 */
import type { Checkpoint } from './checkpoint-note.js';
import type { LogTree, TreeLeaf } from './log-tree.js';
import { TreeBuilder } from './tree-builder.js';
import { HASH_SIZE } from './tree-hash.js';

/** An event as the walk sees it; `hash` is undefined for an event that cannot be read. */
export interface WalkedEvent {
  position: string;
  stream: string;
  revision: number;
  hash: string | undefined;
}

export type LeafDifference =
  /** The log has another event where the checkpoint has a leaf. */
  | { kind: 'rewritten'; index: number; event: WalkedEvent; signedPosition: string }
  /** The log has an event the checkpoint does not. */
  | { kind: 'inserted'; index: number; event: WalkedEvent }
  /** The checkpoint has a leaf the log lost: the event that was at `signedPosition`. */
  | { kind: 'deleted'; index: number; signedPosition: string };

export interface CheckpointFinding {
  /** The first `size` events of the log have the signed root. */
  holds: boolean;
  size: number;
  /** Events read. */
  events: number;
  /** Events after the checkpoint's tree: not covered by it. */
  uncovered: number;
  /** Whether the local tree matched the signature, so that differences could be named. */
  located: boolean;
  /** Where the log departs from the signed tree (the first MAX_DIFFERENCES), when `located`. */
  differences: LeafDifference[];
  /** The position of the log's event at the checkpoint's last leaf, when it differs from the signed one. */
  positionDiffers?: { signed: string; found: string };
}

const MAX_DIFFERENCES = 50;
const PAGE = 1000;
const UNREADABLE = Buffer.alloc(HASH_SIZE);

const leafOf = (event: WalkedEvent): Buffer =>
  event.hash !== undefined && /^[0-9a-f]{64}$/.test(event.hash) ? Buffer.from(event.hash, 'hex') : UNREADABLE;

export class CheckpointWalk {
  readonly #checkpoint: Checkpoint;
  readonly #tree: LogTree | undefined;
  readonly #builder = new TreeBuilder();
  readonly #differences: LeafDifference[] = [];
  #root: Buffer | undefined;
  #events = 0;
  #positionAtSize: string | undefined;
  /** Next leaf of the signed tree to meet, and the page of leaves it is in. */
  #next = 0;
  #page: TreeLeaf[] = [];
  /** An event that met another leaf, kept until the next event tells inserted from rewritten. */
  #pending: WalkedEvent | undefined;

  constructor(checkpoint: Checkpoint, localTree?: LogTree) {
    this.#checkpoint = checkpoint;
    this.#tree = localTree && leavesHashTo(localTree, checkpoint) ? localTree : undefined;
    if (checkpoint.size === 0) this.#root = this.#builder.root();
  }

  /** The next event of the log, in order. */
  see(event: WalkedEvent): void {
    const leaf = leafOf(event);
    this.#events++;
    if (this.#builder.size < this.#checkpoint.size) {
      this.#builder.push(leaf);
      if (this.#builder.size === this.#checkpoint.size) {
        this.#root = this.#builder.root();
        this.#positionAtSize = event.position;
      }
    }
    if (this.#tree) this.#locate(event, leaf);
  }

  finish(): CheckpointFinding {
    const size = this.#checkpoint.size;
    if (this.#tree) {
      if (this.#pending) this.#rewritten(this.#pending);
      this.#pending = undefined;
      for (let leaf = this.#leaf(this.#next); leaf && this.#next < size; leaf = this.#leaf(this.#next)) {
        this.#note({ kind: 'deleted', index: leaf.index, signedPosition: leaf.position });
        this.#next++;
      }
    }
    const holds = this.#root?.equals(this.#checkpoint.root) ?? false;
    const finding: CheckpointFinding = {
      holds,
      size,
      events: this.#events,
      uncovered: Math.max(0, this.#events - size),
      located: this.#tree !== undefined,
      differences: this.#differences,
    };
    if (holds && size > 0 && this.#positionAtSize !== this.#checkpoint.position) {
      finding.positionDiffers = { signed: this.#checkpoint.position, found: this.#positionAtSize ?? '0' };
    }
    return finding;
  }

  /** Meets the event with the next signed leaf; an event that does not match waits for the next to be explained. */
  #locate(event: WalkedEvent, leaf: Buffer): void {
    const size = this.#checkpoint.size;
    if (this.#pending) {
      const pending = this.#pending;
      this.#pending = undefined;
      if (this.#matches(this.#next, leaf)) {
        this.#note({ kind: 'inserted', index: this.#next, event: pending });
        this.#next++;
        return;
      }
      this.#rewritten(pending);
    }
    if (this.#next >= size) return;
    if (this.#matches(this.#next, leaf)) {
      this.#next++;
    } else if (this.#next + 1 < size && this.#matches(this.#next + 1, leaf)) {
      this.#note({ kind: 'deleted', index: this.#next, signedPosition: this.#leaf(this.#next)!.position });
      this.#next += 2;
    } else {
      this.#pending = event;
    }
  }

  #rewritten(event: WalkedEvent): void {
    const signed = this.#leaf(this.#next);
    if (!signed || this.#next >= this.#checkpoint.size) {
      this.#note({ kind: 'inserted', index: this.#next, event });
      return;
    }
    this.#note({ kind: 'rewritten', index: this.#next, event, signedPosition: signed.position });
    this.#next++;
  }

  #matches(index: number, leaf: Buffer): boolean {
    return this.#leaf(index)?.eventHash.equals(leaf) ?? false;
  }

  #leaf(index: number): TreeLeaf | undefined {
    const first = this.#page[0]?.index ?? -1;
    if (index < first || index >= first + this.#page.length) this.#page = this.#tree?.leaves(index, PAGE) ?? [];
    return this.#page[index - (this.#page[0]?.index ?? 0)];
  }

  #note(difference: LeafDifference): void {
    if (this.#differences.length < MAX_DIFFERENCES) this.#differences.push(difference);
  }
}

/** Whether the stored leaves, not only the stored nodes above them, give the signed root: one pass over them. */
function leavesHashTo(tree: LogTree, checkpoint: Checkpoint): boolean {
  if (tree.size() < checkpoint.size || !tree.root(checkpoint.size).equals(checkpoint.root)) return false;
  const builder = new TreeBuilder();
  while (builder.size < checkpoint.size) {
    const page = tree.leaves(builder.size, Math.min(PAGE, checkpoint.size - builder.size));
    if (page.length === 0) return false;
    for (const leaf of page) builder.push(leaf.eventHash);
  }
  return builder.root().equals(checkpoint.root);
}
