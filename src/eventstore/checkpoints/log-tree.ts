/**
 * The Merkle tree of the log, kept in two tables of a SQLite database as events are appended: each event's leaf
 * (its position and chained hash) and the complete subtrees of every STRIDE-th level above the leaves. A root or a
 * proof reads O(log n) rows; appending a leaf writes one row, plus a node row every 2^STRIDE leaves or so.
 *
 * The leaf of an event is the 32 bytes of its chained hash (`metadata.hash`, which covers its id, stream,
 * revision, type, data, metadata and the hash before it in its stream); leaves follow the log's order.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { RecordedEvent } from '../port.js';
import { HASH_SIZE, leafHash, nodeHash } from './tree-hash.js';
import { consistencyProof, inclusionProof, rootAt, type SubtreeSource } from './tree-proofs.js';

/** Node levels kept: every other one (a third of the rows of every level), the levels between recomputed from two. */
export const STRIDE = 2;

/** What of an event the tree keeps. */
export interface LeafEvent {
  position: string;
  metadata: Pick<RecordedEvent['metadata'], 'hash'>;
}

/** The bytes an event contributes to the tree: its chained hash. */
export function eventLeaf(event: Pick<LeafEvent, 'metadata'>): Buffer {
  const hash = event.metadata?.hash;
  const leaf = typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash) ? Buffer.from(hash, 'hex') : undefined;
  if (!leaf || leaf.length !== HASH_SIZE) throw new TypeError('an event without a chained hash has no leaf');
  return leaf;
}

export interface TreeLeaf {
  index: number;
  position: string;
  /** The leaf's input: the event's chained hash. */
  eventHash: Buffer;
}

/** Creates the tables if missing; returns whether they were created now (an existing log then needs its tree built). */
export function migrateLogTree(db: Database): boolean {
  const existed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_tree_leaves'").get();
  db.exec(`
    CREATE TABLE IF NOT EXISTS log_tree_build (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      started_at TEXT NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS log_tree_leaves (
      leaf INTEGER PRIMARY KEY,
      position TEXT NOT NULL,
      event_hash BLOB NOT NULL
    ) STRICT;
    CREATE TABLE IF NOT EXISTS log_tree_nodes (
      level INTEGER NOT NULL,
      idx INTEGER NOT NULL,
      hash BLOB NOT NULL,
      PRIMARY KEY (level, idx)
    ) STRICT, WITHOUT ROWID;
  `);
  // Tables made before the search by position replaced its index (random inserts into a text index at 1M leaves).
  const indexed = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND tbl_name = 'log_tree_leaves' AND sql IS NULL")
    .get();
  if (indexed) {
    db.transaction(() =>
      db.exec(`
        ALTER TABLE log_tree_leaves RENAME TO log_tree_leaves_before;
        CREATE TABLE log_tree_leaves (leaf INTEGER PRIMARY KEY, position TEXT NOT NULL, event_hash BLOB NOT NULL) STRICT;
        INSERT INTO log_tree_leaves SELECT leaf, position, event_hash FROM log_tree_leaves_before;
        DROP TABLE log_tree_leaves_before;
      `),
    )();
  }
  return existed === undefined;
}

interface LeafRow {
  leaf: number;
  position: string;
  event_hash: Buffer;
}

const toLeaf = (row: LeafRow): TreeLeaf => ({ index: row.leaf, position: row.position, eventHash: row.event_hash });

