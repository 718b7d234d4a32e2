import { z } from 'zod';
import { CalendarDate, DocumentSymbol, Mechanism, ReportingProcedure, StateCode } from '../vocabulary.js';

export const ReportSubmitted = z.strictObject({
  reportId: z.string(),
  state: StateCode,
  mechanism: Mechanism,
  cycle: z.number().int().min(1).max(99),
  symbol: DocumentSymbol,
  submittedOn: CalendarDate,
  procedure: ReportingProcedure,
});

export const ReportPresented = z.strictObject({
  reportId: z.string(),
  session: z.number().int().min(1).max(999),
  presentedOn: CalendarDate,
  delegationHead: z.string().max(500).optional(),
});

export const ConcludingObservationsAdopted = z.strictObject({
  reportId: z.string(),
  symbol: DocumentSymbol,
  adoptedOn: CalendarDate,
});

export const reportEventSchemas = {
  ReportSubmitted,
  ReportPresented,
  ConcludingObservationsAdopted,
} as const;

export type ReportEvent =
  | { type: 'ReportSubmitted'; data: z.infer<typeof ReportSubmitted> }
  | { type: 'ReportPresented'; data: z.infer<typeof ReportPresented> }
  | { type: 'ConcludingObservationsAdopted'; data: z.infer<typeof ConcludingObservationsAdopted> };
