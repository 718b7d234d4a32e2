import type { Decider } from '../decider.js';
import { LifecycleConflict, NotFound, RuleViolation } from '../errors.js';
import { plannedId } from '../identity.js';
import type { RecommendationState } from '../recommendation/decider.js';
import type { CalendarDate } from '../vocabulary.js';
import { type AddToCluster, type ClusterEvent, type FormCluster, MAX_CLUSTER_SIZE } from './cluster.js';

/** One period a recommendation sat in a cluster. */
export interface Membership {
  recommendationId: string;
  addedOn: CalendarDate;
  removedOn?: CalendarDate;
}

export type ClusterState =
  | { exists: false }
  | {
      exists: true;
      id: string;
      state: string;
      title: string;
      theme?: string;
      formedOn: CalendarDate;
      members: Membership[];
    };

/** The recommendations a command names, each as its own decider sees it (loaded by the caller). */
export type Recommendations = ReadonlyMap<string, RecommendationState>;

/** Dates are filled in by the caller (the day of recording when the request names none): the decider has no clock. */
export type ClusterCommand =
  | { type: 'FormCluster'; data: FormCluster & { formedOn: CalendarDate }; recommendations: Recommendations }
  | { type: 'AddToCluster'; data: AddToCluster & { on: CalendarDate }; recommendations: Recommendations }
  | { type: 'RemoveFromCluster'; recommendationId: string; on: CalendarDate };

export const clusterIdOf = (data: Pick<FormCluster, 'state' | 'title'>): string => plannedId(data.state, data.title);

/** The recommendations in a cluster on a day; now when no day is given. */
export function membersOn(members: readonly Membership[], day?: CalendarDate): string[] {
  const held = members.filter((m) =>
    day === undefined
      ? m.removedOn === undefined
      : m.addedOn <= day && (m.removedOn === undefined || day < m.removedOn),
  );
  return [...new Set(held.map((m) => m.recommendationId))];
}

/** Recommendations joining a cluster: issued, of its State, not issued after the day they join. */
function checkJoining(state: string, ids: readonly string[], recommendations: Recommendations, on: CalendarDate) {
  for (const id of ids) {
    const recommendation = recommendations.get(id);
    if (!recommendation?.exists) throw new RuleViolation(`recommendation ${id} does not exist`);
    if (recommendation.state !== state) {
      throw new RuleViolation(
        `recommendation ${id} concerns ${recommendation.state}, not ${state}: a cluster is one State's`,
      );
    }
    if (recommendation.issuedOn > on) {
      throw new RuleViolation(
        `recommendation ${id}, issued on ${recommendation.issuedOn}, cannot join a cluster on ${on}`,
      );
    }
  }
}

function checkSize(count: number): void {
  if (count > MAX_CLUSTER_SIZE) {
    throw new RuleViolation(
      `a cluster holds at most ${MAX_CLUSTER_SIZE} recommendations; this one would hold ${count}`,
    );
  }
}

function decide(command: ClusterCommand, cluster: ClusterState): ClusterEvent[] {
  if (command.type === 'FormCluster') {
    const { data } = command;
    const id = clusterIdOf(data);
    if (cluster.exists) throw new LifecycleConflict(`cluster ${id} already exists: add recommendations to it instead`);
    const ids = [...new Set(data.recommendationIds)];
    checkSize(ids.length);
    checkJoining(data.state, ids, command.recommendations, data.formedOn);
    const { state, title, theme, formedOn } = data;
    return [
      {
        type: 'ClusterFormed',
        data: { clusterId: id, state, title, ...(theme ? { theme } : {}), formedOn, recommendationIds: ids },
      },
    ];
  }
  if (!cluster.exists) throw new NotFound('the cluster does not exist: form it first');
  const current = membersOn(cluster.members);
  if (command.type === 'AddToCluster') {
    const { on } = command.data;
    const ids = [...new Set(command.data.recommendationIds)];
    const already = ids.filter((id) => current.includes(id));
    if (already.length > 0) throw new LifecycleConflict(`already in cluster ${cluster.id}: ${already.join(', ')}`);
    if (on < cluster.formedOn) {
      throw new RuleViolation(`cluster ${cluster.id} was formed on ${cluster.formedOn}: nothing joins it on ${on}`);
    }
    for (const id of ids) {
      const left = latestRemoval(cluster.members, id);
      if (left && on < left)
        throw new RuleViolation(`${id} left cluster ${cluster.id} on ${left}: it cannot rejoin on ${on}`);
    }
    checkSize(current.length + ids.length);
    checkJoining(cluster.state, ids, command.recommendations, on);
    return [{ type: 'RecommendationsClustered', data: { clusterId: cluster.id, recommendationIds: ids, on } }];
  }
  const { recommendationId, on } = command;
  const membership = cluster.members.find((m) => m.recommendationId === recommendationId && m.removedOn === undefined);
  if (!membership) throw new LifecycleConflict(`recommendation ${recommendationId} is not in cluster ${cluster.id}`);
  if (on < membership.addedOn) {
    throw new RuleViolation(
      `${recommendationId} joined cluster ${cluster.id} on ${membership.addedOn}: it cannot leave on ${on}`,
    );
  }
  return [{ type: 'RecommendationUnclustered', data: { clusterId: cluster.id, recommendationId, on } }];
}

function latestRemoval(members: readonly Membership[], id: string): CalendarDate | undefined {
  let latest: CalendarDate | undefined;
  for (const m of members)
    if (m.recommendationId === id && m.removedOn && (!latest || m.removedOn > latest)) latest = m.removedOn;
  return latest;
}

function evolve(cluster: ClusterState, event: ClusterEvent): ClusterState {
  switch (event.type) {
    case 'ClusterFormed': {
      const { clusterId: id, state, title, theme, formedOn, recommendationIds } = event.data;
      const members = recommendationIds.map((recommendationId) => ({ recommendationId, addedOn: formedOn }));
      return { exists: true, id, state, title, ...(theme ? { theme } : {}), formedOn, members };
    }
    case 'RecommendationsClustered': {
      if (!cluster.exists) return cluster;
      const { on, recommendationIds } = event.data;
      const added = recommendationIds.map((recommendationId) => ({ recommendationId, addedOn: on }));
      return { ...cluster, members: [...cluster.members, ...added] };
    }
    case 'RecommendationUnclustered': {
      if (!cluster.exists) return cluster;
      const { recommendationId, on } = event.data;
      const members = cluster.members.map((m) =>
        m.recommendationId === recommendationId && m.removedOn === undefined ? { ...m, removedOn: on } : m,
      );
      return { ...cluster, members };
    }
  }
}

/** A cluster: a State's recommendations of any mechanism grouped by subject, joined and left on given days. */
export const clusterDecider: Decider<ClusterCommand, ClusterEvent, ClusterState> = {
  initialState: () => ({ exists: false }),
  evolve,
  decide,
};
