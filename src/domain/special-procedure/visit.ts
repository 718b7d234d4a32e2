/**
 * Country visits of the special procedures: a mandate holder visits a State on its invitation, then presents a report
 * to the Human Rights Council (an addendum, `A/HRC/58/55/Add.1`) whose recommendations are issued like any other,
 * linked to the visit. Rules and sources: docs/domain-rules.md, "Special procedures".
 */
import { z } from 'zod';
import type { Decider, EventsOf } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { slug } from '../identity.js';
import { CalendarDate, DocumentSymbol, MandateId, StateCode } from '../vocabulary.js';
import { unlistedMandates } from './mandate-rules.js';

const VisitReport = z.strictObject({
  symbol: DocumentSymbol.describe("the report's symbol, e.g. A/HRC/58/55/Add.1"),
  publishedOn: CalendarDate,
});

/** Body of POST /v1/visits. */
export const RecordCountryVisit = z.strictObject({
  mandate: MandateId.describe('the mandate that visited, e.g. torture, arbitrary-detention'),
  state: StateCode,
  startedOn: CalendarDate,
  endedOn: CalendarDate.describe('the last day of the visit, on or after startedOn'),
  report: VisitReport.optional().describe('the visit report, when already published'),
});
export type RecordCountryVisit = z.infer<typeof RecordCountryVisit>;

/** Body of POST /v1/visits/{id}/report. */
export const PublishVisitReport = VisitReport;
export type PublishVisitReport = z.infer<typeof PublishVisitReport>;

export const CountryVisitRecorded = z.strictObject({
  visitId: z.string(),
  mandate: MandateId,
  state: StateCode,
  startedOn: CalendarDate,
  endedOn: CalendarDate,
});
export const VisitReportPublished = z.strictObject({
  visitId: z.string(),
  symbol: z.string(),
  publishedOn: CalendarDate,
});

export const visitEventSchemas = { CountryVisitRecorded, VisitReportPublished } as const;

export type VisitEvent = EventsOf<typeof visitEventSchemas>;

/** A visit's id: its mandate, State and first day, `torture-kaz-2024-05-13`. */
export const visitIdOf = (data: Pick<RecordCountryVisit, 'mandate' | 'state' | 'startedOn'>): string =>
  slug(data.mandate, data.state, data.startedOn);
export const visitStream = (id: string): string => `visit-${id}`;

export type VisitCommand =
  | { type: 'RecordCountryVisit'; data: RecordCountryVisit }
  | { type: 'PublishVisitReport'; data: PublishVisitReport };

/** A visit as its rules see it. */
export type VisitState =
  | { exists: false }
  | ({ exists: true; id: string; report?: PublishVisitReport } & Omit<z.infer<typeof CountryVisitRecorded>, 'visitId'>);

function record(data: RecordCountryVisit, visit: VisitState): VisitEvent[] {
  const visitId = visitIdOf(data);
  if (visit.exists) throw new LifecycleConflict(`visit ${visitId} is already recorded`);
  if (unlistedMandates([data.mandate]).length > 0) {
    throw new RuleViolation(`${data.mandate} is not a mandate of the special procedures (see GET /v1/mandates)`);
  }
  if (data.endedOn < data.startedOn) {
    throw new RuleViolation(`a visit ends on or after it starts: ${data.endedOn} is before ${data.startedOn}`);
  }
  const { mandate, state, startedOn, endedOn } = data;
  const recorded: VisitEvent = { type: 'CountryVisitRecorded', data: { visitId, mandate, state, startedOn, endedOn } };
  if (!data.report) return [recorded];
  return [recorded, ...publish(data.report, { exists: true, id: visitId, ...recorded.data })];
}

function publish(data: PublishVisitReport, visit: VisitState): VisitEvent[] {
  if (!visit.exists) throw new NotFound('the visit does not exist: record it first');
  if (visit.report) {
    throw new LifecycleConflict(
      `the report of visit ${visit.id} is ${visit.report.symbol}, published on ${visit.report.publishedOn}`,
    );
  }
  if (data.publishedOn < visit.endedOn) {
    throw new RuleViolation(
      `a visit report follows the visit: ${data.publishedOn} is before its last day, ${visit.endedOn}`,
    );
  }
  return [
    { type: 'VisitReportPublished', data: { visitId: visit.id, symbol: data.symbol, publishedOn: data.publishedOn } },
  ];
}

function evolve(visit: VisitState, event: VisitEvent): VisitState {
  if (event.type === 'CountryVisitRecorded') {
    const { visitId: id, ...recorded } = event.data;
    return { exists: true, id, ...recorded };
  }
  if (!visit.exists) return visit;
  return { ...visit, report: { symbol: event.data.symbol, publishedOn: event.data.publishedOn } };
}

/** A country visit of a special procedure, and its report. */
export const visitDecider: Decider<VisitCommand, VisitEvent, VisitState> = {
  initialState: () => ({ exists: false }),
  evolve,
  decide: (command, visit) =>
    command.type === 'RecordCountryVisit' ? record(command.data, visit) : publish(command.data, visit),
};

/**
 * What a recommendation issued from a visit's report must agree with: a special procedure's, the visited State's,
 * in the report's own symbol. Returns the visit's mandate, which the recommendation carries.
 */
export function checkVisitOfRecommendation(
  visitId: string,
  visit: VisitState | undefined,
  recommendation: { mechanism: string; state: string; symbol: string },
): string {
  if (!visit?.exists) throw new RuleViolation(`visit ${visitId} does not exist`);
  if (recommendation.mechanism !== 'SP') {
    throw new RuleViolation(
      `a visit's recommendations are a special procedure's (SP), not ${recommendation.mechanism}'s`,
    );
  }
  if (visit.state !== recommendation.state) {
    throw new RuleViolation(`visit ${visitId} was to ${visit.state}, not ${recommendation.state}`);
  }
  if (!visit.report) {
    throw new RuleViolation(`the report of visit ${visitId} is not published: record it before its recommendations`);
  }
  if (visit.report.symbol !== recommendation.symbol) {
    throw new RuleViolation(
      `visit ${visitId} reported in ${visit.report.symbol}: its recommendations are in that document, not ${recommendation.symbol}`,
    );
  }
  return visit.mandate;
}
