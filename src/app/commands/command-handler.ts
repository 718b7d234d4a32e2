import type { Decider } from '../../domain/decider.js';
import { schemaVersionOf } from '../../domain/upcasting.js';
import { appendBatch } from '../../eventstore/batch.js';
import {
  type AppendResult,
  type EventMetadataInput,
  type EventStore,
  type RecordedEvent,
  RevisionConflict,
} from '../../eventstore/port.js';
import { PreconditionFailed } from './errors.js';
import { KeyedLock } from './stream-lock.js';

export interface DomainEventShape {
  type: string;
  data: unknown;
}

/** Turns a stored event into the event its decider folds; old schema versions are upcast here. */
export type EventDecoder<Event> = (recorded: RecordedEvent) => Event;

/** Builds a command from the state it will be decided on (authorising on it first); may throw a FollowupError. */
export type CommandStep<Command, State> = (state: State) => Command;

export interface CommandRun<Command, Event, State> {
  stream: string;
  decider: Decider<Command, Event, State>;
  decode: EventDecoder<Event>;
  /**
   * The commands, decided in turn, each on the state the events of those before it leave: all their events go in one
   * append, or none does (a refusal of any refuses the run).
   */
  commands: readonly CommandStep<Command, State>[];
  /** The revision `If-Match` named; without it the commands are decided on the current state. */
  ifMatch?: number;
  /**
   * The caller knows the stream is new (the read models commit with the log): decide on the initial state without
   * reading it. The append still expects no stream, so a wrong guess is decided again on a fresh read.
   */
  isNew?: boolean;
  /**
   * False when the stream is unlikely to be commanded again soon (an import touches each once): its folded state is
   * not kept in the cache, where it would only push out others and keep memory busy.
   */
  keepState?: boolean;
  metadata: EventMetadataInput;
}

export interface CommandOutcome extends AppendResult {
  /** False when the decider found nothing to change (e.g. revoking a revoked token). */
  changed: boolean;
}

/** What became of one run of a batch: its outcome, or why it was refused. */
export type BatchRunOutcome = { ok: true; outcome: CommandOutcome } | { ok: false; error: unknown };

const MAX_ATTEMPTS = 20;
/** Streams whose folded state is kept between commands; the least recently used is forgotten first. */
const CACHED_STREAMS = 10_000;

interface Loaded<State> {
  state: State;
  revision: number | null;
  lastPosition: string | undefined;
}

/** Folded states by stream with the revision they reflect: a guess checked by the store's revision check. */
class StreamStates {
  private readonly entries = new Map<string, Loaded<unknown> & { decider: unknown }>();

  get<State>(stream: string, decider: unknown): Loaded<State> | undefined {
    const entry = this.entries.get(stream);
    if (!entry || entry.decider !== decider) return undefined;
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry as Loaded<State>;
  }

  set<State>(stream: string, decider: unknown, loaded: Loaded<State>): void {
    this.entries.delete(stream);
    this.entries.set(stream, { ...loaded, decider });
    if (this.entries.size > CACHED_STREAMS) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(stream: string): void {
    this.entries.delete(stream);
  }
}

/** The events of every command of a run, each decided on the state the events before it leave. */
function decideAll<Command, Event, State>(run: CommandRun<Command, Event, State>, initial: State): Event[] {
  const events: Event[] = [];
  let state = initial;
  for (const step of run.commands) {
    const decided = run.decider.decide(step(state), state);
    events.push(...decided);
    state = decided.reduce(run.decider.evolve, state);
  }
  return events;
}

/**
 * Load → decide → append, deciding again when another writer got there first. The state folded by the last
 * command on a stream is reused for the next one without reading the stream: the append still names the revision
 * that state reflects, so if anyone wrote since, the store refuses it and the command is decided on a fresh read.
 * Any outcome other than an append (a refusal, nothing to change, 412) is likewise confirmed on a fresh read.
 * Without If-Match the append also carries the decision itself: a store that can (PostgreSQL) takes a lost race
 * again under its lock on the newer events, so a busy writer in another process cannot win every race.
 */
export class CommandHandler {
  private readonly lock = new KeyedLock();
  private readonly states = new StreamStates();

  constructor(private readonly store: EventStore) {}

  run<Command, Event extends DomainEventShape, State>(run: CommandRun<Command, Event, State>): Promise<CommandOutcome> {
    return this.lock.run(run.stream, () => this.attempt(run));
  }

