import type { ClusterEvent } from '../../domain/cluster/cluster.js';
import { type ClusterState, clusterDecider } from '../../domain/cluster/decider.js';
import type { Decider } from '../../domain/decider.js';
import { clusterStream, institutionStream, recommendationStream } from '../../domain/identity.js';
import {
  type InstitutionEvent,
  type InstitutionState,
  institutionDecider,
} from '../../domain/institution/institution.js';
import { type RecommendationState, recommendationDecider } from '../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { type Action, authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler, CommandStep, DomainEventShape, EventDecoder } from './command-handler.js';
import { accepted, type CommandContext, type CommandResponse, metadataFor } from './context.js';
import { type IdempotencyRecords, once } from './idempotency.js';

/** One command on one stream of a State's plan: idempotent, If-Match honoured, audited like every other. */
export interface PlannedRun<Command, Event, State> {
  context: CommandContext;
  id: string;
  stream: string;
  decider: Decider<Command, Event, State>;
  status: number;
  /** Loads what the rules need (other aggregates) and returns the command, built on the stream's state. */
  prepare: () => Promise<CommandStep<Command, State>>;
}

/** One kind of resource of the plan: the stream of an id, the decider that rules it, its events as it folds them. */
export interface PlannedKind<Command, Event, State> {
  stream: (id: string) => string;
  decider: Decider<Command, Event, State>;
  decode: EventDecoder<Event>;
}

/** Whether a resource exists, and then the State it belongs to. */
type Standing = { exists: false } | { exists: true; state: string };

export const INSTITUTIONS = {
  stream: institutionStream,
  decider: institutionDecider,
  decode: decodeEvent<InstitutionEvent>,
};
export const CLUSTERS = {
  stream: clusterStream,
  decider: clusterDecider,
  decode: decodeEvent<ClusterEvent>,
};

/** Runs commands on the streams of a State's plan, and loads the aggregates their rules look at. */
export class PlannedStreams {
  constructor(
    readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyRecords,
  ) {}

  run<Command, Event extends DomainEventShape, State>(
    run: PlannedRun<Command, Event, State>,
  ): Promise<CommandResponse> {
    const { context } = run;
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const step = await run.prepare();
      const outcome = await this.handler.run({
        stream: run.stream,
        decider: run.decider,
        decode: (recorded) => decodeEvent(recorded) as unknown as Event,
        commands: [step],
        ...(context.ifMatch !== undefined ? { ifMatch: context.ifMatch } : {}),
        metadata: metadataFor(context, record, run.status),
      });
      return accepted(run.id, run.status, outcome);
    });
  }

  /** A command creating the resource `id` (201): `command` loads what the rules need and builds it. */
  create<Command, Event extends DomainEventShape, State>(
    context: CommandContext,
    kind: PlannedKind<Command, Event, State>,
    id: string,
    command: () => Promise<Command>,
  ): Promise<CommandResponse> {
    return this.#decide(context, kind, id, 201, command, () => {});
  }

  /**
   * A command on the existing resource `id` (200): the role's right to `action` checked at once, a State token's
   * right to act for the resource's State once its stream is read. `command` loads what the rules need and builds it.
   */
  onExisting<Command, Event extends DomainEventShape, State extends Standing>(
    context: CommandContext,
    kind: PlannedKind<Command, Event, State>,
    id: string,
    action: Action,
    command: () => Promise<Command>,
  ): Promise<CommandResponse> {
    authorise(context.principal, action);
    return this.#decide(context, kind, id, 200, command, (state) => {
      const standing: Standing = state;
      if (standing.exists) authorise(context.principal, action, standing.state);
    });
  }

  /** Runs the command `command` builds on the stream of `id`, once `check` has passed on the stream's state. */
  #decide<Command, Event extends DomainEventShape, State>(
    context: CommandContext,
    kind: PlannedKind<Command, Event, State>,
    id: string,
    status: number,
    command: () => Promise<Command>,
    check: (state: State) => void,
  ): Promise<CommandResponse> {
    return this.run({
      context,
      id,
      stream: kind.stream(id),
      decider: kind.decider,
      status,
      prepare: async () => {
        const built = await command();
        const step: CommandStep<Command, State> = (state) => {
          check(state);
          return built;
        };
        return step;
      },
    });
  }

  /** The state of the resource `id` of a kind, folded from its stream. */
  async state<Event, State>(kind: PlannedKind<unknown, Event, State>, id: string): Promise<State> {
    const { state } = await this.handler.load({ stream: kind.stream(id), decider: kind.decider, decode: kind.decode });
    return state;
  }

  institution(id: string): Promise<InstitutionState> {
    return this.state(INSTITUTIONS, id);
  }

  cluster(id: string): Promise<ClusterState> {
    return this.state(CLUSTERS, id);
  }

  /** The named recommendations, each as its decider sees it (a missing one: not existing). */
  async recommendations(ids: readonly string[]): Promise<Map<string, RecommendationState>> {
    const found = new Map<string, RecommendationState>();
    for (const id of new Set(ids)) {
      const { state } = await this.handler.load({
        stream: recommendationStream(id),
        decider: recommendationDecider,
        decode: decodeEvent<RecommendationEvent>,
      });
      found.set(id, state);
    }
    return found;
  }
}
