/**
 * Signed checkpoints of the log and the proofs that tie events and older checkpoints to them. The signer never signs
 * a tree whose beginning differs from the last checkpoint it signed (C2SP tlog-checkpoint forbids it), nor a tree
 * that is not in step with the log the read models applied.
 */
import type { Database } from 'better-sqlite3';
import { InvalidInput, LifecycleConflict, NotFound } from '../../domain/errors.js';
import { type SignedCheckpoint, signCheckpoint } from '../../eventstore/checkpoints/checkpoint-note.js';
import type { LogTree } from '../../eventstore/checkpoints/log-tree.js';
import { SignedCheckpoints } from '../../eventstore/checkpoints/signed-checkpoints.js';
import type { SigningKey, VerifierKey } from '../../eventstore/checkpoints/signing-key.js';
import { leafHash } from '../../eventstore/checkpoints/tree-hash.js';
import type { EventFilter, EventStore } from '../../eventstore/port.js';
import { CheckpointsUnavailable } from './errors.js';
import { buildLogTree } from './tree-build.js';
import type { CheckpointView, ConsistencyProofView, InclusionProofView } from './views.js';

export interface CheckpointsOptions {
  db: Database;
  tree: LogTree;
  /** The log, to build the tree of a log that had events before it. */
  store: Pick<EventStore, 'readAll'>;
  /** The categories the read models follow (a replica's filter); the tree follows the same events. */
  filter?: EventFilter;
  /** The position the read models applied last: the tree must be there to be signed. */
  appliedPosition: () => string;
  /** No key: checkpoints are not signed (proofs still answer for any size of the tree). */
  key?: SigningKey | undefined;
  now?: () => Date;
}

const b64 = (hash: Buffer) => hash.toString('base64');

export class Checkpoints {
  readonly #options: CheckpointsOptions;
  readonly #signed: SignedCheckpoints;
  #timer: NodeJS.Timeout | undefined;
  #building: Promise<void> | undefined;

  constructor(options: CheckpointsOptions) {
    this.#options = options;
    this.#signed = new SignedCheckpoints(options.db);
  }

  /** The service's own copy of the log's tree (verify names differences with it when it matches a checkpoint). */
  get tree(): LogTree {
    return this.#options.tree;
  }

  /** Whether a signing key is configured. */
  get signing(): boolean {
    return this.#options.key !== undefined;
  }

  /** The public half of the signing key, for auditors to pin (out of band). */
  get verifier(): VerifierKey | undefined {
    return this.#options.key?.verifier;
  }

