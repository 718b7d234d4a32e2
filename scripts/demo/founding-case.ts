import { recommendationId, reportId } from '../../src/domain/identity.js';
import type {
  IssueRecommendation,
  ReceiveFollowUpReply,
  RecordMeasure,
  RespondToRecommendation,
} from '../../src/domain/recommendation/commands.js';
import type { AdoptConcludingObservations, PresentReport, SubmitReport } from '../../src/domain/report/commands.js';

/**
 * The case the project grew from, written once as the commands that record it: Kazakhstan's fourth periodic
 * report to the Committee against Torture (2018–2024), with Kazakhstan's third UPR beside it. The demo loads it;
 * the domain, read-model and HTTP tests build on it (docs: domain.md, "The case the project grew from").
 *
 * The facts (symbols, dates, session, delegation, topics, measures, the follow-up information) are public; the
 * recommendation texts are short paraphrases, and the paragraph numbers, the days of the measures and the UPR
 * recommendations (texts, recommending States, positions) are illustrative.
 */

/** Received on 5 December 2018 under the standard procedure (list of issues CAT/C/KAZ/Q/4). */
export const report = {
  state: 'KAZ',
  mechanism: 'CAT',
  cycle: 4,
  symbol: 'CAT/C/KAZ/4',
  submittedOn: '2018-12-05',
  procedure: 'standard',
} as const satisfies SubmitReport;
export const REPORT_ID = reportId(report.symbol);

export const presentation = {
  session: 76,
  presentedOn: '2023-05-02',
  delegationHead: 'Chair of the Commission on Human Rights under the President',
} as const satisfies PresentReport;

export const concludingObservations = {
  symbol: 'CAT/C/KAZ/CO/4',
  adoptedOn: '2023-05-10',
} as const satisfies AdoptConcludingObservations;

/** The id of a paragraph of the concluding observations. */
export const catId = (paragraph: string): string => recommendationId(concludingObservations.symbol, paragraph);

const TORTURE = 'Torture and other cruel, inhuman or degrading treatment';
const DETAINED = 'Persons deprived of their liberty';
/** The rule of law and equal access to justice. */
const SDG_JUSTICE = '16.3 - Promote the rule of law';
export const FOLLOW_UP_DEADLINE = '2024-05-12';
const issued = {
  state: 'KAZ',
  mechanism: 'CAT',
  symbol: concludingObservations.symbol,
  issuedOn: concludingObservations.adoptedOn,
  reportId: REPORT_ID,
} as const;
const followUp = { deadline: FOLLOW_UP_DEADLINE };

/** The concluding observations' recommendations; 10, 12(a) and 14 are selected for follow-up. */
export const recommendations: IssueRecommendation[] = [
  {
    ...issued,
    paragraph: '8',
    text: 'Investigate promptly, impartially and effectively every allegation of torture and excessive use of force by law enforcement officers during the January 2022 events, and prosecute and punish those responsible.',
    themes: [TORTURE, 'Excessive use of force'],
    sdgs: [SDG_JUSTICE],
  },
  {
    ...issued,
    paragraph: '9',
    text: 'Place the burden of proof on the authorities to show that a confession was made voluntarily, and collect and publish data on deaths in custody and their causes.',
    themes: [TORTURE, 'Deprivation of liberty'],
    affectedPersons: [DETAINED],
  },
  {
    ...issued,
    paragraph: '10',
    text: 'Bring the definition of torture in the Criminal Code fully into line with article 1 of the Convention and make torture punishable by penalties commensurate with its gravity, without statutes of limitation or amnesty.',
    themes: [TORTURE, 'Definition of torture'],
    sdgs: [SDG_JUSTICE],
    affectedPersons: [DETAINED],
    followUp,
  },
  {
    ...issued,
    paragraph: '12(a)',
    text: 'Guarantee in law and in practice that every person deprived of liberty enjoys all fundamental legal safeguards from the very outset, including prompt access to a lawyer and to an independent doctor.',
    themes: ['Fundamental legal safeguards'],
    affectedPersons: [DETAINED],
    followUp,
  },
  {
    ...issued,
    paragraph: '14',
    text: 'Ensure effective free legal assistance for detained persons and record every detention from the moment of actual apprehension.',
    themes: ['Fundamental legal safeguards', 'Access to justice'],
    followUp,
  },
  {
    ...issued,
    paragraph: '16',
    text: 'Set up confidential complaint mechanisms in all places of detention and protect complainants and witnesses from reprisals.',
    themes: ['Deprivation of liberty', 'Human rights defenders'],
    affectedPersons: [DETAINED],
  },
  {
    ...issued,
    paragraph: '18',
    text: 'Improve material conditions of detention, reduce overcrowding and ensure adequate, independent health care in prisons.',
    themes: ['Conditions of detention', 'Right to health'],
    affectedPersons: [DETAINED],
  },
  {
    ...issued,
    paragraph: '20',
    text: 'Guarantee the independence of the national preventive mechanism and give it the human and financial resources it needs.',
    themes: ['National preventive mechanism'],
  },
  {
    ...issued,
    paragraph: '22',
    text: 'Ensure that all victims of torture obtain redress, including fair and adequate compensation and the means for as full rehabilitation as possible.',
    themes: [TORTURE, 'Right to an effective remedy'],
    affectedPersons: ['Victims of torture'],
  },
];

