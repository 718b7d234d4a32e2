/**
 * `followup verify`, in one pass over the log: every stream's hash chain; every token event's issuer; and, given a
 * checkpoint an auditor kept, whether the log's first events still have its signed root (which recomputed chains
 * cannot fake), naming what differs when the local tree can.
 */
import {
  evolveIssuers,
  type IssuerFault,
  issuerFault,
  noTokens,
  type TokenEventRecord,
  type TokenIssuers,
} from '../domain/token/issuers.js';
import type { Checkpoint } from '../eventstore/checkpoints/checkpoint-note.js';
import { type CheckpointFinding, CheckpointWalk } from '../eventstore/checkpoints/checkpoint-walk.js';
import type { LogTree } from '../eventstore/checkpoints/log-tree.js';
import { type VerifyChainsResult, verifyChains } from '../eventstore/integrity.js';
import { CorruptEvent, type EventStore, type ReadAllOptions, type RecordedEvent } from '../eventstore/port.js';
import { type Progress, silentProgress } from './progress.js';

export interface VerifyLogOptions {
  progress?: Progress;
  /** A checkpoint an auditor kept, its signature already verified with the pinned key. */
  checkpoint?: Checkpoint;
  /** The service's own copy of the tree: used to name differences only when its leaves hash to the signed root. */
  tree?: LogTree;
  /** Only events of these stream categories are in the tree (a replica on a shared log); default every event. */
  categories?: readonly string[];
  /** Whether an admin token is configured now: token events it recorded are then authorised. */
  configuredAdmin?: boolean;
}

/** A token event recorded by an actor that could not have recorded it. */
export interface UnauthorisedTokenEvent {
  position: string;
  stream: string;
  revision: number;
  type: string;
  actor: string;
  fault: IssuerFault;
}

export interface VerifyLogResult extends VerifyChainsResult {
  /** Chains, issuers and checkpoint all hold. */
  ok: boolean;
  chainsHold: boolean;
  tokenEvents: number;
  unauthorised: UnauthorisedTokenEvent[];
  checkpoint?: CheckpointFinding;
}

const categoryOf = (stream: string) => stream.slice(0, Math.max(0, stream.indexOf('-')));

export async function verifyLog(
  store: Pick<EventStore, 'readAll' | 'readStream' | 'headPosition'>,
  options: VerifyLogOptions = {},
): Promise<VerifyLogResult> {
  const progress = options.progress ?? silentProgress;
  const walk = options.checkpoint ? new CheckpointWalk(options.checkpoint, options.tree) : undefined;
  const inTree = (stream: string) => !options.categories || options.categories.includes(categoryOf(stream));
  const issuers = new IssuerCheck(options.configuredAdmin ?? false);
  let read = 0;
  // The chain check reads the log once through readAll; the checkpoint and the issuers look at the same events.
  const watching = {
    readStream: store.readStream.bind(store),
    readAll(readOptions?: ReadAllOptions): AsyncIterable<RecordedEvent> {
      const events = store.readAll(readOptions);
      return {
        async *[Symbol.asyncIterator]() {
          try {
            for await (const event of events) {
              if (++read % 1000 === 0) progress.update(read);
              if (inTree(event.stream)) walk?.see({ ...event, hash: event.metadata.hash });
              issuers.see(event);
              yield event;
            }
          } catch (error) {
            // An event that cannot be decoded still holds its place in the tree.
            if (error instanceof CorruptEvent && inTree(error.stream)) walk?.see({ ...error, hash: undefined });
            throw error;
          }
        },
      };
    },
  };
  progress.start(Number(await store.headPosition()));
  try {
    const chains = await verifyChains(watching);
    const checkpoint = walk?.finish();
    const holds = checkpoint?.holds ?? true;
    return {
      ...chains,
      ok: chains.ok && issuers.unauthorised.length === 0 && holds,
      chainsHold: chains.ok,
      tokenEvents: issuers.count,
      unauthorised: issuers.unauthorised,
      ...(checkpoint ? { checkpoint } : {}),
    };
  } finally {
    progress.update(read);
    progress.stop();
  }
}

