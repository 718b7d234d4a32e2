import { NotFound } from '../../domain/errors.js';
import { recommendationStream, reportStream } from '../../domain/identity.js';
import {
  type AssessFollowUp,
  type IssueRecommendation,
  type ReceiveFollowUpReply,
  type RecommendationCommand,
  type RecordMeasure,
  type RespondToRecommendation,
  recommendationIdOf,
} from '../../domain/recommendation/commands.js';
import { type RecommendationState, recommendationDecider } from '../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { reportDecider } from '../../domain/report/decider.js';
import type { ReportEvent } from '../../domain/report/events.js';
import { type Action, authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler } from './command-handler.js';
import { type CommandContext, type CommandResponse, metadataFor } from './context.js';
import { type IdempotencyRecords, once } from './idempotency.js';

type OnExisting = Exclude<RecommendationCommand, { type: 'IssueRecommendation' }>;

/** Recommendations: issued by a mechanism, answered and implemented by the State, followed up and graded. */
export class RecommendationCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyRecords,
  ) {}

  issue(context: CommandContext, data: IssueRecommendation): Promise<CommandResponse> {
    authorise(context.principal, 'IssueRecommendation', data.state);
    const id = recommendationIdOf(data);
    return this.run(context, id, 201, async () => {
      const report = data.reportId
        ? (
            await this.handler.load({
              stream: reportStream(data.reportId),
              decider: reportDecider,
              decode: decodeEvent<ReportEvent>,
            })
          ).state
        : undefined;
      return () => ({ type: 'IssueRecommendation', data, ...(report ? { report } : {}) });
    });
  }

  respond(context: CommandContext, id: string, data: RespondToRecommendation) {
    return this.onExisting(context, id, 'RespondToRecommendation', { type: 'RespondToRecommendation', data });
  }

  recordMeasure(context: CommandContext, id: string, data: RecordMeasure) {
    return this.onExisting(context, id, 'RecordMeasure', { type: 'RecordMeasure', data });
  }

  receiveFollowUpReply(context: CommandContext, id: string, data: ReceiveFollowUpReply) {
    return this.onExisting(context, id, 'ReceiveFollowUpReply', { type: 'ReceiveFollowUpReply', data });
  }

  assessFollowUp(context: CommandContext, id: string, data: AssessFollowUp) {
    return this.onExisting(context, id, 'AssessFollowUp', { type: 'AssessFollowUp', data });
  }

  /** A command on an issued recommendation, authorised against the State it concerns. */
  private onExisting(context: CommandContext, id: string, action: Action, command: OnExisting) {
    authorise(context.principal, action);
    return this.run(context, id, 200, async () => (state: RecommendationState) => {
      if (!state.exists) throw new NotFound(`recommendation ${id} does not exist`);
      authorise(context.principal, action, state.state);
      return command;
    });
  }

  private run(
    context: CommandContext,
    id: string,
    status: number,
    prepare: () => Promise<(state: RecommendationState) => RecommendationCommand>,
  ): Promise<CommandResponse> {
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const command = await prepare();
      const outcome = await this.handler.run({
        stream: recommendationStream(id),
        decider: recommendationDecider,
        decode: decodeEvent<RecommendationEvent>,
        command,
        ...(context.ifMatch !== undefined ? { ifMatch: context.ifMatch } : {}),
        metadata: metadataFor(context, record, status),
      });
      return {
        status,
        body: { id, revision: outcome.revision, position: outcome.position, events: outcome.events.map((e) => e.type) },
      };
    });
  }
}
