import t from 'tap';
import type { ClusterEvent } from '../../../src/domain/cluster/cluster.js';
import { type ClusterCommand, clusterDecider, membersOn } from '../../../src/domain/cluster/decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../../../src/domain/errors.js';
import { given, stateAfter } from '../given.js';
import { CAT_ID, paragraph10, recommendations, UPR_ID, uprIssued, uzbekIssued } from './fixtures.js';

const CLUSTER = 'kaz-prevention-of-torture';
const known = recommendations(paragraph10, uprIssued, uzbekIssued);

const form = (recommendationIds: string[], formedOn = '2023-06-01'): ClusterCommand => ({
  type: 'FormCluster',
  data: { state: 'KAZ', title: 'Prevention of torture', theme: 'Torture', recommendationIds, formedOn },
  recommendations: known,
});
const formed = {
  type: 'ClusterFormed',
  data: {
    clusterId: CLUSTER,
    state: 'KAZ',
    title: 'Prevention of torture',
    theme: 'Torture',
    formedOn: '2023-06-01',
    recommendationIds: [CAT_ID],
  },
} satisfies ClusterEvent;
const add = (ids: string[], on = '2023-07-01'): ClusterCommand => ({
  type: 'AddToCluster',
  data: { recommendationIds: ids, on },
  recommendations: known,
});
const clustered = (ids: string[], on = '2023-07-01') =>
  ({ type: 'RecommendationsClustered', data: { clusterId: CLUSTER, recommendationIds: ids, on } }) as const;
const unclustered = (id: string, on: string) =>
  ({ type: 'RecommendationUnclustered', data: { clusterId: CLUSTER, recommendationId: id, on } }) as const;

t.test(
  'a cluster joins a CAT and a UPR recommendation on one subject',
  given(clusterDecider)
    .when(form([CAT_ID, UPR_ID, CAT_ID]))
    .then({ ...formed, data: { ...formed.data, recommendationIds: [CAT_ID, UPR_ID] } }),
);

t.test(
  'a cluster is formed once',
  given(clusterDecider, formed)
    .when(form([]))
    .thenThrows(LifecycleConflict, /already exists/),
);

t.test(
  "State scope: a cluster holds its State's recommendations only",
  given(clusterDecider)
    .when(form([CAT_ID, 'cat-c-uzb-co-5-9']))
    .thenThrows(RuleViolation, /cat-c-uzb-co-5-9 concerns UZB, not KAZ/),
);

t.test(
  'only issued recommendations join',
  given(clusterDecider)
    .when(form(['cat-c-kaz-co-4-99']))
    .thenThrows(RuleViolation, /cat-c-kaz-co-4-99 does not exist/),
);

t.test(
  'dates in order: a recommendation joins on or after the day it was issued',
  given(clusterDecider)
    .when(form([CAT_ID], '2023-05-01'))
    .thenThrows(RuleViolation, /issued on 2023-05-10, cannot join a cluster on 2023-05-01/),
);

t.test(
  'recommendations are added',
  given(clusterDecider, formed)
    .when(add([UPR_ID]))
    .then(clustered([UPR_ID])),
);

t.test(
  'a member is not added twice',
  given(clusterDecider, formed)
    .when(add([UPR_ID, CAT_ID]))
    .thenThrows(LifecycleConflict, /already in cluster .*: cat-c-kaz-co-4-10/),
);

t.test(
  'dates in order: nothing joins before the cluster was formed',
  given(clusterDecider, formed)
    .when(add([UPR_ID], '2023-05-31'))
    .thenThrows(RuleViolation, /formed on 2023-06-01: nothing joins it on 2023-05-31/),
);

t.test(
  'a recommendation leaves a cluster',
  given(clusterDecider, formed)
    .when({ type: 'RemoveFromCluster', recommendationId: CAT_ID, on: '2024-01-01' })
    .then(unclustered(CAT_ID, '2024-01-01')),
);

t.test(
  'only a member leaves',
  given(clusterDecider, formed)
    .when({ type: 'RemoveFromCluster', recommendationId: UPR_ID, on: '2024-01-01' })
    .thenThrows(LifecycleConflict, /a-hrc-44-10-137-5 is not in cluster/),
);

t.test('dates in order: a member leaves on or after it joined, and rejoins on or after it left', async (t) => {
  await given(clusterDecider, formed)
    .when({ type: 'RemoveFromCluster', recommendationId: CAT_ID, on: '2023-05-31' })
    .thenThrows(
      RuleViolation,
      /joined cluster .* on 2023-06-01: it cannot leave on 2023-05-31/,
    )(t);
  await given(clusterDecider, formed, unclustered(CAT_ID, '2024-01-01'))
    .when(add([CAT_ID], '2023-12-01'))
    .thenThrows(
      RuleViolation,
      /left cluster .* on 2024-01-01: it cannot rejoin on 2023-12-01/,
    )(t);
  await given(clusterDecider, formed, unclustered(CAT_ID, '2024-01-01'))
    .when(add([CAT_ID], '2024-02-01'))
    .then(clustered([CAT_ID], '2024-02-01'))(t);
});

t.test(
  'only a formed cluster takes members',
  given(clusterDecider)
    .when(add([UPR_ID]))
    .thenThrows(NotFound, /form it first/),
);

t.test('a cluster is bounded in size', async (t) => {
  const issued = Array.from({ length: 501 }, (_, i) => ({
    ...paragraph10,
    data: { ...paragraph10.data, recommendationId: `r-${i}`, paragraph: String(i) },
  }));
  const many = recommendations(...issued);
  const ids = [...many.keys()];
  await given(clusterDecider, { ...formed, data: { ...formed.data, recommendationIds: ids.slice(0, 400) } })
    .when({
      type: 'AddToCluster',
      data: { recommendationIds: ids.slice(400, 500), on: '2023-07-01' },
      recommendations: many,
    })
    .then(clustered(ids.slice(400, 500)))(t);
  await given(clusterDecider, { ...formed, data: { ...formed.data, recommendationIds: ids.slice(0, 400) } })
    .when({
      type: 'AddToCluster',
      data: { recommendationIds: ids.slice(400, 501), on: '2023-07-01' },
      recommendations: many,
    })
    .thenThrows(
      RuleViolation,
      /a cluster holds at most 500 recommendations; this one would hold 501/,
    )(t);
});

t.test('members on a day: who had joined and not left', async (t) => {
  const state = stateAfter(
    clusterDecider,
    formed,
    clustered([UPR_ID], '2023-07-01'),
    unclustered(CAT_ID, '2024-01-01'),
  );
  if (!state.exists) throw new Error('formed');
  t.strictSame(membersOn(state.members, '2023-06-15'), [CAT_ID]);
  t.strictSame(membersOn(state.members, '2023-07-01'), [CAT_ID, UPR_ID]);
  t.strictSame(membersOn(state.members, '2024-01-01'), [UPR_ID], 'gone from the day it left');
  t.strictSame(membersOn(state.members), [UPR_ID], 'now');
  t.strictSame(membersOn(state.members, '2023-05-31'), [], 'before it was formed');
});
