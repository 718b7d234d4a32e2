import t from 'tap';
import { actionDecider } from '../../../src/domain/action/decider.js';
import type { ActionState } from '../../../src/domain/action/state.js';
import { RuleViolation } from '../../../src/domain/errors.js';
import type { RecommendationCommand } from '../../../src/domain/recommendation/commands.js';
import { recommendationDecider } from '../../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../src/domain/recommendation/events.js';
import { given, stateAfter } from '../given.js';
import { ACTION, CAT_ID, paragraph10, planned, reported, UPR_ID, uprIssued } from './fixtures.js';

const completed = stateAfter(
  actionDecider,
  planned,
  reported('2024-02-01', 'under_way', 10),
  reported('2024-11-30', 'completed', 100),
);
const underWay = stateAfter(actionDecider, planned, reported('2024-02-01', 'under_way', 10));

const record = (
  action: ActionState,
  data: Partial<{ title: string; implementedOn: string; completes: boolean }> = {},
  clusterMembers: string[] = [],
) =>
  ({
    type: 'RecordMeasureOfAction',
    data: { recommendationId: CAT_ID, ...data },
    action,
    clusterMembers,
    institutionName: 'Ministry of Internal Affairs',
  }) satisfies RecommendationCommand;

const measure = {
  type: 'MeasureImplemented',
  data: {
    recommendationId: CAT_ID,
    title: 'Train investigators in the Istanbul Protocol',
    institution: 'Ministry of Internal Affairs',
    implementedOn: '2024-11-30',
    evidence: [],
    completes: false,
    actionId: ACTION,
  },
} satisfies RecommendationEvent;

t.test(
  'a completed action records a measure on a recommendation it serves, naming the action',
  given(recommendationDecider, paragraph10).when(record(completed)).then(measure),
);

t.test(
  'the measure may say more than the action, and be dated after its completion',
  given(recommendationDecider, paragraph10)
    .when(
      record(completed, {
        title: 'Istanbul Protocol training completed for 1,200 investigators',
        implementedOn: '2024-12-15',
        completes: true,
      }),
    )
    .then({
      type: 'MeasureImplemented',
      data: {
        ...measure.data,
        title: 'Istanbul Protocol training completed for 1,200 investigators',
        implementedOn: '2024-12-15',
        completes: true,
      },
    }),
);

t.test(
  'only a completed action records a measure',
  given(recommendationDecider, paragraph10)
    .when(record(underWay))
    .thenThrows(RuleViolation, /is under way: only a completed action records a measure/),
);

t.test(
  'dates in order: not before the action was completed',
  given(recommendationDecider, paragraph10)
    .when(record(completed, { implementedOn: '2024-11-01' }))
    .thenThrows(RuleViolation, /completed on 2024-11-30: its measure cannot be dated 2024-11-01/),
);

t.test(
  'the link is explicit: only a recommendation the action serves',
  given(recommendationDecider, uprIssued)
    .when({ ...record(completed), data: { recommendationId: UPR_ID } })
    .thenThrows(RuleViolation, /does not serve recommendation a-hrc-44-10-137-5/),
);

t.test(
  "a recommendation of the action's cluster is served",
  given(recommendationDecider, uprIssued)
    .when({ ...record(completed, {}, [UPR_ID]), data: { recommendationId: UPR_ID } })
    .then({ type: 'MeasureImplemented', data: { ...measure.data, recommendationId: UPR_ID } }),
);

t.test(
  'State scope: an action of another State',
  given(recommendationDecider, paragraph10)
    .when(record({ ...completed, state: 'UZB' } as ActionState))
    .thenThrows(RuleViolation, /is UZB's; recommendation cat-c-kaz-co-4-10 concerns KAZ/),
);
