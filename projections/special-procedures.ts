/**
 * Read models of the special procedures: country visits with their report and the recommendations issued from it,
 * and communications with the States' replies; each in its own module under special-procedures/.
 */
export {
  type CommunicationCounts,
  type CommunicationFilter,
  type CommunicationView,
  communicationsProjection,
} from './special-procedures/communications.js';
export { SpecialProcedureQueries } from './special-procedures/queries.js';
export { type VisitFilter, type VisitView, visitsProjection } from './special-procedures/visits.js';
