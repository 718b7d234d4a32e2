/**
 * The audit hash chain. Each event's metadata carries `hash` = SHA-256 (hex) over the RFC 8785 canonical JSON of
 * `{ event, previousHash }`, where `event` is `{ id, stream, revision, type, data, metadata }` without `hash` and
 * `previousHash` (and without the global position, which the store assigns after hashing), and `previousHash` is
 * the hash of the previous event of the same stream (null for revision 0).
 *
 * The chain proves that no event was altered, removed from the middle or moved within its stream. Removing the
 * last events of a stream, or a whole stream, leaves no trace in the chain itself: pass the expected heads
 * (from a record kept elsewhere) to detect that too.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json.js';
import { CorruptEvent, type EventMetadata, type EventStore, type RecordedEvent } from './port.js';

export type BreakReason = 'altered' | 'missing' | 'reordered';

export interface ChainBreak {
  stream: string;
  revision: number;
  reason: BreakReason;
}

export type VerifyResult = { ok: true } | { ok: false; revision: number; reason: BreakReason };

/** What the hash covers; `metadata` may still hold `hash` and `previousHash`, they are left out. */
export interface HashedEvent {
  id: string;
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Omit<EventMetadata, 'hash' | 'previousHash'> & { hash?: string; previousHash?: string | null };
}

/** The expected last revision (and optionally its hash) of a stream, from a record kept outside the log. */
export interface StreamHead {
  revision: number;
  hash?: string;
}

export function eventHash(event: HashedEvent, previousHash: string | null): string {
  const { hash: _hash, previousHash: _previous, ...metadata } = event.metadata;
  const { id, stream, revision, type, data } = event;
  const text = canonicalJson({ event: { id, stream, revision, type, data, metadata }, previousHash });
  return createHash('sha256').update(text).digest('hex');
}

function selfConsistent(event: RecordedEvent, revision = event.revision): boolean {
  return eventHash({ ...event, revision }, event.metadata.previousHash) === event.metadata.hash;
}

/** The revision an event had when hashed, found by walking its chain back to revision 0 (undefined if broken). */
function chainDepth(event: RecordedEvent, byHash: ReadonlyMap<string, RecordedEvent>): number | undefined {
  const seen = new Set<string>();
  let depth = 0;
  let previous = event.metadata.previousHash;
  while (previous !== null) {
    const before = byHash.get(previous);
    if (!before || seen.has(previous)) return undefined;
    seen.add(previous);
    previous = before.metadata.previousHash;
    depth++;
  }
  return depth;
}

/** Why an event's own hash does not match: moved to another revision, shifted down by removals, or altered. */
function explainMismatch(event: RecordedEvent, byHash: ReadonlyMap<string, RecordedEvent>): BreakReason {
  const depth = chainDepth(event, byHash);
  if (depth !== undefined && depth !== event.revision && selfConsistent(event, depth)) return 'reordered';
  for (let shift = 1; shift <= 16; shift++) {
    if (selfConsistent(event, event.revision + shift)) return 'missing';
    if (event.revision - shift >= 0 && selfConsistent(event, event.revision - shift)) return 'reordered';
  }
  return 'altered';
}

/**
 * Every break in one stream's events (any order; they are sorted by revision), first revision first. From revision
 * `from` on (a page of the stream): the first event's own hash is checked, and its link back is taken as it claims.
 */
export function findBreaks(events: readonly RecordedEvent[], head?: StreamHead, from = 0): ChainBreak[] {
  const sorted = [...events].sort((a, b) => a.revision - b.revision);
  const byHash = new Map(sorted.map((event) => [event.metadata.hash, event] as const));
  const breaks: ChainBreak[] = [];
  const stream = sorted[0]?.stream ?? '';
  const report = (revision: number, reason: BreakReason) => breaks.push({ stream, revision, reason });
  let expected = from;
  let previousHash: string | null = from > 0 && sorted[0] ? sorted[0].metadata.previousHash : null;
  let previousClean = true;
  for (const event of sorted) {
    let gap = false;
    if (event.revision < expected) {
      report(event.revision, 'reordered');
      continue;
    }
    if (event.revision > expected) {
      report(expected, 'missing');
      gap = true;
    }
    let clean = selfConsistent(event);
    if (!clean) {
      report(event.revision, explainMismatch(event, byHash));
    } else if (!gap && previousClean && event.metadata.previousHash !== previousHash) {
      // Intact itself, but not chained to its intact predecessor: that one was replaced, or this one moved.
      const linked = event.metadata.previousHash !== null && byHash.has(event.metadata.previousHash);
      if (linked) report(event.revision, 'reordered');
      else report(event.revision - 1, 'altered');
      clean = false;
    }
    previousHash = event.metadata.hash;
    previousClean = clean;
    expected = event.revision + 1;
  }
  if (head) {
    const last = sorted.at(-1);
    if (!last || last.revision < head.revision) report(last ? last.revision + 1 : 0, 'missing');
    else if (head.hash !== undefined && last.revision === head.revision && last.metadata.hash !== head.hash) {
      report(last.revision, 'altered');
    }
  }
  return breaks;
}

