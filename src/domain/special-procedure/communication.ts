/**
 * Communications of the special procedures: allegation letters, urgent appeals and other letters a mandate holder
 * (or several, jointly) sends to a State, the reply the State is asked to give within 60 days, and the replies it
 * gives. Rules and sources: docs/domain-rules.md, "Special procedures".
 */
import { z } from 'zod';
import { addDays } from '../calendar.js';
import type { EventsOf } from '../decider.js';
import { slug } from '../identity.js';
import { userText } from '../text.js';
import { CalendarDate, MandateId, StateCode } from '../vocabulary.js';

export const COMMUNICATION_KINDS = ['allegation_letter', 'urgent_appeal', 'other_letter'] as const;
export const CommunicationKind = z.enum(COMMUNICATION_KINDS);
export type CommunicationKind = z.infer<typeof CommunicationKind>;

/** Where a communication's reply stands on a day. */
export const COMMUNICATION_STANDINGS = ['pending', 'overdue', 'replied', 'replied_late'] as const;
export const CommunicationStanding = z.enum(COMMUNICATION_STANDINGS);
export type CommunicationStanding = z.infer<typeof CommunicationStanding>;

/** The days a State is asked to reply in, counted from the day the communication was sent. */
export const REPLY_DAYS = 60;

/** OHCHR's references: `AL KAZ 1/2024`, `UA RUS 5/2022`, `OL GBR 12/2023` (joint ones once `JAL`, `JUA`, `JOL`). */
const REFERENCE = /^(J?)(AL|UA|OL) ([A-Z]{3}) ([1-9][0-9]{0,3})\/((?:19|20)[0-9]{2})$/;
const KIND_OF_PREFIX: Readonly<Record<string, CommunicationKind>> = {
  AL: 'allegation_letter',
  UA: 'urgent_appeal',
  OL: 'other_letter',
};

/** A reference as written, any case and spacing: `al kaz 1/2024` is `AL KAZ 1/2024`. */
export const CommunicationReference = z
  .string()
  .max(40)
  .transform((text) => text.trim().replace(/\s+/g, ' ').toUpperCase())
  .pipe(
    z.string().regex(REFERENCE, 'must be a communication reference like AL KAZ 1/2024, UA KAZ 2/2023 or OL KAZ 3/2024'),
  )
  .describe(
    "OHCHR's reference: AL (allegation letter), UA (urgent appeal) or OL (other letter), the State, number/year",
  );

/** The kind, State, number and year a well-formed reference names. */
export function parseReference(reference: string): { kind: CommunicationKind; state: string; joint: boolean } {
  const match = REFERENCE.exec(reference);
  if (!match) throw new RangeError(`not a communication reference: ${reference}`);
  return { kind: KIND_OF_PREFIX[match[2]!]!, state: match[3]!, joint: match[1] === 'J' };
}

/** A communication's id: its reference as a slug, `al-kaz-1-2024`. */
export const communicationIdOf = (reference: string): string => slug(reference);
export const communicationStream = (id: string): string => `communication-${id}`;

/** Body of POST /v1/communications. */
export const SendCommunication = z.strictObject({
  reference: CommunicationReference,
  state: StateCode.describe('the State it was sent to; the reference names the same'),
  kind: CommunicationKind.optional().describe('default: the kind the reference names (AL, UA, OL); must agree with it'),
  mandates: z
    .array(MandateId)
    .min(1)
    .max(60)
    .describe('the mandates that sent it (several for a joint communication), e.g. torture, human-rights-defenders'),
  sentOn: CalendarDate,
  replyDueOn: CalendarDate.optional().describe(`default: ${REPLY_DAYS} days after sentOn; a date given wins`),
  subject: userText().max(500).optional().describe('what it is about, as the public summary says'),
});
export type SendCommunication = z.infer<typeof SendCommunication>;

/** Body of POST /v1/communications/{id}/replies. */
export const ReceiveCommunicationReply = z.strictObject({
  receivedOn: CalendarDate,
  note: userText().max(5000).optional().describe('what the reply says, or where it is published'),
});
export type ReceiveCommunicationReply = z.infer<typeof ReceiveCommunicationReply>;

export const CommunicationSent = z.strictObject({
  communicationId: z.string(),
  reference: z.string(),
  kind: CommunicationKind,
  state: StateCode,
  mandates: z.array(MandateId),
  sentOn: CalendarDate,
  replyDueOn: CalendarDate,
  /** Present when the due day is the rule's (60 days), absent when it was given. */
  replyDueFrom: z.literal('rule').optional(),
  subject: z.string().max(500).optional(),
});

export const CommunicationReplyReceived = z.strictObject({
  communicationId: z.string(),
  receivedOn: CalendarDate,
  note: z.string().max(5000).optional(),
});

export const communicationEventSchemas = { CommunicationSent, CommunicationReplyReceived } as const;

export type CommunicationEvent = EventsOf<typeof communicationEventSchemas>;

/** The day a reply is due by the rule: 60 days after the communication was sent. */
export const replyDueByRule = (sentOn: CalendarDate): CalendarDate => addDays(sentOn, REPLY_DAYS);

/**
 * Where a communication's reply stands on `day` (sent on or before it): replied once the first reply received on or
 * before that day came, late when it came after the due day; else overdue from the day after the due day; else
 * pending. The due day itself is still in time.
 */
export function communicationStanding(
  replyDueOn: CalendarDate,
  replies: readonly { receivedOn: CalendarDate }[],
  day: CalendarDate,
): { standing: CommunicationStanding; repliedOn?: CalendarDate } {
  let repliedOn: CalendarDate | undefined;
  for (const { receivedOn } of replies) {
    if (receivedOn <= day && (repliedOn === undefined || receivedOn < repliedOn)) repliedOn = receivedOn;
  }
  if (repliedOn !== undefined) return { standing: repliedOn > replyDueOn ? 'replied_late' : 'replied', repliedOn };
  return { standing: replyDueOn < day ? 'overdue' : 'pending' };
}

/** Standings that still await the State's reply. */
export const AWAITING_REPLY: readonly CommunicationStanding[] = ['pending', 'overdue'];
