import {
  type CommunicationEvent,
  communicationIdOf,
  communicationStream,
  type ReceiveCommunicationReply,
  type SendCommunication,
} from '../../domain/special-procedure/communication.js';
import { communicationDecider } from '../../domain/special-procedure/communication-decider.js';
import {
  type PublishVisitReport,
  type RecordCountryVisit,
  type VisitEvent,
  visitDecider,
  visitIdOf,
  visitStream,
} from '../../domain/special-procedure/visit.js';
import { authorise } from '../../domain/token/permissions.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { CommandContext, CommandResponse } from './context.js';
import type { PlannedStreams } from './planned.js';

const VISITS = { stream: visitStream, decider: visitDecider, decode: decodeEvent<VisitEvent> };
const COMMUNICATIONS = {
  stream: communicationStream,
  decider: communicationDecider,
  decode: decodeEvent<CommunicationEvent>,
};

/** Country visits of the special procedures and their reports (the secretariat records them). */
export class VisitCommands {
  constructor(private readonly streams: PlannedStreams) {}

  record(context: CommandContext, data: RecordCountryVisit): Promise<CommandResponse> {
    authorise(context.principal, 'RecordCountryVisit', data.state);
    return this.streams.create(context, VISITS, visitIdOf(data), async () => ({
      type: 'RecordCountryVisit' as const,
      data,
    }));
  }

  /** The roles that may publish a report act for every State: the visit's State is checked all the same. */
  publishReport(context: CommandContext, id: string, data: PublishVisitReport): Promise<CommandResponse> {
    return this.streams.onExisting(context, VISITS, id, 'PublishVisitReport', async () => ({
      type: 'PublishVisitReport' as const,
      data,
    }));
  }
}

/** Communications sent to States, and the States' replies (a State records its own). */
export class CommunicationCommands {
  constructor(private readonly streams: PlannedStreams) {}

  send(context: CommandContext, data: SendCommunication): Promise<CommandResponse> {
    authorise(context.principal, 'SendCommunication', data.state);
    return this.streams.create(context, COMMUNICATIONS, communicationIdOf(data.reference), async () => ({
      type: 'SendCommunication' as const,
      data,
    }));
  }

  receiveReply(context: CommandContext, id: string, data: ReceiveCommunicationReply): Promise<CommandResponse> {
    return this.streams.onExisting(context, COMMUNICATIONS, id, 'ReceiveCommunicationReply', async () => ({
      type: 'ReceiveCommunicationReply' as const,
      data,
    }));
  }
}
