import { z } from 'zod';
import { MANDATE_KINDS } from '../domain/mandates.js';
import {
  COMMUNICATION_STANDINGS,
  CommunicationKind,
  CommunicationStanding,
} from '../domain/special-procedure/communication.js';
import { CalendarDate, MandateId, StateCode } from '../domain/vocabulary.js';
import { MinPosition } from './schemas.js';

/** Response and query schemas of the special procedures: they document the API in /openapi.json. */

const Position = z.string().describe('global position of the event that recorded it');
const Cursor = z.string().min(1).max(400).optional().describe('the `next` of the page before');
const Limit = z.coerce.number().int().min(1).max(1000).default(100).describe('at most this many (1–1000, default 100)');

export const MandateView = z.object({
  id: z.string().describe('torture, arbitrary-detention, country-blr, …'),
  kind: z.enum(MANDATE_KINDS),
  title: z.string(),
});
export const MandateList = z.object({
  items: z.array(MandateView).describe('the thematic mandates; a country mandate is country-<state>, e.g. country-blr'),
});
export const MandateParam = z.object({ id: MandateId });

export const VisitView = z.object({
  id: z.string(),
  mandate: z.string(),
  state: z.string(),
  startedOn: z.string(),
  endedOn: z.string(),
  report: z.object({ symbol: z.string(), publishedOn: z.string(), position: Position }).optional(),
  recommendations: z
    .array(z.object({ id: z.string(), paragraph: z.string(), issuedOn: z.string() }))
    .describe('the recommendations issued from its report (issued with visitId)'),
  position: Position,
  revision: z.number().int(),
});
export const VisitList = z.object({ items: z.array(VisitView), next: z.string().nullable() });
export const VisitQuery = z.strictObject({
  state: StateCode.optional(),
  mandate: MandateId.optional(),
  limit: Limit,
  cursor: Cursor,
  minPosition: MinPosition,
});

export const CommunicationView = z.object({
  id: z.string(),
  reference: z.string(),
  kind: CommunicationKind,
  state: z.string(),
  mandates: z.array(z.string()),
  sentOn: z.string(),
  replyDueOn: z.string(),
  replyDueFrom: z.enum(['rule', 'given']).describe('rule: 60 days after sentOn; given: the day the letter named'),
  subject: z.string().optional(),
  asOf: z.string(),
  standing: CommunicationStanding.describe(
    'on asOf: pending (no reply, due day not passed), overdue (no reply, the day after the due day on), replied, replied_late (the first reply came after the due day)',
  ),
  repliedOn: z.string().optional().describe('the day the first reply came, when one came on or before asOf'),
  replies: z.array(z.object({ receivedOn: z.string(), note: z.string().optional(), position: Position })),
  position: Position,
  revision: z.number().int(),
});
export const CommunicationList = z.object({ items: z.array(CommunicationView), next: z.string().nullable() });

const Standings = z
  .string()
  .max(100)
  .transform((text) => text.split(',').map((part) => part.trim()))
  .pipe(z.array(CommunicationStanding))
  .describe(`one standing or several, comma-separated: ${COMMUNICATION_STANDINGS.join(', ')}`);

export const CommunicationQuery = z.strictObject({
  state: StateCode.optional(),
  mandate: MandateId.optional(),
  kind: CommunicationKind.optional(),
  standing: Standings.optional(),
  asOf: CalendarDate.optional().describe('the day standings are judged on; default today (UTC)'),
  limit: Limit,
  cursor: Cursor,
  minPosition: MinPosition,
});
export const CommunicationOneQuery = z.strictObject({
  asOf: CalendarDate.optional().describe('the day asked about; default today (UTC)'),
  minPosition: MinPosition,
});
