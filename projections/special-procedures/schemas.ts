/**
 * What the special procedures' read models serve, defined once: each shape a zod schema, its type inferred from it.
 * The read models build these types, the routes answer them and document them in /openapi.json, and the dashboard's
 * API client takes them as types.
 */
import { z } from 'zod';
import { CommunicationKind, CommunicationStanding } from '../../src/domain/special-procedure/communication.js';

const Position = z.string().describe('global position of the event that recorded it');

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
export type VisitView = z.infer<typeof VisitView>;
export type VisitList = z.infer<typeof VisitList>;

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
export type CommunicationView = z.infer<typeof CommunicationView>;
export type CommunicationList = z.infer<typeof CommunicationList>;
