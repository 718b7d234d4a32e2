import type { PlanAction, ReportActionProgress } from '../../src/domain/action/action.js';
import type { DefineIndicator, RecordIndicatorValue } from '../../src/domain/indicator/indicator.js';
import type { RegisterInstitution } from '../../src/domain/institution/institution.js';
import type { AssignResponsibility } from '../../src/domain/recommendation/commands.js';
import { catId, uprId } from './founding-case.js';

/**
 * ILLUSTRATIVE: a plausible national plan for the founding case, written for the demo. The three institutions exist
 * (the Commissioner for Human Rights is Kazakhstan's national preventive mechanism); the UPR recommendation is the
 * founding case's; the cluster, responsibilities, actions, dates, budget and
 * indicator figures are invented to show the feature, not reported facts.
 */
export const institutions: RegisterInstitution[] = [
  { state: 'KAZ', name: "Prosecutor-General's Office", kind: 'prosecution' },
  { state: 'KAZ', name: 'Ministry of Internal Affairs', kind: 'ministry' },
  { state: 'KAZ', name: 'Commissioner for Human Rights (national preventive mechanism)', kind: 'nhri' },
];
export const PROSECUTOR = 'kaz-prosecutor-general-s-office';
export const INTERIOR = 'kaz-ministry-of-internal-affairs';
export const COMMISSIONER = 'kaz-commissioner-for-human-rights-national-preventive-mechanism';

/** The founding case's UPR recommendation on torture, which the plan joins to the CAT's. */
export const UPR_ID = uprId('137.3');
const cat = catId;

/** Who leads and who supports, from the day the plan was adopted (illustrative). */
export const responsibilities: { recommendationId: string; assignment: AssignResponsibility }[] = [
  { recommendationId: cat('8'), assignment: { institution: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01' } },
  { recommendationId: cat('10'), assignment: { institution: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01' } },
  { recommendationId: cat('10'), assignment: { institution: INTERIOR, role: 'support', assignedOn: '2023-06-01' } },
  { recommendationId: cat('12(a)'), assignment: { institution: INTERIOR, role: 'lead', assignedOn: '2023-06-01' } },
  {
    recommendationId: cat('12(a)'),
    assignment: { institution: PROSECUTOR, role: 'support', assignedOn: '2023-06-01' },
  },
  { recommendationId: cat('20'), assignment: { institution: COMMISSIONER, role: 'lead', assignedOn: '2023-06-01' } },
  { recommendationId: UPR_ID, assignment: { institution: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01' } },
  { recommendationId: UPR_ID, assignment: { institution: COMMISSIONER, role: 'support', assignedOn: '2023-06-01' } },
];

/** One cluster joining the CAT and the UPR recommendations on torture prevention. */
export const cluster = {
  state: 'KAZ',
  title: 'Torture prevention',
  theme: 'Torture and other cruel, inhuman or degrading treatment',
  recommendationIds: [cat('8'), cat('10'), cat('12(a)'), cat('16'), cat('20'), UPR_ID],
  formedOn: '2023-06-01',
};
export const CLUSTER_ID = 'kaz-torture-prevention';

export const actions: { plan: PlanAction; progress: ReportActionProgress[]; measureOn?: string }[] = [
  {
    plan: {
      state: 'KAZ',
      title: 'Train investigators and prosecutors on the Istanbul Protocol',
      clusterId: CLUSTER_ID,
      recommendationIds: [cat('8')],
      institution: PROSECUTOR,
      plannedStart: '2023-09-01',
      plannedEnd: '2024-06-30',
      plannedOn: '2023-06-15',
    },
    progress: [
      { on: '2024-01-15', status: 'under_way', percent: 60, note: 'Four regional sessions held.' },
      { on: '2024-06-20', status: 'completed', note: 'All regions covered.' },
    ],
    measureOn: cat('8'),
  },
  {
    plan: {
      state: 'KAZ',
      title: 'Video recording in every room of police custody facilities',
      recommendationIds: [cat('12(a)')],
      institution: INTERIOR,
      plannedStart: '2023-07-01',
      plannedEnd: '2024-12-31',
      budget: { amount: 1_200_000_000, currency: 'KZT' },
      plannedOn: '2023-06-15',
    },
    progress: [
      { on: '2024-03-01', status: 'under_way', percent: 40 },
      { on: '2024-11-01', status: 'delayed', percent: 55, note: 'Procurement of cameras delayed.' },
    ],
  },
  {
    plan: {
      state: 'KAZ',
      title: 'Unannounced preventive visits to every pre-trial detention centre',
      recommendationIds: [cat('20'), UPR_ID],
      institution: COMMISSIONER,
      plannedStart: '2024-01-01',
      plannedEnd: '2027-12-31',
      budget: { amount: 45_000_000, currency: 'KZT' },
      plannedOn: '2023-12-01',
    },
    progress: [{ on: '2025-06-01', status: 'under_way', percent: 50, note: '9 of 18 centres visited.' }],
  },
];

export const indicator: DefineIndicator = {
  state: 'KAZ',
  title: 'Share of torture complaints leading to a criminal investigation',
  unit: '%',
  baseline: { value: 12, on: '2022-12-31' },
  target: { value: 50, by: '2027-12-31' },
  recommendationIds: [cat('8'), cat('10'), UPR_ID],
  sdgTargets: ['16.3'],
};
export const INDICATOR_ID = 'kaz-share-of-torture-complaints-leading-to-a-criminal-investigation';
export const indicatorValues: RecordIndicatorValue[] = [
  { value: 18, on: '2023-12-31', source: "Prosecutor-General's Office, annual statistics (illustrative figure)" },
  { value: 24, on: '2024-12-31', source: "Prosecutor-General's Office, annual statistics (illustrative figure)" },
  { value: 31, on: '2025-12-31', source: "Prosecutor-General's Office, annual statistics (illustrative figure)" },
];
