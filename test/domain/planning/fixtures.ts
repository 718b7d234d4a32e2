/**
 * A plan for the founding case. The institutions are Kazakhstan's; the cluster, actions, dates and figures are
 * illustrative, as is the UPR recommendation's paragraph.
 */
import type { ActionEvent } from '../../../src/domain/action/action.js';
import { type RecommendationState, recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../src/domain/recommendation/events.js';
import { stateAfter } from '../given.js';
import { RECOMMENDATION_ID, recommendationIssued } from '../kazakhstan.js';

export const PROSECUTOR = 'kaz-prosecutor-general-s-office';
export const INTERIOR = 'kaz-ministry-of-internal-affairs';
export const COMMISSIONER = 'kaz-commissioner-for-human-rights';
export const UPR_ID = 'a-hrc-44-10-137-5';

export const prosecutor = {
  exists: true,
  id: PROSECUTOR,
  state: 'KAZ',
  name: "Prosecutor-General's Office",
  kind: 'prosecution',
} as const;
export const interior = { exists: true, id: INTERIOR, state: 'KAZ', name: 'Ministry of Internal Affairs' } as const;
export const uzbekInterior = {
  exists: true,
  id: 'uzb-ministry-of-internal-affairs',
  state: 'UZB',
  name: 'Ministry of Internal Affairs',
} as const;
export const unknownInstitution = { exists: false } as const;

/** Paragraph 10 of CAT/C/KAZ/CO/4, issued on 10 May 2023. */
export const paragraph10 = recommendationIssued;
export const CAT_ID = RECOMMENDATION_ID;

export const uprIssued = {
  type: 'RecommendationIssued',
  data: {
    recommendationId: UPR_ID,
    state: 'KAZ',
    mechanism: 'UPR',
    symbol: 'A/HRC/44/10',
    paragraph: '137.5',
    text: 'Illustrative: establish an independent mechanism to investigate all allegations of torture.',
    issuedOn: '2020-03-20',
    themes: [],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: ['NOR'],
  },
} satisfies RecommendationEvent;

export const uzbekIssued = {
  type: 'RecommendationIssued',
  data: {
    recommendationId: 'cat-c-uzb-co-5-9',
    state: 'UZB',
    mechanism: 'CAT',
    symbol: 'CAT/C/UZB/CO/5',
    paragraph: '9',
    text: 'Illustrative: investigate all allegations of torture promptly and impartially.',
    issuedOn: '2019-12-06',
    themes: [],
    sdgs: [],
    affectedPersons: [],
    recommendingStates: [],
  },
} satisfies RecommendationEvent;

/** Recommendations as their decider sees them, by id: what the planning commands carry. */
export function recommendations(...issued: RecommendationEvent[]): Map<string, RecommendationState> {
  return new Map(issued.map((event) => [event.data.recommendationId, stateAfter(recommendationDecider, event)]));
}

export const ACTION = 'kaz-train-investigators-in-the-istanbul-protocol';

/** An action of the Ministry of Internal Affairs for paragraph 10 in 2024 (illustrative). */
export const planned = {
  type: 'ActionPlanned',
  data: {
    actionId: ACTION,
    state: 'KAZ',
    title: 'Train investigators in the Istanbul Protocol',
    recommendationIds: [CAT_ID],
    institutionId: INTERIOR,
    plannedStart: '2024-01-01',
    plannedEnd: '2024-12-31',
    budget: { amount: 25_000_000, currency: 'KZT' },
    plannedOn: '2023-11-01',
  },
} satisfies ActionEvent;

type Status = 'planned' | 'under_way' | 'completed' | 'delayed' | 'cancelled';
export const reported = (on: string, status: Status, percent?: number) =>
  ({
    type: 'ActionProgressReported',
    data: { actionId: ACTION, on, status, ...(percent !== undefined ? { percent } : {}) },
  }) as const;
