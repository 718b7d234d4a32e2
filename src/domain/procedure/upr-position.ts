import { z } from 'zod';
import { DocumentSymbol } from '../vocabulary.js';

/**
 * Where a UPR position was given (docs/domain-rules.md, "UPR positions and their source"): in the Working Group's
 * report itself (at the review), in the addendum the State submits before the Council's session (A/HRC/55/9/Add.1),
 * or at the Council's adoption of the outcome (its decision, A/HRC/DEC/55/104).
 */
export const POSITION_SOURCES = ['working_group_report', 'addendum', 'council_adoption'] as const;
export type PositionSourceKind = (typeof POSITION_SOURCES)[number];

export const PositionSource = z.strictObject({
  document: z.enum(POSITION_SOURCES).describe('working_group_report, addendum or council_adoption'),
  symbol: DocumentSymbol.optional().describe('e.g. A/HRC/55/9/Add.1 or A/HRC/DEC/55/104'),
});
export type PositionSource = z.infer<typeof PositionSource>;
