import type { Decider } from '../domain/decider.js';
import {
  type AppendResult,
  type EventMetadataInput,
  type EventStore,
  type RecordedEvent,
  RevisionConflict,
} from '../eventstore/port.js';
import { PreconditionFailed } from './errors.js';
import { KeyedLock } from './stream-lock.js';

export interface DomainEventShape {
  type: string;
  data: unknown;
}

/** Turns a stored event into the event its decider folds; old schema versions are upcast here. */
export type EventDecoder<Event> = (recorded: RecordedEvent) => Event;

export interface CommandRun<Command, Event, State> {
  stream: string;
  decider: Decider<Command, Event, State>;
  decode: EventDecoder<Event>;
  /** Builds the command from the current state (authorising on it first); may throw a FollowupError. */
  command: (state: State) => Command;
  /** The revision `If-Match` named; without it the command is decided on the current state. */
  ifMatch?: number;
  metadata: EventMetadataInput;
}

export interface CommandOutcome extends AppendResult {
  /** False when the decider found nothing to change (e.g. revoking a revoked token). */
  changed: boolean;
}

const MAX_ATTEMPTS = 20;

/** Load → decide → append, deciding again when another writer got there first. */
export class CommandHandler {
  private readonly lock = new KeyedLock();

  constructor(private readonly store: EventStore) {}

  run<Command, Event extends DomainEventShape, State>(run: CommandRun<Command, Event, State>): Promise<CommandOutcome> {
    return this.lock.run(run.stream, () => this.attempt(run));
  }

  private async attempt<Command, Event extends DomainEventShape, State>(
    run: CommandRun<Command, Event, State>,
  ): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision, last } = await this.load(run);
      if (run.ifMatch !== undefined && run.ifMatch !== revision) throw new PreconditionFailed(run.ifMatch, revision);
      const events = run.decider.decide(run.command(state), state);
      if (events.length === 0) {
        return { changed: false, revision: revision ?? -1, position: last?.position ?? '0', events: [] };
      }
      try {
        const result = await this.store.append(
          run.stream,
          events.map((event) => ({ type: event.type, data: event.data, metadata: run.metadata })),
          { expectedRevision: revision ?? 'no_stream' },
        );
        return { ...result, changed: true };
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        if (run.ifMatch !== undefined) {
          throw new PreconditionFailed(run.ifMatch, typeof error.actual === 'number' ? error.actual : null);
        }
        if (attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The current state of one stream as its decider sees it, with the stream's revision (null: no stream). */
  async load<Event, State>(run: Pick<CommandRun<unknown, Event, State>, 'stream' | 'decider' | 'decode'>) {
    let state = run.decider.initialState();
    let revision: number | null = null;
    let last: RecordedEvent | undefined;
    for await (const recorded of this.store.readStream(run.stream)) {
      state = run.decider.evolve(state, run.decode(recorded));
      revision = recorded.revision;
      last = recorded;
    }
    return { state, revision, last };
  }
}
