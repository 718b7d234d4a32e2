/**
 * A stand-in for `@eventstore/db-client` on a three-node cluster, for the adapter's tests where no server runs. It
 * keeps what the server's source says a node does (EventStoreDB 24.10, ClusterVNodeController): the leader writes;
 * a follower forwards a write to the leader, but answers a read from its own copy of the log, which lags; asked
 * for the leader (`requiresLeader`), a follower refuses with the leader's address, and the client connects there
 * for its next call (the client's handleError). A resend of the same ids at the same revision is stored once;
 * ids come back lower-case. Every call is recorded with its options; faults are scripted per method.
 */
import type {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  AppendResult,
  EventData,
  EventStoreDBClient,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
} from '@eventstore/db-client';
import {
  BACKWARDS,
  NO_STREAM,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

type Method = 'appendToStream' | 'readStream' | 'readAll';

interface StoredEvent {
  streamId: string;
  id: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
}

export interface Call {
  method: Method;
  node: 'leader' | 'follower';
  stream?: string;
  requiresLeader: boolean;
}

export interface Fault {
  method: Method;
  error: () => Error;
  /** For appendToStream: write first, then fail (the answer is lost after the commit). */
  afterCommit?: boolean;
  /** How many calls it hits; Infinity for all of them. Default 1. */
  times?: number;
}

/** A NotLeaderError as the client builds it from the server's answer (leader-endpoint-host and -port). */
export function notLeader(host = 'node1.eventstore', port = 2113): NotLeaderError {
  const answer = {
    metadata: { getMap: () => ({ 'leader-endpoint-host': host, 'leader-endpoint-port': String(port) }) },
  };
  return new NotLeaderError(answer as unknown as ConstructorParameters<typeof NotLeaderError>[0]);
}

export const unavailable = () => new UnavailableError();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ClusterClient {
  /** The leader's log; a follower has its first `replicated` events. */
  readonly log: StoredEvent[] = [];
  replicated = 0;
  connectedTo: 'leader' | 'follower' = 'leader';
  readonly calls: Call[] = [];
  readonly faults: Fault[] = [];
  #position = 100n;

  get client(): EventStoreDBClient {
    return this as unknown as EventStoreDBClient;
  }

  /** The follower catches up with the leader. */
  replicate(): void {
    this.replicated = this.log.length;
  }

  fail(fault: Fault): void {
    this.faults.push(fault);
  }

  async appendToStream(
    stream: string,
    events: EventData[],
    options: { expectedRevision: AppendExpectedRevision; requiresLeader?: boolean },
  ): Promise<AppendResult> {
    const fault = this.#call('appendToStream', stream, options.requiresLeader);
    if (fault && !fault.afterCommit) throw fault.error();
    // A follower forwards a write that does not ask for the leader: it lands on the leader all the same.
    const written = this.#append(stream, events, options.expectedRevision);
    if (fault) throw fault.error();
    return written;
  }

  readStream(stream: string, options: ReadStreamOptions = {}): AsyncIterable<ResolvedEvent> {
    const fault = this.#call('readStream', stream, options.requiresLeader);
    const log = this.#visible();
    const found = this.#stream(log, stream);
    return this.#answer(fault, () => {
      if (found.length === 0) throw new StreamNotFoundError(undefined, stream);
      const backwards = options.direction === BACKWARDS;
      const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : undefined;
      let events = backwards ? [...found].reverse() : found;
      if (from !== undefined) events = events.filter((e) => (backwards ? e.revision <= from : e.revision >= from));
      return events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved);
    });
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<AllStreamResolvedEvent> {
    const fault = this.#call('readAll', undefined, options.requiresLeader);
    const log = this.#visible();
    return this.#answer(fault, () => {
      const events = options.direction === BACKWARDS ? [...log].reverse() : log;
      return events.slice(0, Number(options.maxCount ?? Number.MAX_SAFE_INTEGER)).map(resolved);
    });
  }

  async dispose(): Promise<void> {}

  /** Records the call; a follower refuses a call asking for the leader, and the client turns to the leader. */
  #call(method: Method, stream: string | undefined, requiresLeader = false): Fault | undefined {
    this.calls.push({ method, node: this.connectedTo, requiresLeader, ...(stream ? { stream } : {}) });
    const index = this.faults.findIndex((fault) => fault.method === method);
    if (index >= 0) {
      const fault = this.faults[index]!;
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
      return fault;
    }
    if (requiresLeader && this.connectedTo === 'follower') {
      this.connectedTo = 'leader';
      return { method, error: () => notLeader() };
    }
    return undefined;
  }

  #visible(): StoredEvent[] {
    return this.connectedTo === 'leader' ? this.log : this.log.slice(0, this.replicated);
  }

  #stream(log: StoredEvent[], stream: string): StoredEvent[] {
    return log.filter((event) => event.streamId === stream);
  }

  #answer<T>(fault: Fault | undefined, events: () => T[]): AsyncIterable<T> {
    return {
      async *[Symbol.asyncIterator]() {
        if (fault) throw fault.error();
        yield* events();
      },
    };
  }

  #append(stream: string, events: EventData[], expected: AppendExpectedRevision): AppendResult {
    for (const event of events) if (!UUID.test(event.id)) throw new Error(`${event.id} is not a UUID`);
    const found = this.#stream(this.log, stream);
    const current = found.length === 0 ? NO_STREAM : BigInt(found.length - 1);
    const at = expected === NO_STREAM ? 0n : typeof expected === 'bigint' ? expected + 1n : BigInt(found.length);
    const already = found.slice(Number(at), Number(at) + events.length);
    // The server's idempotence: the same ids at the same place are this write again.
    if (already.length === events.length && already.every((e, i) => e.id === events[i]!.id.toLowerCase())) {
      return { success: true, nextExpectedRevision: already.at(-1)!.revision, position: position(already.at(-1)!) };
    }
    if ((typeof expected === 'bigint' || expected === NO_STREAM) && current !== expected) {
      throw new WrongExpectedVersionError(undefined, { streamName: stream, expected, current });
    }
    const first = BigInt(found.length);
    for (const [i, event] of events.entries()) this.#store(stream, first + BigInt(i), event);
    const last = this.log.at(-1)!;
    return { success: true, nextExpectedRevision: last.revision, position: position(last) };
  }

  #store(stream: string, revision: bigint, event: { id: string; type: string; data?: unknown; metadata?: unknown }) {
    this.#position += 100n;
    this.log.push({
      streamId: stream,
      id: event.id.toLowerCase(),
      revision,
      position: this.#position,
      type: event.type,
      data: event.data ?? {},
      metadata: event.metadata ?? {},
    });
  }
}

const position = (event: StoredEvent) => ({ commit: event.position, prepare: event.position });

function resolved(event: StoredEvent): ResolvedEvent & AllStreamResolvedEvent {
  return {
    event: {
      streamId: event.streamId,
      id: event.id,
      revision: event.revision,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      isJson: true,
      created: new Date(0),
      position: position(event),
    },
  } as ResolvedEvent & AllStreamResolvedEvent;
}
