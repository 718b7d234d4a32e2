/** The founding case: Kazakhstan's fourth periodic report to the Committee against Torture, and what followed. */
import type { RecommendationCommand } from '../../src/domain/recommendation/commands.js';
import type { RecommendationEvent } from '../../src/domain/recommendation/events.js';
import type { ReportCommand } from '../../src/domain/report/commands.js';
import type { ReportEvent } from '../../src/domain/report/events.js';

export const REPORT_ID = 'cat-c-kaz-4';
export const RECOMMENDATION_ID = 'cat-c-kaz-co-4-10';

export const submitReport = {
  type: 'SubmitReport',
  data: { state: 'KAZ', mechanism: 'CAT', cycle: 4, symbol: 'CAT/C/KAZ/4', submittedOn: '2018-12-05' },
} satisfies ReportCommand;

export const reportSubmitted = {
  type: 'ReportSubmitted',
  data: {
    reportId: REPORT_ID,
    state: 'KAZ',
    mechanism: 'CAT',
    cycle: 4,
    symbol: 'CAT/C/KAZ/4',
    submittedOn: '2018-12-05',
    procedure: 'standard',
  },
} satisfies ReportEvent;

const delegationHead = 'Chair of the Commission on Human Rights under the President';

export const presentReport = {
  type: 'PresentReport',
  data: { session: 76, presentedOn: '2023-05-02', delegationHead },
} satisfies ReportCommand;

export const reportPresented = {
  type: 'ReportPresented',
  data: { reportId: REPORT_ID, session: 76, presentedOn: '2023-05-02', delegationHead },
} satisfies ReportEvent;

export const adoptConcludingObservations = {
  type: 'AdoptConcludingObservations',
  data: { symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10' },
} satisfies ReportCommand;

export const concludingObservationsAdopted = {
  type: 'ConcludingObservationsAdopted',
  data: { reportId: REPORT_ID, symbol: 'CAT/C/KAZ/CO/4', adoptedOn: '2023-05-10' },
} satisfies ReportEvent;

const definitionOfTorture =
  'The State party should bring the definition of torture into line with article 1 of the Convention and ensure ' +
  'that penalties for torture are commensurate with the gravity of the crime.';

/** Paragraph 10, selected for follow-up: a reply was due one year after the session. */
export const issueRecommendation = {
  type: 'IssueRecommendation',
  data: {
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    text: definitionOfTorture,
    issuedOn: '2023-05-10',
    reportId: REPORT_ID,
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Administration of justice & fair trial'],
    sdgs: ['16.3 - Promote the rule of law'],
    followUp: { deadline: '2024-05-12' },
  },
} satisfies RecommendationCommand;

export const recommendationIssued = {
  type: 'RecommendationIssued',
  data: {
    recommendationId: RECOMMENDATION_ID,
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    text: definitionOfTorture,
    issuedOn: '2023-05-10',
    reportId: REPORT_ID,
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Administration of justice & fair trial'],
    sdgs: ['16.3 - Promote the rule of law'],
    affectedPersons: [],
    followUp: { deadline: '2024-05-12' },
    recommendingStates: [],
  },
} satisfies RecommendationEvent;

export const receiveFollowUpReply = {
  type: 'ReceiveFollowUpReply',
  data: { receivedOn: '2024-05-13', summary: 'Information on paragraphs 10 to 15 of the concluding observations.' },
} satisfies RecommendationCommand;

export const followUpReplyReceived = {
  type: 'FollowUpReplyReceived',
  data: {
    recommendationId: RECOMMENDATION_ID,
    receivedOn: '2024-05-13',
    summary: 'Information on paragraphs 10 to 15 of the concluding observations.',
  },
} satisfies RecommendationEvent;

/** The State reported the move around the review; the exact day here is illustrative. */
export const recordMeasure = {
  type: 'RecordMeasure',
  data: {
    title: 'Prison medical services moved to the Ministry of Healthcare',
    institution: 'Government of Kazakhstan',
    implementedOn: '2023-07-01',
  },
} satisfies RecommendationCommand;

export const measureImplemented = {
  type: 'MeasureImplemented',
  data: {
    recommendationId: RECOMMENDATION_ID,
    title: 'Prison medical services moved to the Ministry of Healthcare',
    institution: 'Government of Kazakhstan',
    implementedOn: '2023-07-01',
    evidence: [],
    completes: false,
  },
} satisfies RecommendationEvent;
