import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import type { CalendarDate } from '../vocabulary.js';
import {
  type CommunicationEvent,
  communicationIdOf,
  parseReference,
  type ReceiveCommunicationReply,
  replyDueByRule,
  type SendCommunication,
} from './communication.js';
import { unlistedMandates } from './mandate-rules.js';

export type CommunicationCommand =
  | { type: 'SendCommunication'; data: SendCommunication }
  | { type: 'ReceiveCommunicationReply'; data: ReceiveCommunicationReply };

type Sent = Extract<CommunicationEvent, { type: 'CommunicationSent' }>['data'];

/** A communication as its rules see it: what was sent, and the replies received, in the order recorded. */
export type CommunicationState =
  | { exists: false }
  | ({ exists: true; id: string; replies: { receivedOn: CalendarDate; note?: string }[] } & Omit<
      Sent,
      'communicationId'
    >);

function send(data: SendCommunication, communication: CommunicationState): CommunicationEvent[] {
  const id = communicationIdOf(data.reference);
  if (communication.exists) {
    throw new LifecycleConflict(`communication ${data.reference} was already sent, on ${communication.sentOn}`);
  }
  const named = parseReference(data.reference);
  if (named.state !== data.state) {
    throw new RuleViolation(`reference ${data.reference} names ${named.state}, not ${data.state}`);
  }
  if (data.kind !== undefined && data.kind !== named.kind) {
    throw new RuleViolation(`reference ${data.reference} names an ${named.kind.replace('_', ' ')}, not ${data.kind}`);
  }
  const mandates = [...new Set(data.mandates)];
  const unknown = unlistedMandates(mandates);
  if (unknown.length > 0) {
    throw new RuleViolation(`not a mandate of the special procedures: ${unknown.join(', ')} (see GET /v1/mandates)`);
  }
  if (data.replyDueOn !== undefined && data.replyDueOn <= data.sentOn) {
    throw new RuleViolation(
      `a reply cannot be due on ${data.replyDueOn}, on or before the day it is asked, ${data.sentOn}`,
    );
  }
  return [
    {
      type: 'CommunicationSent',
      data: {
        communicationId: id,
        reference: data.reference,
        kind: named.kind,
        state: data.state,
        mandates,
        sentOn: data.sentOn,
        replyDueOn: data.replyDueOn ?? replyDueByRule(data.sentOn),
        ...(data.replyDueOn === undefined ? { replyDueFrom: 'rule' as const } : {}),
        ...(data.subject ? { subject: data.subject } : {}),
      },
    },
  ];
}

function receive(data: ReceiveCommunicationReply, communication: CommunicationState): CommunicationEvent[] {
  if (!communication.exists) throw new NotFound('the communication does not exist: record it as sent first');
  if (data.receivedOn < communication.sentOn) {
    throw new RuleViolation(
      `a reply received on ${data.receivedOn} cannot precede communication ${communication.reference}, sent on ${communication.sentOn}`,
    );
  }
  return [
    {
      type: 'CommunicationReplyReceived',
      data: {
        communicationId: communication.id,
        receivedOn: data.receivedOn,
        ...(data.note ? { note: data.note } : {}),
      },
    },
  ];
}

function evolve(communication: CommunicationState, event: CommunicationEvent): CommunicationState {
  if (event.type === 'CommunicationSent') {
    const { communicationId: id, ...sent } = event.data;
    return { exists: true, id, ...sent, replies: [] };
  }
  if (!communication.exists) return communication;
  const { communicationId: _id, ...reply } = event.data;
  return { ...communication, replies: [...communication.replies, reply] };
}

/** A communication of the special procedures and the State's replies to it. */
export const communicationDecider: Decider<CommunicationCommand, CommunicationEvent, CommunicationState> = {
  initialState: () => ({ exists: false }),
  evolve,
  decide: (command, communication) =>
    command.type === 'SendCommunication' ? send(command.data, communication) : receive(command.data, communication),
};