  /** Leaves in the tree, and whether it follows the log (false while it is built, or when events skipped it). */
  state(): { size: number; position: string; building: boolean; inStep: boolean } {
    const { tree } = this.#options;
    const position = tree.position();
    const building = tree.building();
    return { size: tree.size(), position, building, inStep: !building && position === this.#options.appliedPosition() };
  }

  latest(): SignedCheckpoint | undefined {
    return this.#signed.latest();
  }

  /** Signs the tree as it is now; when the last checkpoint already covers it, answers that one. */
  sign(): { checkpoint: SignedCheckpoint; created: boolean } {
    const { key, tree, db } = this.#options;
    if (!key) throw new CheckpointsUnavailable('this service signs no checkpoints: no signing key is configured');
    return db.transaction(() => {
      const state = this.state();
      if (state.building)
        throw new CheckpointsUnavailable(`the log's tree is being built (${state.size} events so far)`);
      if (!state.inStep) {
        throw new CheckpointsUnavailable(
          `the log's tree stops at position ${state.position} but the read models are at ${this.#options.appliedPosition()}: ` +
            'events were written behind the service; run followup verify',
        );
      }
      const last = this.#signed.latest();
      if (last && last.size === state.size && last.keyId === key.verifier.keyId.toString('hex')) {
        return { checkpoint: last, created: false };
      }
      if (last && (last.size > state.size || !tree.root(last.size).equals(last.root))) {
        throw new CheckpointsUnavailable(
          `the log's tree no longer extends the checkpoint signed at ${last.size} events: ` +
            'the log was rewritten or replaced; run followup verify with that checkpoint',
        );
      }
      const checkpoint = signCheckpoint(
        {
          origin: key.name,
          size: state.size,
          root: tree.root(state.size),
          position: state.position,
          signedAt: (this.#options.now?.() ?? new Date()).toISOString(),
        },
        key,
      );
      this.#signed.record(checkpoint);
      return { checkpoint, created: true };
    })();
  }

  /** Signs when the log grew since the last checkpoint; what it signed, if it did. */
  signIfGrown(): SignedCheckpoint | undefined {
    if (!this.signing) return undefined;
    const state = this.state();
    if (state.building || (this.latest()?.size ?? -1) >= state.size) return undefined;
    const { checkpoint, created } = this.sign();
    return created ? checkpoint : undefined;
  }

  /** Signs at once if the log grew, then every `intervalMs` (0: never again); failures go to `onError`. */
  startSigning(intervalMs: number, onError: (error: unknown) => void, onSigned?: (c: SignedCheckpoint) => void): void {
    if (!this.signing || this.#timer) return;
    const tick = () => {
      try {
        const signed = this.signIfGrown();
        if (signed) onSigned?.(signed);
      } catch (error) {
        onError(error);
      }
    };
    tick();
    if (intervalMs <= 0) return;
    this.#timer = setInterval(tick, intervalMs);
    this.#timer.unref();
  }

  stopSigning(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Builds the tree of a log that had events before it; at once when there is nothing to build. */
  build(progress?: (leaves: number) => void): Promise<void> {
    const { store, db, tree, filter } = this.#options;
    this.#building ??= buildLogTree({
      store,
      db,
      tree,
      ...(filter ? { filter } : {}),
      ...(progress ? { progress } : {}),
    }).finally(() => {
      this.#building = undefined;
    });
    return this.#building;
  }

  /** The proof that the event at `position` is leaf `leafIndex` of the tree of `treeSize` (default: the last checkpoint's). */
  inclusion(position: string, treeSize?: number): InclusionProofView {
    const { tree } = this.#options;
    const leaf = tree.leafByPosition(position);
    if (!leaf) throw new NotFound(`no event at position ${position} in the log's tree`);
    const size = treeSize ?? this.#defaultSize();
    this.#assertSize('treeSize', size);
    if (leaf.index >= size) {
      throw new LifecycleConflict(
        `the event at position ${position} is leaf ${leaf.index}, after the tree of ${size}: ` +
          'it is covered by the next checkpoint',
      );
    }
    return {
      position,
      leafIndex: leaf.index,
      treeSize: size,
      eventHash: leaf.eventHash.toString('hex'),
      leafHash: b64(leafHash(leaf.eventHash)),
      rootHash: b64(tree.root(size)),
      proof: tree.inclusionProof(leaf.index, size).map(b64),
    };
  }

  /** The proof that the tree of `from` leaves is a prefix of the tree of `to` (default: the last checkpoint's). */
  consistency(from: number, to?: number): ConsistencyProofView {
    const { tree } = this.#options;
    const size = to ?? this.#defaultSize();
    this.#assertSize('to', size);
    if (from < 1 || from > size) throw new InvalidInput(`from must be between 1 and ${size}`);
    return {
      from,
      to: size,
      fromRoot: b64(tree.root(from)),
      toRoot: b64(tree.root(size)),
      proof: tree.consistencyProof(from, size).map(b64),
    };
  }

  #defaultSize(): number {
    return this.latest()?.size ?? this.#options.tree.size();
  }

  #assertSize(name: string, size: number): void {
    const state = this.state();
    if (state.building) throw new CheckpointsUnavailable(`the log's tree is being built (${state.size} events so far)`);
    if (size > state.size) throw new InvalidInput(`${name} ${size} is beyond the log's tree of ${state.size} events`);
  }
}

/** A signed checkpoint as the API answers it. */
export const checkpointView = (checkpoint: SignedCheckpoint): CheckpointView => ({
  origin: checkpoint.origin,
  treeSize: checkpoint.size,
  rootHash: checkpoint.root.toString('base64'),
  position: checkpoint.position,
  signedAt: checkpoint.signedAt,
  keyId: checkpoint.keyId,
  note: checkpoint.note,
});
