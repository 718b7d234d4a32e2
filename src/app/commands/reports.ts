import { NotFound } from '../../domain/errors.js';
import { reportStream } from '../../domain/identity.js';
import type { AdoptConcludingObservations, PresentReport, SubmitReport } from '../../domain/report/commands.js';
import { reportDecider } from '../../domain/report/decider.js';
import type { ReportEvent } from '../../domain/report/events.js';
import { earlierReportId, newReportId } from '../../domain/report/symbol.js';
import { authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandHandler } from './command-handler.js';
import { type CommandContext, type CommandResponse, metadataFor } from './context.js';
import { type IdempotencyRecords, once } from './idempotency.js';

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
      if (earlierId === id) return () => ({ type: 'SubmitReport', data });
      const earlier = (
        await this.handler.load({
          stream: reportStream(earlierId),
          decider: reportDecider,
          decode: decodeEvent<ReportEvent>,
        })
      ).state;
      return () => ({ type: 'SubmitReport', data, earlier });
    });
  }

  present(context: CommandContext, id: string, data: PresentReport): Promise<CommandResponse> {
    authorise(context.principal, 'PresentReport');
    return this.run(context, id, 200, async () => () => ({ type: 'PresentReport', data }), true);
  }

  adoptConcludingObservations(
    context: CommandContext,
    id: string,
    data: AdoptConcludingObservations,
  ): Promise<CommandResponse> {
    authorise(context.principal, 'AdoptConcludingObservations');
    return this.run(context, id, 200, async () => () => ({ type: 'AdoptConcludingObservations', data }), true);
  }

  private async run(
    context: CommandContext,
    id: string,
    status: number,
    prepare: () => Promise<() => Parameters<typeof reportDecider.decide>[0]>,
    mustExist = false,
  ): Promise<CommandResponse> {
    return once(this.idempotency, context.principal, context.idempotency, async (record) => {
      const command = await prepare();
      const outcome = await this.handler.run({
        stream: reportStream(id),
        decider: reportDecider,
        decode: decodeEvent<ReportEvent>,
        command: (state) => {
          if (mustExist && !state.exists) throw new NotFound(`report ${id} does not exist`);
          return command();
        },
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
