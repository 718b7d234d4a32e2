import t from 'tap';
import { type ActionCommand, actionDecider } from '../../../src/domain/action/decider.js';
import { actionServes, isLate, progressOn } from '../../../src/domain/action/state.js';
import { clusterDecider } from '../../../src/domain/cluster/decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { given, stateAfter } from '../given.js';
import {
  CAT_ID,
  INTERIOR,
  interior,
  paragraph10,
  planned,
  recommendations,
  reported,
  UPR_ID,
  unknownInstitution,
  uprIssued,
  uzbekInterior,
  uzbekIssued,
} from './fixtures.js';

const CLUSTER = 'kaz-prevention-of-torture';
const known = recommendations(paragraph10, uprIssued, uzbekIssued);
const cluster = stateAfter(clusterDecider, {
  type: 'ClusterFormed',
  data: {
    clusterId: CLUSTER,
    state: 'KAZ',
    title: 'Prevention of torture',
    formedOn: '2023-06-01',
    recommendationIds: [UPR_ID],
  },
});

const planData = {
  state: 'KAZ',
  title: 'Train investigators in the Istanbul Protocol',
  recommendationIds: [CAT_ID],
  institution: INTERIOR,
  plannedStart: '2024-01-01',
  plannedEnd: '2024-12-31',
  budget: { amount: 25_000_000, currency: 'KZT' },
  plannedOn: '2023-11-01',
};
const plan = (
  data: Partial<typeof planData> & { clusterId?: string } = {},
  institution: typeof interior | typeof uzbekInterior | typeof unknownInstitution = interior,
): ActionCommand => ({
  type: 'PlanAction',
  data: { ...planData, ...data },
  institution,
  recommendations: known,
  cluster,
});
const progress = (
  on: string,
  status: 'planned' | 'under_way' | 'completed' | 'delayed' | 'cancelled',
  percent?: number,
) => ({ type: 'ReportActionProgress', data: { on, status, ...(percent !== undefined ? { percent } : {}) } }) as const;

t.test(
  'an action is planned for a recommendation, by an institution, between two dates',
  given(actionDecider).when(plan()).then(planned),
);

t.test(
  'an action may serve a cluster instead of naming recommendations',
  given(actionDecider)
    .when(plan({ recommendationIds: [], clusterId: CLUSTER }))
    .then({ type: 'ActionPlanned', data: { ...planned.data, recommendationIds: [], clusterId: CLUSTER } }),
);

t.test(
  'an action serves something',
  given(actionDecider)
    .when(plan({ recommendationIds: [] }))
    .thenThrows(RuleViolation, /name recommendationIds, a clusterId, or both/),
);

t.test("dates in order: an action's end after its start", async (t) => {
  await given(actionDecider)
    .when(plan({ plannedEnd: '2023-12-31' }))
    .thenThrows(
      RuleViolation,
      /plannedEnd 2023-12-31 must come after plannedStart 2024-01-01/,
    )(t);
  await given(actionDecider)
    .when(plan({ plannedEnd: '2024-01-01' }))
    .thenThrows(
      RuleViolation,
      /an action ends after it starts/,
    )(t);
});

t.test(
  'State scope: the institution',
  given(actionDecider)
    .when(plan({}, uzbekInterior))
    .thenThrows(RuleViolation, /belongs to UZB, not KAZ/),
);
t.test(
  'State scope: the recommendations',
  given(actionDecider)
    .when(plan({ recommendationIds: ['cat-c-uzb-co-5-9'] }))
    .thenThrows(RuleViolation, /concerns UZB, not KAZ/),
);
t.test(
  'State scope: the cluster',
  given(actionDecider)
    .when({ ...plan({ clusterId: CLUSTER }), cluster: { ...cluster, state: 'UZB' } } as ActionCommand)
    .thenThrows(RuleViolation, /cluster kaz-prevention-of-torture is UZB's, not KAZ's/),
);
t.test('what an action names exists', async (t) => {
  await given(actionDecider)
    .when(plan({}, unknownInstitution))
    .thenThrows(
      RuleViolation,
      /not registered/,
    )(t);
  await given(actionDecider)
    .when(plan({ recommendationIds: ['nope'] }))
    .thenThrows(
      RuleViolation,
      /recommendation nope does not exist/,
    )(t);
  await given(actionDecider)
    .when({ ...plan({ clusterId: 'kaz-nope' }), cluster: { exists: false } } as ActionCommand)
    .thenThrows(
      RuleViolation,
      /cluster kaz-nope does not exist/,
    )(t);
});
t.test(
  'an action is planned once',
  given(actionDecider, planned)
    .when(plan())
    .thenThrows(LifecycleConflict, /already planned/),
);

