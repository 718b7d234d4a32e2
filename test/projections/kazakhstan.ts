import { recommendationId, recommendationStream, reportStream } from '../../src/domain/identity.js';
import { Log } from './log.js';

export const REPORT = 'cat-c-kaz-4';
export const CO = 'CAT/C/KAZ/CO/4';
export const UPR = 'A/HRC/43/10';
/** The CAT recommendations: 8, 10 and 12 selected for follow-up, 22 and 26 not. */
export const CAT = {
  events2022: recommendationId(CO, '8'),
  definition: recommendationId(CO, '10'),
  safeguards: recommendationId(CO, '12'),
  detention: recommendationId(CO, '22'),
  mechanism: recommendationId(CO, '26'),
};
export const UPR_IDS = ['140.1', '140.2', '140.3', '140.4'].map((paragraph) => recommendationId(UPR, paragraph));
export const DEADLINE = '2024-05-12';
const TORTURE = 'Torture and other cruel, inhuman or degrading treatment';

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

/** Kazakhstan's fourth periodic report to the CAT, its concluding observations and their follow-up. */
export function foundingCase(log = new Log()): Log {
  const report = reportStream(REPORT);
  log.append(report, 'ReportSubmitted', {
    reportId: REPORT,
    state: 'KAZ',
    mechanism: 'CAT',
    cycle: 4,
    symbol: 'CAT/C/KAZ/4',
    submittedOn: '2018-12-05',
    procedure: 'simplified',
  });

  // Kazakhstan's third UPR: four recommendations, three answered.
  for (const [index, paragraph] of ['140.1', '140.2', '140.3', '140.4'].entries()) {
    issue(log, {
      mechanism: 'UPR',
      symbol: UPR,
      paragraph,
      issuedOn: '2020-01-07',
      themes: index === 0 ? [TORTURE] : ['Death penalty'],
      recommendingStates: ['FRA', 'DEU'],
    });
  }
  respond(log, UPR_IDS[0]!, 'supported', '2020-03-13');
  respond(log, UPR_IDS[1]!, 'noted', '2020-03-13');
  respond(log, UPR_IDS[2]!, 'supported_in_part', '2020-03-13', 'Accepted for the criminal justice part');

  log.append(report, 'ReportPresented', {
    reportId: REPORT,
    session: 76,
    presentedOn: '2023-05-02',
    delegationHead: 'Chair of the Commission on Human Rights under the President',
  });
  log.append(report, 'ConcludingObservationsAdopted', { reportId: REPORT, symbol: CO, adoptedOn: '2023-05-10' });

  const followUp = { deadline: DEADLINE };
  issue(log, { paragraph: '8', reportId: REPORT, themes: [TORTURE, 'Excessive use of force'], followUp });
  issue(log, { paragraph: '10', reportId: REPORT, themes: [TORTURE, 'Definition of torture'], followUp });
  issue(log, { paragraph: '12', reportId: REPORT, themes: ['Fundamental legal safeguards'], followUp });
  issue(log, { paragraph: '22', reportId: REPORT, themes: ['Conditions of detention'] });
  issue(log, { paragraph: '26', reportId: REPORT, themes: ['National preventive mechanism'] });

  measure(log, CAT.definition, '2023-09-01', false, 'Draft amendments to article 146 of the Criminal Code');
  measure(log, CAT.safeguards, '2024-01-10', false, 'Legal aid from the moment of actual detention');
  measure(log, CAT.definition, '2024-03-15', true, 'Definition of torture aligned with article 1 of the Convention');
  // Recorded after the others, effective before some of them.
  measure(log, CAT.detention, '2023-12-01', true, 'Prison medical services moved to the Ministry of Healthcare');

  reply(log, CAT.definition, '2024-05-13');
  reply(log, CAT.safeguards, '2024-05-13');
  reply(log, CAT.events2022, '2024-10-01');

  assess(log, CAT.definition, 'B', 'partially_satisfactory', '2024-11-22', 81);
  assess(log, CAT.safeguards, 'C', 'not_satisfactory', '2024-11-22', 81);
  assess(log, CAT.definition, 'A', 'satisfactory', '2025-11-21', 84);
  return log;
}