/** Holds each token event to the domain's rule on who may issue and revoke tokens, in log order. */
class IssuerCheck {
  readonly unauthorised: UnauthorisedTokenEvent[] = [];
  count = 0;
  #state: TokenIssuers = noTokens();

  constructor(private readonly configuredAdmin: boolean) {}

  see(event: RecordedEvent): void {
    if (event.type !== 'TokenIssued' && event.type !== 'TokenRevoked') return;
    this.count++;
    const data = (event.data ?? {}) as { tokenId?: unknown; role?: unknown };
    const record: TokenEventRecord = {
      type: event.type,
      tokenId: String(data.tokenId ?? ''),
      ...(typeof data.role === 'string' ? { role: data.role } : {}),
      actor: { tokenId: String(event.metadata.actor?.tokenId ?? ''), role: String(event.metadata.actor?.role ?? '') },
    };
    const options = { configuredAdmin: this.configuredAdmin };
    const fault = issuerFault(this.#state, record, options);
    if (fault) {
      const { position, stream, revision, type } = event;
      this.unauthorised.push({ position, stream, revision, type, actor: record.actor.tokenId, fault });
    }
    this.#state = evolveIssuers(this.#state, record, options);
  }
}

/** One line per break, naming the stream and revision. */
export function describeBreaks(result: VerifyChainsResult): string[] {
  return result.breaks.map((b) => `${b.stream} revision ${b.revision}: ${b.reason}`);
}

const FAULTS: Record<IssuerFault, string> = {
  'unknown-issuer': 'no token of that id was issued before it',
  'not-an-admin': 'that token is not an admin',
  'revoked-issuer': 'that token was revoked before it',
  'unauthorised-issuer': 'that token was itself issued without authority',
  'system-after-first-admin': 'the service issues only the first admin, on a first start',
  'no-configured-admin': 'no admin token is configured',
};

/** One line per token event without an authorised issuer. */
export function describeUnauthorised(result: VerifyLogResult): string[] {
  return result.unauthorised.map(
    (e) =>
      `${e.stream} revision ${e.revision} (position ${e.position}): ${e.type} by ${e.actor || 'nobody'}, ` +
      `not authorised: ${FAULTS[e.fault]}`,
  );
}

/** What the log says against the checkpoint, one line each. */
export function describeCheckpoint(checkpoint: Checkpoint, finding: CheckpointFinding): string[] {
  const what = `checkpoint ${checkpoint.origin} of ${checkpoint.size} events (position ${checkpoint.position}, signed ${checkpoint.signedAt})`;
  const lines: string[] = [];
  if (finding.holds) {
    lines.push(`${what}: the log's first ${finding.size} events have its signed root`);
  } else if (finding.events < finding.size) {
    lines.push(`${what}: the log has only ${finding.events} events: events it covers were deleted`);
  } else {
    lines.push(
      `${what}: the log's first ${finding.size} events do NOT have its signed root: rewritten, deleted or inserted`,
    );
  }
  for (const d of finding.differences) {
    if (d.kind === 'deleted')
      lines.push(`  deleted: the event at position ${d.signedPosition} (leaf ${d.index}) is gone`);
    else if (d.kind === 'inserted') {
      lines.push(
        `  inserted: ${d.event.stream} revision ${d.event.revision} (position ${d.event.position}) is not in the checkpoint`,
      );
    } else {
      lines.push(
        `  rewritten: ${d.event.stream} revision ${d.event.revision} (position ${d.event.position}) is not the event signed at position ${d.signedPosition}`,
      );
    }
  }
  if (!finding.holds && !finding.located) {
    lines.push("  (the service's own tree does not match the checkpoint either, so the events cannot be named)");
  }
  if (finding.positionDiffers) {
    lines.push(
      `  the last covered event is at position ${finding.positionDiffers.found}, not ${finding.positionDiffers.signed}: the log was copied to another store`,
    );
  }
  if (finding.uncovered > 0) lines.push(`  ${finding.uncovered} events after it are not covered by it`);
  return lines;
}