t.test(
  'progress is reported',
  given(actionDecider, planned)
    .when(progress('2024-02-01', 'under_way', 10))
    .then(reported('2024-02-01', 'under_way', 10)),
);

t.test('a completed action is 100% done', async (t) => {
  await given(actionDecider, planned)
    .when(progress('2024-11-30', 'completed'))
    .then(reported('2024-11-30', 'completed', 100))(t);
  await given(actionDecider, planned)
    .when(progress('2024-11-30', 'completed', 80))
    .thenThrows(
      RuleViolation,
      /a completed action is 100% done, not 80%/,
    )(t);
});

t.test(
  'dates in order: progress reports go forward',
  given(actionDecider, planned, reported('2024-03-01', 'under_way', 20))
    .when(progress('2024-02-01', 'delayed'))
    .thenThrows(RuleViolation, /last reported on 2024-03-01: a report cannot go back to 2024-02-01/),
);

t.test('nothing follows a completed or cancelled action', async (t) => {
  await given(actionDecider, planned, reported('2024-11-30', 'completed', 100))
    .when(progress('2024-12-01', 'under_way'))
    .thenThrows(
      LifecycleConflict,
      /was completed on 2024-11-30: no progress follows/,
    )(t);
  await given(actionDecider, planned, reported('2024-05-01', 'cancelled'))
    .when(progress('2024-06-01', 'under_way'))
    .thenThrows(
      LifecycleConflict,
      /was cancelled on 2024-05-01/,
    )(t);
});

t.test(
  'progress of an unplanned action',
  given(actionDecider)
    .when(progress('2024-01-01', 'under_way'))
    .thenThrows(NotFound, /plan it first/),
);

t.test('late on the day asked: past its planned end and not completed', async (t) => {
  const state = stateAfter(
    actionDecider,
    planned,
    reported('2024-02-01', 'under_way', 10),
    reported('2025-01-20', 'completed', 100),
  );
  if (!state.exists) throw new Error('planned');
  const lateOn = (day: string) => isLate(state.plannedEnd, progressOn(state.progress, day).status, day);
  t.equal(progressOn(state.progress, '2023-12-01').status, 'planned', 'before any report: planned');
  t.strictSame(progressOn(state.progress, '2024-06-01'), { status: 'under_way', percent: 10 });
  t.notOk(lateOn('2024-12-31'), 'not late on its planned end');
  t.ok(lateOn('2025-01-01'), 'late the day after');
  t.ok(lateOn('2025-01-19'), 'still late the day before completion');
  t.notOk(lateOn('2025-01-20'), 'completed: not late');
  t.strictSame(progressOn(state.progress), { status: 'completed', percent: 100, completedOn: '2025-01-20' });
  t.notOk(isLate('2024-12-31', 'cancelled', '2025-06-01'), 'a cancelled action is not late');
});

t.test('an action serves its recommendations and those of its cluster', async (t) => {
  t.ok(actionServes({ recommendationIds: [CAT_ID] }, [], CAT_ID));
  t.ok(actionServes({ recommendationIds: [] }, [UPR_ID], UPR_ID));
  t.notOk(actionServes({ recommendationIds: [CAT_ID] }, [], UPR_ID));
});