  private async attempt<Command, Event extends DomainEventShape, State>(
    run: CommandRun<Command, Event, State>,
  ): Promise<CommandOutcome> {
    let cached =
      this.states.get<State>(run.stream, run.decider) ??
      (run.isNew ? { state: run.decider.initialState(), revision: null, lastPosition: undefined } : undefined);
    for (let attempt = 1; ; attempt++) {
      const guessed = cached !== undefined;
      const { state, revision, lastPosition } = cached ?? (await this.load(run));
      cached = undefined;
      let events: Event[];
      try {
        if (run.ifMatch !== undefined && run.ifMatch !== revision) throw new PreconditionFailed(run.ifMatch, revision);
        events = decideAll(run, state);
      } catch (error) {
        if (guessed) continue;
        throw error;
      }
      if (events.length === 0) {
        if (guessed) continue;
        return { changed: false, revision: revision ?? -1, position: lastPosition ?? '0', events: [] };
      }
      const toNew = (decided: Event[]) =>
        decided.map((event) => ({
          type: event.type,
          data: event.data,
          metadata: { ...run.metadata, schemaVersion: schemaVersionOf(event.type) },
        }));
      // Without If-Match, a store that can decides again under its lock on the events another writer added.
      let decidedOn = state;
      const redecide = (newer: readonly RecordedEvent[]) => {
        decidedOn = newer.reduce((s, recorded) => run.decider.evolve(s, run.decode(recorded)), state);
        return toNew(decideAll(run, decidedOn));
      };
      try {
        const result = await this.store.append(run.stream, toNew(events), {
          expectedRevision: revision ?? 'no_stream',
          ...(run.ifMatch === undefined ? { redecide } : {}),
        });
        if (result.events.length === 0) {
          this.states.delete(run.stream);
          return { ...result, changed: false };
        }
        const next = result.events.reduce((s, recorded) => run.decider.evolve(s, run.decode(recorded)), decidedOn);
        this.states.set(run.stream, run.decider, {
          state: next,
          revision: result.revision,
          lastPosition: result.position,
        });
        return { ...result, changed: true };
      } catch (error) {
        this.states.delete(run.stream);
        if (!(error instanceof RevisionConflict)) throw error;
        if (run.ifMatch !== undefined) {
          throw new PreconditionFailed(run.ifMatch, typeof error.actual === 'number' ? error.actual : null);
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * Many runs, each on its own stream, decided in turn and appended in one batch of the store (one transaction where
   * the store can). A run whose append conflicts, or that was decided on a guess the decider refused, goes through
   * `run` again, deciding on a fresh read: the batch is a faster path to the same outcomes, never another rule.
   */
  async runBatch<Command, Event extends DomainEventShape, State>(
    runs: readonly CommandRun<Command, Event, State>[],
  ): Promise<BatchRunOutcome[]> {
    const outcomes: (BatchRunOutcome | undefined)[] = new Array(runs.length);
    const again: number[] = [];
    const decided: { index: number; loaded: Loaded<State>; events: Event[] }[] = [];
    for (const [index, run] of runs.entries()) {
      const cached = this.states.get<State>(run.stream, run.decider);
      const guessed = cached !== undefined || run.isNew === true;
      const loaded =
        cached ??
        (run.isNew
          ? { state: run.decider.initialState(), revision: null, lastPosition: undefined }
          : await this.load(run));
      try {
        decided.push({ index, loaded, events: decideAll(run, loaded.state) });
      } catch (error) {
        if (guessed) again.push(index);
        else outcomes[index] = { ok: false, error };
      }
    }
    const appending = decided.filter(({ index, loaded, events }) => {
      if (events.length > 0) return true;
      const { revision, lastPosition } = loaded;
      outcomes[index] = {
        ok: true,
        outcome: { changed: false, revision: revision ?? -1, position: lastPosition ?? '0', events: [] },
      };
      return false;
    });
    const appended = await appendBatch(
      this.store,
      appending.map(({ index, loaded, events }) => {
        const run = runs[index]!;
        return {
          stream: run.stream,
          events: events.map((event) => ({
            type: event.type,
            data: event.data,
            metadata: { ...run.metadata, schemaVersion: schemaVersionOf(event.type) },
          })),
          expectedRevision: loaded.revision ?? 'no_stream',
        };
      }),
    );
    for (const [i, { index, loaded }] of appending.entries()) {
      const run = runs[index]!;
      const result = appended[i]!;
      if (result.ok) {
        if (run.keepState === false) {
          this.states.delete(run.stream);
        } else {
          const next = result.result.events.reduce(
            (s, recorded) => run.decider.evolve(s, run.decode(recorded)),
            loaded.state,
          );
          this.states.set(run.stream, run.decider, {
            state: next,
            revision: result.result.revision,
            lastPosition: result.result.position,
          });
        }
        outcomes[index] = { ok: true, outcome: { ...result.result, changed: true } };
      } else {
        this.states.delete(run.stream);
        if (result.error instanceof RevisionConflict) again.push(index);
        else outcomes[index] = { ok: false, error: result.error };
      }
    }
    for (const index of again) {
      const run = runs[index]!;
      this.states.delete(run.stream);
      outcomes[index] = await this.run({ ...run, isNew: false }).then(
        (outcome): BatchRunOutcome => ({ ok: true, outcome }),
        (error: unknown): BatchRunOutcome => ({ ok: false, error }),
      );
    }
    return outcomes as BatchRunOutcome[];
  }

  /** The current state of one stream as its decider sees it, with the stream's revision (null: no stream). */
  async load<Event, State>(
    run: Pick<CommandRun<unknown, Event, State>, 'stream' | 'decider' | 'decode'>,
  ): Promise<Loaded<State>> {
    let state = run.decider.initialState();
    let revision: number | null = null;
    let lastPosition: string | undefined;
    for await (const recorded of this.store.readStream(run.stream)) {
      state = run.decider.evolve(state, run.decode(recorded));
      revision = recorded.revision;
      lastPosition = recorded.position;
    }
    const loaded = { state, revision, lastPosition };
    this.states.set(run.stream, run.decider, loaded);
    return loaded;
  }
}
