import { institutionStream, recommendationStream } from '../../domain/identity.js';
import { type InstitutionEvent, institutionDecider } from '../../domain/institution/institution.js';
import {
  type AssessFollowUp,
  type AssignResponsibility,
  type CloseFollowUp,
  type IssueRecommendation,
  type ReceiveFollowUpReply,
  type RecommendationCommand,
  type RecordMeasure,
  type RecordMidTermReport,
  type RecordNotStarted,
  type RequestFurtherInformation,
  type RespondToRecommendation,
  recommendationIdOf,
  type SendFollowUpReminder,
  type TranslateRecommendationText,
} from '../../domain/recommendation/commands.js';
import { type RecommendationState, recommendationDecider } from '../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { sourceRevision } from '../../domain/recommendation/revise.js';
import { type VisitEvent, type VisitState, visitDecider, visitStream } from '../../domain/special-procedure/visit.js';
import { type Action, authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { BatchRunOutcome, CommandHandler, CommandRun, CommandStep } from './command-handler.js';
import { accepted, type CommandContext, type CommandResponse, metadataFor } from './context.js';
import { type IdempotencyRecords, once } from './idempotency.js';
import { reportState } from './reports.js';

type OnExisting = Exclude<RecommendationCommand, { type: 'IssueRecommendation' }>;

/** A recommendation as a source gives it: issued if new, revised (only what changed) if recorded before. */
export interface FromSource {
  issue: IssueRecommendation;
  response?: RespondToRecommendation;
  /** The caller found it in the read models: revise it; otherwise issue it without reading its stream first. */
  recorded: boolean;
}
type Step = CommandStep<RecommendationCommand, RecommendationState>;

/** Recommendations: issued by a mechanism, answered and implemented by the State, followed up and graded. */
export class RecommendationCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyRecords,
  ) {}

  issue(context: CommandContext, data: IssueRecommendation): Promise<CommandResponse> {
    return this.issueWith(context, data);
  }

  /**
   * Issues a recommendation with the State's response to it in one append, or neither: what an import records.
   * `isNew`: the caller found no such recommendation in the read models, so its stream is not read first.
   */
  issueWith(
    context: CommandContext,
    data: IssueRecommendation,
    response?: RespondToRecommendation,
    options: { isNew?: boolean } = {},
  ): Promise<CommandResponse> {
    authorise(context.principal, 'IssueRecommendation', data.state);
    if (response) authorise(context.principal, 'RespondToRecommendation', data.state);
    const id = recommendationIdOf(data);
    return this.run(
      context,
      id,
      201,
      async () => {
        const report = data.reportId ? await reportState(this.handler, data.reportId) : undefined;
        const visit = data.visitId !== undefined ? await this.visit(data.visitId) : undefined;
        const issue: Step = () => ({
          type: 'IssueRecommendation',
          data,
          ...(report ? { report } : {}),
          ...(visit ? { visit } : {}),
        });
        return response ? [issue, () => ({ type: 'RespondToRecommendation', data: response })] : [issue];
      },
      options.isNew === true,
    );
  }

  respond(context: CommandContext, id: string, data: RespondToRecommendation) {
    return this.onExisting(context, id, 'RespondToRecommendation', { type: 'RespondToRecommendation', data });
  }

  recordMeasure(context: CommandContext, id: string, data: RecordMeasure) {
    return this.onExisting(context, id, 'RecordMeasure', { type: 'RecordMeasure', data });
  }

  recordNotStarted(context: CommandContext, id: string, data: RecordNotStarted) {
    return this.onExisting(context, id, 'RecordNotStarted', { type: 'RecordNotStarted', data });
  }

  receiveFollowUpReply(context: CommandContext, id: string, data: ReceiveFollowUpReply) {
    return this.onExisting(context, id, 'ReceiveFollowUpReply', { type: 'ReceiveFollowUpReply', data });
  }

  assessFollowUp(context: CommandContext, id: string, data: AssessFollowUp) {
    return this.onExisting(context, id, 'AssessFollowUp', { type: 'AssessFollowUp', data });
  }

  /** Makes an institution of the recommendation's State responsible for it, lead or supporting, from a day. */
  assignResponsibility(context: CommandContext, id: string, data: AssignResponsibility) {
    authorise(context.principal, 'AssignResponsibility');
    return this.run(context, id, 200, async () => {
      const { state: institution } = await this.handler.load({
        stream: institutionStream(data.institution),
        decider: institutionDecider,
        decode: decodeEvent<InstitutionEvent>,
      });
      return [
        (state) => {
          if (state.exists) authorise(context.principal, 'AssignResponsibility', state.state);
          return { type: 'AssignResponsibility', data, institution };
        },
      ];
    });
  }

  /** Ends an institution's responsibility for the recommendation from a day on. */
  withdrawResponsibility(context: CommandContext, id: string, institution: string, withdrawnOn: string) {
    return this.onExisting(context, id, 'WithdrawResponsibility', {
      type: 'WithdrawResponsibility',
      data: { institution, withdrawnOn },
    });
  }

  /** The text in another of the UHRI's languages, beside the original. */
  translateText(context: CommandContext, id: string, data: TranslateRecommendationText) {
    return this.onExisting(context, id, 'TranslateRecommendationText', { type: 'TranslateRecommendationText', data });
  }

  sendFollowUpReminder(context: CommandContext, id: string, data: SendFollowUpReminder) {
    return this.onExisting(context, id, 'SendFollowUpReminder', { type: 'SendFollowUpReminder', data });
  }

  recordMidTermReport(context: CommandContext, id: string, data: RecordMidTermReport) {
    return this.onExisting(context, id, 'RecordMidTermReport', { type: 'RecordMidTermReport', data });
  }

  requestFurtherInformation(context: CommandContext, id: string, data: RequestFurtherInformation) {
    return this.onExisting(context, id, 'RequestFurtherInformation', { type: 'RequestFurtherInformation', data });
  }

  closeFollowUp(context: CommandContext, id: string, data: CloseFollowUp) {
    return this.onExisting(context, id, 'CloseFollowUp', { type: 'CloseFollowUp', data });
  }

  /**
   * Records many recommendations from a source (an import) in one batch of the store: each new one issued with its
   * response, each recorded one revised by the decider (a changed text, classification, recommending States, a first
   * position), each on its own stream, each refused alone.
   */
  recordFromSource(context: CommandContext, items: readonly FromSource[]): Promise<BatchRunOutcome[]> {
    const metadata = metadataFor(context, undefined, 201);
    const runs = items.map(
      ({ issue, response, recorded }): CommandRun<RecommendationCommand, RecommendationEvent, RecommendationState> => {
        authorise(context.principal, 'IssueRecommendation', issue.state);
        if (response) authorise(context.principal, 'RespondToRecommendation', issue.state);
        const base = {
          stream: recommendationStream(recommendationIdOf(issue)),
          decider: recommendationDecider,
          decode: decodeEvent<RecommendationEvent>,
          metadata,
          // An import commands each recommendation once: its state is not kept for a next command.
          keepState: false,
        };
        if (!recorded) {
          const steps: Step[] = [() => ({ type: 'IssueRecommendation', data: issue })];
          if (response) steps.push(() => ({ type: 'RespondToRecommendation', data: response }));
          return { ...base, commands: steps, isNew: true };
        }
        const revision = sourceRevision(issue, response);
        return { ...base, commands: [() => ({ type: 'ReviseFromSource', data: revision })] };
      },
    );
    return this.handler.runBatch(runs);
  }

  /**
   * Records many translations from a source (a language export of the index) in one batch of the store, each on its
   * recommendation's stream, each refused alone; the same text again records nothing.
   */
  translateFromSource(
    context: CommandContext,
    items: readonly { id: string; data: TranslateRecommendationText }[],
  ): Promise<BatchRunOutcome[]> {
    authorise(context.principal, 'TranslateRecommendationText');
    const metadata = metadataFor(context, undefined, 200);
    return this.handler.runBatch(
      items.map(({ id, data }) => ({
        stream: recommendationStream(id),
        decider: recommendationDecider,
        decode: decodeEvent<RecommendationEvent>,
        metadata,
        commands: [
          (state: RecommendationState): RecommendationCommand => {
            if (state.exists) authorise(context.principal, 'TranslateRecommendationText', state.state);
            return { type: 'TranslateRecommendationText', data };
          },
        ],
      })),
    );
  }

  /** A command on an issued recommendation, authorised against the State it concerns (the decider refuses the rest). */
  private onExisting(context: CommandContext, id: string, action: Action, command: OnExisting) {
    authorise(context.principal, action);
    return this.run(context, id, 200, async () => [
      (state) => {
        if (state.exists) authorise(context.principal, action, state.state);
        return command;
      },
    ]);
  }

  /** The country visit a recommendation names, as its decider sees it. */
  private async visit(id: string): Promise<VisitState> {
    const { state } = await this.handler.load({
      stream: visitStream(id),
      decider: visitDecider,
      decode: decodeEvent<VisitEvent>,
    });
    return state;
  }

  private run(
    context: CommandContext,
    id: string,
    status: number,
    prepare: () => Promise<readonly Step[]>,
    isNew = false,
  ): Promise<CommandResponse> {
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const outcome = await this.handler.run({
        stream: recommendationStream(id),
        decider: recommendationDecider,
        decode: decodeEvent<RecommendationEvent>,
        commands: await prepare(),
        ...(context.ifMatch !== undefined ? { ifMatch: context.ifMatch } : {}),
        ...(isNew && { isNew }),
        metadata: metadataFor(context, record, status),
      });
      return accepted(id, status, outcome);
    });
  }
}
