import {
  communicationIdOf,
  communicationStream,
  type ReceiveCommunicationReply,
  type SendCommunication,
} from '../../domain/special-procedure/communication.js';
import { communicationDecider } from '../../domain/special-procedure/communication-decider.js';
import {
  type PublishVisitReport,
  type RecordCountryVisit,
  visitDecider,
  visitIdOf,
  visitStream,
} from '../../domain/special-procedure/visit.js';
import { authorise } from '../../domain/token/permissions.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

/** Country visits of the special procedures and their reports (the secretariat records them). */
export class VisitCommands {
  constructor(private readonly streams: PlannedStreams) {}

  record(context: CommandContext, data: RecordCountryVisit): Promise<CommandResponse> {
    authorise(context.principal, 'RecordCountryVisit', data.state);
    const id = visitIdOf(data);
    return this.streams.run({
      context,
      id,
      stream: visitStream(id),
      decider: visitDecider,
      status: 201,
      prepare: async () => () => ({ type: 'RecordCountryVisit' as const, data }),
    });
  }

  publishReport(context: CommandContext, id: string, data: PublishVisitReport): Promise<CommandResponse> {
    authorise(context.principal, 'PublishVisitReport');
    return this.streams.run({
      context,
      id,
      stream: visitStream(id),
      decider: visitDecider,
      status: 200,
      prepare: async () => () => ({ type: 'PublishVisitReport' as const, data }),
    });
  }
}

/** Communications sent to States, and the States' replies (a State records its own). */
export class CommunicationCommands {
  constructor(private readonly streams: PlannedStreams) {}

  send(context: CommandContext, data: SendCommunication): Promise<CommandResponse> {
    authorise(context.principal, 'SendCommunication', data.state);
    const id = communicationIdOf(data.reference);
    return this.streams.run({
      context,
      id,
      stream: communicationStream(id),
      decider: communicationDecider,
      status: 201,
      prepare: async () => () => ({ type: 'SendCommunication' as const, data }),
    });
  }

  receiveReply(context: CommandContext, id: string, data: ReceiveCommunicationReply): Promise<CommandResponse> {
    authorise(context.principal, 'ReceiveCommunicationReply');
    return this.streams.run({
      context,
      id,
      stream: communicationStream(id),
      decider: communicationDecider,
      status: 200,
      prepare: async () => (state) => {
        if (state.exists) authorise(context.principal, 'ReceiveCommunicationReply', state.state);
        return { type: 'ReceiveCommunicationReply' as const, data };
      },
    });
  }
}
