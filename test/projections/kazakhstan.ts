/**
 * The founding case (scripts/demo/founding-case.ts) as events in a read-model log, with an illustrative timeline
 * of what followed (which measures complete, when replies came, the assessments) for the read models to fold.
 */
import * as kaz from '../../scripts/demo/founding-case.js';
import { recommendationId, recommendationStream, reportStream } from '../../src/domain/identity.js';
import type { IssueRecommendation } from '../../src/domain/recommendation/commands.js';
import { Log } from './log.js';

export const REPORT = kaz.REPORT_ID;
export const CO = kaz.concludingObservations.symbol;
export const UPR = kaz.UPR_SYMBOL;
/** The CAT recommendations of the timeline: 10, 12(a) and 14 selected for follow-up, 9 and 18 not. */
export const CAT = {
  definition: kaz.catId('10'),
  safeguards: kaz.catId('12(a)'),
  legalAid: kaz.catId('14'),
  detention: kaz.catId('18'),
  confessions: kaz.catId('9'),
};
export const UPR_IDS = kaz.uprRecommendations.map((recommendation) => kaz.uprId(recommendation.paragraph));
export const DEADLINE = kaz.FOLLOW_UP_DEADLINE;

interface Issue {
  state?: string;
  mechanism?: string;
  symbol?: string;
  paragraph: string;
  issuedOn?: string;
  reportId?: string;
  themes?: string[];
  followUp?: { deadline: string };
  recommendingStates?: string[];
}

/** Issues a recommendation (CAT's to Kazakhstan unless told otherwise) and returns its id. */
export function issue(log: Log, given: Issue): string {
  const { state = 'KAZ', mechanism = 'CAT', symbol = CO, paragraph, issuedOn = '2023-05-10' } = given;
  const id = recommendationId(symbol, paragraph);
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    state,
    mechanism,
    symbol,
    paragraph,
    text: `${paragraph}. The Committee recommends that the State party …`,
    issuedOn,
    ...(given.reportId !== undefined && { reportId: given.reportId }),
    themes: given.themes ?? [],
    sdgs: ['16.3 - Promote the rule of law'],
    affectedPersons: ['Persons deprived of their liberty'],
    ...(given.followUp && { followUp: given.followUp }),
    recommendingStates: given.recommendingStates ?? [],
  });
  return id;
}

export function measure(log: Log, id: string, implementedOn: string, completes: boolean, title = 'A measure'): void {
  log.append(recommendationStream(id), 'MeasureImplemented', {
    recommendationId: id,
    title,
    institution: 'Government of Kazakhstan',
    implementedOn,
    evidence: [],
    completes,
  });
}

export function reply(log: Log, id: string, receivedOn: string): void {
  log.append(recommendationStream(id), 'FollowUpReplyReceived', {
    recommendationId: id,
    receivedOn,
    symbol: 'CAT/C/KAZ/FCO/4',
  });
}

export function assess(log: Log, id: string, grade: string, level: string, assessedOn: string, session?: number): void {
  log.append(recommendationStream(id), 'FollowUpAssessed', {
    recommendationId: id,
    grade,
    level,
    assessedOn,
    ...(session !== undefined && { session }),
  });
}

export function respond(log: Log, id: string, position: string, respondedOn: string, comment?: string): void {
  log.append(recommendationStream(id), 'RecommendationResponded', {
    recommendationId: id,
    position,
    respondedOn,
    ...(comment !== undefined && { comment }),
  });
}

/** The event a decider answers an IssueRecommendation of the case with. */
function issued(log: Log, command: IssueRecommendation): void {
  const id = recommendationId(command.symbol, command.paragraph);
  log.append(recommendationStream(id), 'RecommendationIssued', {
    recommendationId: id,
    ...command,
    themes: command.themes ?? [],
    sdgs: command.sdgs ?? [],
    affectedPersons: command.affectedPersons ?? [],
    recommendingStates: command.recommendingStates ?? [],
  });
}

/** Kazakhstan's fourth periodic report to the CAT, five of its recommendations and what followed; its third UPR. */
export function foundingCase(log = new Log()): Log {
  const report = reportStream(REPORT);
  log.append(report, 'ReportSubmitted', { reportId: REPORT, ...kaz.report });

  for (const recommendation of kaz.uprRecommendations) issued(log, recommendation);
  for (const { paragraph, response } of kaz.uprResponses)
    respond(log, kaz.uprId(paragraph), response.position, response.respondedOn, response.comment);

  log.append(report, 'ReportPresented', { reportId: REPORT, ...kaz.presentation });
  log.append(report, 'ConcludingObservationsAdopted', { reportId: REPORT, ...kaz.concludingObservations });

  for (const paragraph of ['9', '10', '12(a)', '14', '18']) issued(log, kaz.paragraph(paragraph));

  // An illustrative timeline: two measures towards paragraph 10, the second completing it; one on 12(a).
  measure(log, CAT.definition, '2023-09-01', false, 'Draft amendments to article 146 of the Criminal Code');
  measure(log, CAT.safeguards, '2024-01-10', false, 'Legal aid from the moment of actual detention');
  measure(log, CAT.definition, '2024-03-15', true, 'Definition of torture aligned with article 1 of the Convention');
  // Recorded after the others, effective before some of them.
  measure(log, CAT.detention, '2023-12-01', true, 'Overcrowding relieved by a new pre-trial detention centre');

  // In this timeline the information on paragraph 14 came late, so that one reply is overdue for a while.
  reply(log, CAT.definition, kaz.followUpReply.receivedOn);
  reply(log, CAT.safeguards, kaz.followUpReply.receivedOn);
  reply(log, CAT.legalAid, '2024-10-01');

  assess(log, CAT.definition, 'B', 'partially_satisfactory', '2024-11-22', 81);
  assess(log, CAT.safeguards, 'C', 'not_satisfactory', '2024-11-22', 81);
  assess(log, CAT.definition, 'A', 'satisfactory', '2025-11-21', 84);
  return log;
}
