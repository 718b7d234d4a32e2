import { z } from 'zod';
import { MANDATE_KINDS } from '../domain/mandates.js';
import {
  COMMUNICATION_STANDINGS,
  CommunicationKind,
  CommunicationStanding,
} from '../domain/special-procedure/communication.js';
import { CalendarDate, MandateId, StateCode } from '../domain/vocabulary.js';
import { MinPosition } from './schemas.js';

export {
  CommunicationList,
  CommunicationView,
  VisitList,
  VisitView,
} from '../../projections/special-procedures/schemas.js';

/** Response and query schemas of the special procedures: they document the API in /openapi.json. */

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

export const VisitQuery = z.strictObject({
  state: StateCode.optional(),
  mandate: MandateId.optional(),
  limit: Limit,
  cursor: Cursor,
  minPosition: MinPosition,
});

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