/**
 * Checks one stream's events, from revision 0 or from `from` (a page and the event before it); names the first broken
 * revision.
 */
export function verifyStream(
  events: readonly RecordedEvent[],
  options: { head?: StreamHead; from?: number } = {},
): VerifyResult {
  const first = findBreaks(events, options.head, options.from)[0];
  return first ? { ok: false, revision: first.revision, reason: first.reason } : { ok: true };
}

export interface VerifyChainsOptions {
  /** Expected heads of streams (e.g. from a record kept elsewhere), to detect removed last events or streams. */
  heads?: Iterable<readonly [stream: string, head: StreamHead]>;
}

export interface VerifyChainsResult {
  ok: boolean;
  /** Events read. */
  events: number;
  streams: number;
  breaks: ChainBreak[];
}

type Readable = Pick<EventStore, 'readAll' | 'readStream'>;

/** One stream, read fully; events that cannot be decoded are reported as altered. */
async function inspectStream(store: Readable, stream: string, head?: StreamHead): Promise<ChainBreak[]> {
  const events: RecordedEvent[] = [];
  const corrupt = new Set<number>();
  let from = 0;
  for (;;) {
    try {
      for await (const event of store.readStream(stream, { fromRevision: from })) events.push(event);
      break;
    } catch (error) {
      if (!(error instanceof CorruptEvent)) throw error;
      corrupt.add(error.revision);
      from = error.revision + 1;
    }
  }
  const breaks = findBreaks(events, head)
    .filter((b) => !(corrupt.has(b.revision) && b.reason === 'missing'))
    .map((b) => ({ ...b, stream }));
  for (const revision of corrupt) breaks.push({ stream, revision, reason: 'altered' });
  return breaks.sort((a, b) => a.revision - b.revision);
}

/**
 * Walks the whole log once, keeping only each stream's last revision and hash; a stream that looks wrong is then
 * read on its own to name every broken revision. Memory grows with the number of streams, not of events.
 */
export async function verifyChains(store: Readable, options: VerifyChainsOptions = {}): Promise<VerifyChainsResult> {
  const tips = new Map<string, { next: number; hash: string | null }>();
  const suspect = new Set<string>();
  let count = 0;
  let after: string | undefined;
  for (;;) {
    try {
      for await (const event of store.readAll(after === undefined ? {} : { after })) {
        after = event.position;
        count++;
        const tip = tips.get(event.stream) ?? { next: 0, hash: null };
        tips.set(event.stream, { next: event.revision + 1, hash: event.metadata.hash });
        if (suspect.has(event.stream)) continue;
        const chained = event.revision === tip.next && event.metadata.previousHash === tip.hash;
        if (!chained || !selfConsistent(event)) suspect.add(event.stream);
      }
      break;
    } catch (error) {
      if (!(error instanceof CorruptEvent)) throw error;
      after = error.position;
      count++;
      suspect.add(error.stream);
      const tip = tips.get(error.stream);
      tips.set(error.stream, { next: Math.max(tip?.next ?? 0, error.revision + 1), hash: null });
    }
  }
  const heads = new Map(options.heads ?? []);
  for (const [stream, head] of heads) {
    const tip = tips.get(stream);
    if (!tip || tip.next - 1 !== head.revision || (head.hash !== undefined && tip.hash !== head.hash)) {
      suspect.add(stream);
    }
  }
  const breaks: ChainBreak[] = [];
  for (const stream of suspect) breaks.push(...(await inspectStream(store, stream, heads.get(stream))));
  return { ok: breaks.length === 0, events: count, streams: tips.size, breaks };
}