export class LogTree {
  readonly #last: Statement<[], LeafRow>;
  readonly #leafAt: Statement<[number], LeafRow>;
  readonly #leafRange: Statement<[number, number], LeafRow>;
  readonly #insertLeaf: Statement<[number, string, Buffer]>;
  readonly #node: Statement<[number, number], { hash: Buffer }>;
  readonly #nodeRange: Statement<[number, number, number], { hash: Buffer }>;
  readonly #insertNode: Statement<[number, number, Buffer]>;
  readonly #building: Statement<[], { started_at: string }>;
  readonly #startBuilding: Statement<[string]>;
  readonly #finishBuilding: Statement<[]>;
  readonly source: SubtreeSource = { node: (level, index) => this.#nodeHash(level, index) };

  constructor(db: Database) {
    this.#last = db.prepare('SELECT leaf, position, event_hash FROM log_tree_leaves ORDER BY leaf DESC LIMIT 1');
    this.#leafAt = db.prepare('SELECT leaf, position, event_hash FROM log_tree_leaves WHERE leaf = ?');
    this.#leafRange = db.prepare(
      'SELECT leaf, position, event_hash FROM log_tree_leaves WHERE leaf >= ? ORDER BY leaf LIMIT ?',
    );
    this.#insertLeaf = db.prepare('INSERT INTO log_tree_leaves (leaf, position, event_hash) VALUES (?, ?, ?)');
    this.#node = db.prepare('SELECT hash FROM log_tree_nodes WHERE level = ? AND idx = ?');
    this.#nodeRange = db.prepare(
      'SELECT hash FROM log_tree_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx',
    );
    this.#insertNode = db.prepare('INSERT INTO log_tree_nodes (level, idx, hash) VALUES (?, ?, ?)');
    this.#building = db.prepare('SELECT started_at FROM log_tree_build WHERE id = 1');
    this.#startBuilding = db.prepare('INSERT OR IGNORE INTO log_tree_build (id, started_at) VALUES (1, ?)');
    this.#finishBuilding = db.prepare('DELETE FROM log_tree_build WHERE id = 1');
  }

  /** Whether the tree is being built from a log that had events before it: it may then take events from the log. */
  building(): boolean {
    return this.#building.get() !== undefined;
  }

  startBuilding(now = new Date().toISOString()): void {
    this.#startBuilding.run(now);
  }

  finishBuilding(): void {
    this.#finishBuilding.run();
  }

  /** Leaves in the tree. */
  size(): number {
    const last = this.#last.get();
    return last ? last.leaf + 1 : 0;
  }

  /** Log position of the last leaf, "0" for the empty tree. */
  position(): string {
    return this.#last.get()?.position ?? '0';
  }

  leafAt(index: number): TreeLeaf | undefined {
    const row = this.#leafAt.get(index);
    return row ? toLeaf(row) : undefined;
  }

  /** The leaf of the event at `position`: leaves follow the log, so their positions rise, and a search finds it. */
  leafByPosition(position: string): TreeLeaf | undefined {
    const wanted = BigInt(position);
    let low = 0;
    let high = this.size() - 1;
    while (low <= high) {
      const middle = Math.floor((low + high) / 2);
      const row = this.#leafAt.get(middle);
      if (!row) return undefined;
      const found = BigInt(row.position);
      if (found === wanted) return toLeaf(row);
      if (found < wanted) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** Up to `limit` leaves from `start`, in order. */
  leaves(start: number, limit: number): TreeLeaf[] {
    return this.#leafRange.all(start, limit).map(toLeaf);
  }

  /**
   * Adds the event as the next leaf, and returns its index; call it in the transaction that applies the event. With
   * `after`, only when the tree's last leaf is the event at that position ("0": the empty tree); undefined otherwise.
   */
  append(event: LeafEvent, options: { after?: string } = {}): number | undefined {
    return this.appendAll([event], options);
  }

  /**
   * Adds the events as the next leaves, in order, and returns the first one's index; call it in the transaction that
   * stores them. With `after`, only when the tree's last leaf is the event at that position ("0": the empty tree);
   * undefined otherwise. The same rows as appending each in turn, but a left sibling the call itself completed is
   * taken from memory, not read back.
   */
  appendAll(events: readonly LeafEvent[], options: { after?: string } = {}): number | undefined {
    const last = this.#last.get();
    if (options.after !== undefined && (last?.position ?? '0') !== options.after) return undefined;
    const eventHashes = events.map(eventLeaf);
    const first = last ? last.leaf + 1 : 0;
    // Complete subtrees made by this call (and the last leaf before it), by level and index.
    const made = new Map<string, Buffer>();
    if (last) made.set(`0/${last.leaf}`, leafHash(last.event_hash));
    eventHashes.forEach((eventHash, i) => {
      let index = first + i;
      this.#insertLeaf.run(index, events[i]!.position, eventHash);
      let hash = leafHash(eventHash);
      let level = 0;
      // Each odd index closes the subtree it shares with its left sibling, one level up.
      while (index % 2 === 1) {
        const left = made.get(`${level}/${index - 1}`) ?? this.#nodeHash(level, index - 1);
        hash = nodeHash(left, hash);
        level++;
        index = (index - 1) / 2;
        if (level % STRIDE === 0) this.#insertNode.run(level, index, hash);
      }
      // The largest subtree this leaf completed: the left sibling of the next subtree to close at its level.
      made.set(`${level}/${index}`, hash);
    });
    return first;
  }
  root(size = this.size()): Buffer {
    this.#assertWithin(size);
    return rootAt(this.source, size);
  }

  inclusionProof(index: number, size = this.size()): Buffer[] {
    this.#assertWithin(size);
    return inclusionProof(this.source, index, size);
  }

  consistencyProof(from: number, to = this.size()): Buffer[] {
    this.#assertWithin(to);
    return consistencyProof(this.source, from, to);
  }

  #assertWithin(size: number): void {
    const have = this.size();
    if (size > have) throw new RangeError(`the tree has ${have} leaves, not ${size}`);
  }

  /** A complete subtree: stored, or recomputed from the nearest stored level below it. */
  #nodeHash(level: number, index: number): Buffer {
    if (level === 0) {
      const row = this.#leafAt.get(index);
      if (!row) throw new RangeError(`no leaf ${index}`);
      return leafHash(row.event_hash);
    }
    const base = level - (level % STRIDE);
    if (base === level) {
      const row = this.#node.get(level, index);
      if (!row) throw new RangeError(`no node ${level}/${index}`);
      return row.hash;
    }
    const width = 2 ** (level - base);
    let hashes =
      base === 0
        ? this.leaves(index * width, width).map((leaf) => leafHash(leaf.eventHash))
        : this.#nodeRange.all(base, index * width, (index + 1) * width).map((row) => row.hash);
    if (hashes.length !== width) throw new RangeError(`no node ${level}/${index}`);
    while (hashes.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < hashes.length; i += 2) next.push(nodeHash(hashes[i]!, hashes[i + 1]!));
      hashes = next;
    }
    return hashes[0]!;
  }
}
