import type { IssueRecommendation, RecordMeasure } from '../../src/domain/recommendation/commands.js';
import type { AdoptConcludingObservations, PresentReport, SubmitReport } from '../../src/domain/report/commands.js';

/**
 * Kazakhstan's fourth periodic report to the Committee against Torture, 2018–2024: the case the project grew from.
 * The facts (symbols, dates, session, topics, measures) are public; the recommendation texts are short paraphrases
 * written for this demo, and the paragraph numbers and the days of the measures are illustrative.
 */
export const report: SubmitReport = {
  state: 'KAZ',
  mechanism: 'CAT',
  cycle: 4,
  symbol: 'CAT/C/KAZ/4',
  submittedOn: '2018-12-05',
  procedure: 'simplified',
};

export const presentation: PresentReport = {
  session: 76,
  presentedOn: '2023-05-02',
  delegationHead: 'Chair of the Commission on Human Rights under the President',
};

export const concludingObservations: AdoptConcludingObservations = {
  symbol: 'CAT/C/KAZ/CO/4',
  adoptedOn: '2023-05-10',
};

const issued = {
  state: 'KAZ',
  mechanism: 'CAT',
  symbol: 'CAT/C/KAZ/CO/4',
  issuedOn: '2023-05-10',
  reportId: 'cat-c-kaz-4',
} as const;
const followUp = { deadline: '2024-05-12' };

export const recommendations: IssueRecommendation[] = [
  {
    ...issued,
    paragraph: '8',
    text: 'Investigate promptly, impartially and effectively every allegation of torture and excessive use of force by law enforcement officers during the January 2022 events, and prosecute and punish those responsible.',
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Administration of justice'],
  },
  {
    ...issued,
    paragraph: '9',
    text: 'Place the burden of proof on the authorities to show that a confession was made voluntarily, and collect and publish data on deaths in custody and their causes.',
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Deprivation of liberty'],
    affectedPersons: ['Persons deprived of their liberty'],
  },
  {
    ...issued,
    paragraph: '10',
    text: 'Bring the definition of torture in the Criminal Code fully into line with article 1 of the Convention and make torture punishable by penalties commensurate with its gravity, without statutes of limitation or amnesty.',
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Legal and institutional framework'],
    followUp,
  },
  {
    ...issued,
    paragraph: '12(a)',
    text: 'Guarantee in law and in practice that every person deprived of liberty enjoys all fundamental legal safeguards from the very outset, including prompt access to a lawyer and to an independent doctor.',
    themes: ['Deprivation of liberty', 'Administration of justice'],
    affectedPersons: ['Persons deprived of their liberty'],
    followUp,
  },
  {
    ...issued,
    paragraph: '14',
    text: 'Ensure effective free legal assistance for detained persons and record every detention from the moment of actual apprehension.',
    themes: ['Deprivation of liberty', 'Access to justice'],
    followUp,
  },
  {
    ...issued,
    paragraph: '16',
    text: 'Set up confidential complaint mechanisms in all places of detention and protect complainants and witnesses from reprisals.',
    themes: ['Deprivation of liberty', 'Human rights defenders'],
    affectedPersons: ['Persons deprived of their liberty'],
  },
  {
    ...issued,
    paragraph: '18',
    text: 'Improve material conditions of detention, reduce overcrowding and ensure adequate, independent health care in prisons.',
    themes: ['Deprivation of liberty', 'Right to health'],
    affectedPersons: ['Persons deprived of their liberty'],
  },
  {
    ...issued,
    paragraph: '20',
    text: 'Guarantee the independence of the national preventive mechanism and give it the human and financial resources it needs.',
    themes: ['National human rights institutions', 'Torture and other cruel, inhuman or degrading treatment'],
  },
  {
    ...issued,
    paragraph: '22',
    text: 'Ensure that all victims of torture obtain redress, including fair and adequate compensation and the means for as full rehabilitation as possible.',
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Right to an effective remedy'],
    affectedPersons: ['Victims of torture'],
  },
];

/** Measures the State reported around the review; only those taken after the recommendations can count towards them. */
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

/** The follow-up information received on 13 May 2024 covered paragraph 10 and paragraphs 11 to 15. */
export const followUpReply = {
  receivedOn: '2024-05-13',
  summary:
    'Follow-up information from Kazakhstan on the definition of torture and its penalties (paragraph 10) and on fundamental legal safeguards and legal assistance (paragraphs 11 to 15).',
  paragraphs: ['10', '12(a)', '14'],
};
