import { reportStream } from '../../domain/identity.js';
import type {
  AdoptConcludingObservations,
  AdoptListOfIssues,
  PresentReport,
  ReceiveListOfIssuesReplies,
  ReportCommand,
  SubmitReport,
} from '../../domain/report/commands.js';
import { type ReportState, reportDecider } from '../../domain/report/decider.js';
import type { ReportEvent } from '../../domain/report/events.js';
import { earlierReportId, newReportId } from '../../domain/report/symbol.js';
import { authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler } from './command-handler.js';
import { accepted, type CommandContext, type CommandResponse, metadataFor } from './context.js';
import { type IdempotencyRecords, once } from './idempotency.js';

/** A report as its decider sees it: what its own commands and a recommendation that names it are decided against. */
export async function reportState(handler: CommandHandler, id: string): Promise<ReportState> {
  const { state } = await handler.load({
    stream: reportStream(id),
    decider: reportDecider,
    decode: decodeEvent<ReportEvent>,
  });
  return state;
}

/** The report lifecycle: submitted by the State, presented in a session, concluded by observations. */
export class ReportCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly idempotency: IdempotencyRecords,
  ) {}

  submit(context: CommandContext, data: SubmitReport): Promise<CommandResponse> {
    authorise(context.principal, 'SubmitReport', data.state);
    const id = newReportId(data.state, data.symbol);
    const earlierId = earlierReportId(data.symbol);
    return this.run(context, id, 201, async () => {
      // A report stored under the symbol's plain slug before ids held their State: the decider refuses a second one.
      if (earlierId === id) return { type: 'SubmitReport', data };
      return { type: 'SubmitReport', data, earlier: await reportState(this.handler, earlierId) };
    });
  }

  present(context: CommandContext, id: string, data: PresentReport): Promise<CommandResponse> {
    authorise(context.principal, 'PresentReport');
    return this.run(context, id, 200, async () => ({ type: 'PresentReport', data }));
  }

  adoptConcludingObservations(
    context: CommandContext,
    id: string,
    data: AdoptConcludingObservations,
  ): Promise<CommandResponse> {
    authorise(context.principal, 'AdoptConcludingObservations');
    return this.run(context, id, 200, async () => ({ type: 'AdoptConcludingObservations', data }));
  }

  adoptListOfIssues(context: CommandContext, id: string, data: AdoptListOfIssues): Promise<CommandResponse> {
    authorise(context.principal, 'AdoptListOfIssues');
    return this.run(context, id, 200, async () => ({ type: 'AdoptListOfIssues', data }));
  }

  /** The State's replies to the list of issues: a State's token only for its own report. */
  receiveListOfIssuesReplies(
    context: CommandContext,
    id: string,
    data: ReceiveListOfIssuesReplies,
  ): Promise<CommandResponse> {
    authorise(context.principal, 'ReceiveListOfIssuesReplies');
    return this.run(
      context,
      id,
      200,
      async () => ({ type: 'ReceiveListOfIssuesReplies', data }),
      (report) => {
        if (report.exists) authorise(context.principal, 'ReceiveListOfIssuesReplies', report.state);
      },
    );
  }

  private run(
    context: CommandContext,
    id: string,
    status: number,
    prepare: () => Promise<ReportCommand>,
    check: (report: ReportState) => void = () => {},
  ): Promise<CommandResponse> {
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const command = await prepare();
      const outcome = await this.handler.run({
        stream: reportStream(id),
        decider: reportDecider,
        decode: decodeEvent<ReportEvent>,
        commands: [
          (report) => {
            check(report);
            return command;
          },
        ],
        ...(context.ifMatch !== undefined ? { ifMatch: context.ifMatch } : {}),
        metadata: metadataFor(context, record, status),
      });
      return accepted(id, status, outcome);
    });
  }
}