/** The recommendation of one paragraph (throws on a paragraph the case does not have). */
export function paragraph(number: string): IssueRecommendation {
  const found = recommendations.find((recommendation) => recommendation.paragraph === number);
  if (!found) throw new Error(`the founding case has no paragraph ${number}`);
  return found;
}

/** Measures the State reported around the review, each on the paragraph it serves. */
export const measures: { paragraph: string; measure: RecordMeasure }[] = [
  {
    paragraph: '18',
    measure: {
      title: 'Prison medical services transferred from the Ministry of Internal Affairs to the Ministry of Healthcare',
      institution: 'Ministry of Healthcare',
      implementedOn: '2023-07-01',
      description:
        'Medical units of the penitentiary system placed under the health authorities, for independent care.',
    },
  },
  {
    paragraph: '20',
    measure: {
      title:
        'Independence of the Human Rights Commissioner set in constitutional law, applied to the preventive mechanism',
      institution: 'Human Rights Commissioner',
      implementedOn: '2023-06-15',
    },
  },
  {
    paragraph: '16',
    measure: {
      title: "Regional commissioners for children's rights appointed",
      institution: "Commissioner for Children's Rights",
      implementedOn: '2023-09-01',
    },
  },
  {
    paragraph: '10',
    measure: {
      title: 'Penalties for torture raised and limitation periods removed under the law on preventing torture',
      institution: 'Parliament of Kazakhstan',
      implementedOn: '2024-01-01',
      description: 'Application of the March 2023 law on preventing torture, reported in the follow-up information.',
    },
  },
];

/** The measure recorded on one paragraph (throws when there is none). */
export function measureOn(number: string): RecordMeasure {
  const found = measures.find((entry) => entry.paragraph === number);
  if (!found) throw new Error(`the founding case records no measure on paragraph ${number}`);
  return found.measure;
}

/** The follow-up information received on 13 May 2024 covered paragraph 10 and paragraphs 11 to 15. */
export const followUpReply: ReceiveFollowUpReply & { paragraphs: string[] } = {
  receivedOn: '2024-05-13',
  summary:
    'Follow-up information from Kazakhstan on the definition of torture and its penalties (paragraph 10) and on fundamental legal safeguards and legal assistance (paragraphs 11 to 15).',
  paragraphs: ['10', '12(a)', '14'],
};

/** Kazakhstan's third UPR (Working Group session 34), illustrative: four recommendations, three answered. */
export const UPR_SYMBOL = 'A/HRC/44/10';
const upr = { state: 'KAZ', mechanism: 'UPR', symbol: UPR_SYMBOL, issuedOn: '2020-03-20' } as const;

export const uprRecommendations: IssueRecommendation[] = [
  {
    ...upr,
    paragraph: '137.1',
    text: 'Ratify the Optional Protocol to the Convention on the Rights of Persons with Disabilities.',
    themes: ['Persons with disabilities'],
    recommendingStates: ['NOR', 'ARM'],
  },
  {
    ...upr,
    paragraph: '137.2',
    text: 'Abolish the death penalty for all crimes and ratify the Second Optional Protocol to the International Covenant on Civil and Political Rights.',
    themes: ['Death penalty'],
    recommendingStates: ['FRA', 'DEU'],
  },
  {
    ...upr,
    paragraph: '137.3',
    text: 'Bring the definition of torture into line with the Convention and investigate every allegation of torture.',
    themes: [TORTURE],
    recommendingStates: ['FRA', 'DEU'],
  },
  {
    ...upr,
    paragraph: '137.4',
    text: 'Establish a moratorium on executions as a first step towards abolition.',
    themes: ['Death penalty'],
    recommendingStates: ['FRA', 'DEU'],
  },
];

/** The id of a paragraph of the UPR report. */
export const uprId = (paragraph: string): string => recommendationId(UPR_SYMBOL, paragraph);

/** Kazakhstan's positions, given at the Council's adoption of the outcome; 137.4 has none yet. */
export const uprResponses: { paragraph: string; response: RespondToRecommendation }[] = [
  { paragraph: '137.1', response: { position: 'supported', respondedOn: '2020-09-22' } },
  { paragraph: '137.2', response: { position: 'noted', respondedOn: '2020-09-22' } },
  {
    paragraph: '137.3',
    response: {
      position: 'supported_in_part',
      respondedOn: '2020-09-22',
      comment: 'Accepted for the criminal justice part',
    },
  },
];
