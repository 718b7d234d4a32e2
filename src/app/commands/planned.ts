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
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler, CommandStep, DomainEventShape } from './command-handler.js';
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

  async institution(id: string): Promise<InstitutionState> {
    const { state } = await this.handler.load({
      stream: institutionStream(id),
      decider: institutionDecider,
      decode: decodeEvent<InstitutionEvent>,
    });
    return state;
  }

  async cluster(id: string): Promise<ClusterState> {
    const { state } = await this.handler.load({
      stream: clusterStream(id),
      decider: clusterDecider,
      decode: decodeEvent<ClusterEvent>,
    });
    return state;
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
