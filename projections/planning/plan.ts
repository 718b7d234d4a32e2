import type { Database, Statement } from 'better-sqlite3';
import { ACTION_STATUSES, type ActionStatus } from '../../src/domain/action/action.js';
import { INDICATOR_TRACKS, type IndicatorTrack } from '../../src/domain/indicator/track.js';
import { leadOn, responsibilitiesOn } from '../../src/domain/recommendation/responsibility.js';
import { statusOn } from '../../src/domain/recommendation/timeline.js';
import { IMPLEMENTATION_STATUSES, type ImplementationStatus } from '../../src/domain/vocabulary.js';
import { groupedBy } from '../grouped.js';
import type { PositionQueries } from '../position.js';
import { type ActionQueries, type ActionView, actionOn } from './actions.js';
import { type ClusterQueries, type ClusterRecord, clusterMembersOn } from './clusters.js';
import { type IndicatorQueries, type IndicatorView, indicatorOn } from './indicators.js';
import type { InstitutionQueries } from './institutions.js';
import type { ResponsibilityQueries } from './responsibilities.js';
import type {
  ClusterPlan,
  ClusterView,
  InstitutionPlan,
  InstitutionTodo,
  PlannedRecommendation,
  PlanSummary,
  PlanView,
} from './schemas.js';

export type StatusCounts = Record<ImplementationStatus, number>;
export type ActionCounts = Record<ActionStatus, number>;
export type TrackCounts = Record<IndicatorTrack, number>;

interface RecommendationRow {
  id: string;
  mechanism: string;
  symbol: string;
  paragraph: string;
  text: string;
  issued_on: string;
  not_started_from: string | null;
  in_progress_from: string | null;
  implemented_from: string | null;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The plan of a State, folded together from the planning read models and the recommendations'. */
export class PlanQueries {
  private readonly selectRecommendations: Statement<[string], RecommendationRow>;

  constructor(
    db: Database,
    private readonly position: PositionQueries,
    private readonly institutions: InstitutionQueries,
    private readonly responsibilities: ResponsibilityQueries,
    private readonly clusters: ClusterQueries,
    private readonly actions: ActionQueries,
    private readonly indicators: IndicatorQueries,
  ) {
    this.selectRecommendations = db.prepare(`
      SELECT id, mechanism, symbol, paragraph, text, issued_on, not_started_from, in_progress_from, implemented_from
      FROM recommendations WHERE state = ?
    `);
  }

  plan(state: string, asOf: string): PlanView {
    const world = this.world(state, asOf);
    const clusters = world.clusters.map((cluster) => world.clusterPlan(cluster));
    const institutions = this.institutions.list(state).map((institution): InstitutionPlan => {
      const held = world.responsibilities.filter((r) => r.institutionId === institution.id);
      const lead = held.filter((r) => r.role === 'lead').map((r) => r.recommendationId);
      const support = held.filter((r) => r.role === 'support').map((r) => r.recommendationId);
      const ids = [...new Set([...lead, ...support])];
      return {
        id: institution.id,
        name: institution.name,
        ...(institution.kind && { kind: institution.kind }),
        lead,
        support,
        ...world.summary(
          ids,
          world.actions.filter((a) => a.institutionId === institution.id),
        ),
      };
    });
    const named = new Set<string>();
    for (const c of clusters) for (const m of c.members) named.add(m.id);
    for (const r of world.responsibilities) named.add(r.recommendationId);
    for (const a of world.actions) for (const id of world.served(a)) named.add(id);
    for (const i of world.indicators) for (const id of i.recommendationIds) named.add(id);
    return {
      state,
      asOf,
      position: this.position.currentPosition(),
      clusters,
      institutions,
      recommendations: [...named].sort().flatMap((id) => world.recommendation(id) ?? []),
      actions: world.actions,
      indicators: world.indicators,
    };
  }

  /** A cluster on a day, or undefined when there is none by this id. */
  cluster(id: string, asOf: string): ClusterView | undefined {
    const cluster = this.clusters.get(id);
    if (!cluster) return undefined;
    const world = this.world(cluster.state, asOf);
    return {
      state: cluster.state,
      asOf,
      ...world.clusterPlan(cluster),
      history: cluster.members,
      position: this.position.currentPosition(),
      revision: cluster.revision,
    };
  }

  /** A State's actions planned by a day, with status and lateness then; of one institution, late only, if asked. */
  actionsOf(state: string, asOf: string, only: { institution?: string; late?: boolean } = {}): ActionView[] {
    return this.actions
      .ofState(state)
      .filter((a) => a.plannedOn <= asOf && (only.institution === undefined || a.institutionId === only.institution))
      .map((a) => actionOn(a, asOf))
      .filter((a) => only.late === undefined || a.late === only.late);
  }

  /** One action as it stood on a day, or undefined when there is none by this id. */
  action(id: string, asOf: string): ActionView | undefined {
    const action = this.actions.get(id);
    return action && actionOn(action, asOf);
  }

  /** A State's indicators with the values known on a day. */
  indicatorsOf(state: string, asOf: string): IndicatorView[] {
    return this.indicators.ofState(state).map((i) => indicatorOn(i, asOf));
  }

  /** One indicator as it stood on a day, or undefined when there is none by this id. */
  indicator(id: string, asOf: string): IndicatorView | undefined {
    const indicator = this.indicators.get(id);
    return indicator && indicatorOn(indicator, asOf);
  }

  /** A State's clusters on a day, each with its members' status then. */
  clustersOf(state: string, asOf: string): ClusterPlan[] {
    const world = this.world(state, asOf);
    return world.clusters.map((cluster) => world.clusterPlan(cluster));
  }

  /** An institution's recommendations and actions on a day, or undefined when there is none by this id. */
  todo(institutionId: string, asOf: string): InstitutionTodo | undefined {
    const institution = this.institutions.get(institutionId);
    if (!institution) return undefined;
    const world = this.world(institution.state, asOf);
    const rank = (a: ActionView) => (a.late ? 0 : a.status === 'completed' || a.status === 'cancelled' ? 2 : 1);
    const actions = world.actions
      .filter((a) => a.institutionId === institutionId)
      .sort((a, b) => rank(a) - rank(b) || (a.plannedEnd < b.plannedEnd ? -1 : a.plannedEnd > b.plannedEnd ? 1 : 0));
    const recommendations = world.responsibilities
      .filter((r) => r.institutionId === institutionId)
      .flatMap((r) => {
        const recommendation = world.recommendation(r.recommendationId);
        return recommendation ? [{ ...recommendation, role: r.role }] : [];
      })
      .sort((a, b) => Number(a.status === 'implemented') - Number(b.status === 'implemented'));
    const { id, state, name, kind } = institution;
    return {
      institution: { id, state, name, ...(kind && { kind }) },
      asOf,
      position: this.position.currentPosition(),
      recommendations,
      actions,
    };
  }

  /** What a State planned, as it stood on a day. */
  private world(state: string, asOf: string) {
    const rows = new Map(this.selectRecommendations.all(state).map((row) => [row.id, row]));
    const all = this.responsibilities.ofState(state);
    const responsibilities = responsibilitiesOn(all, asOf);
    const byRecommendation = groupedBy(all, (r) => r.recommendationId);
    const clusters = this.clusters.ofState(state).filter((c) => c.formedOn <= asOf);
    const membersOf = new Map(clusters.map((c) => [c.id, clusterMembersOn(c, asOf)]));
    const actions = this.actions
      .ofState(state)
      .filter((a) => a.plannedOn <= asOf)
      .map((a) => actionOn(a, asOf));
    const indicators = this.indicators
      .ofState(state)
      .filter((i) => i.baseline.on <= asOf)
      .map((i) => indicatorOn(i, asOf));

    const recommendation = (id: string): PlannedRecommendation | undefined => {
      const row = rows.get(id);
      if (!row || row.issued_on > asOf) return undefined;
      const periods = byRecommendation.get(id) ?? [];
      const lead = leadOn(periods, asOf);
      const timeline = {
        notStartedFrom: row.not_started_from,
        inProgressFrom: row.in_progress_from,
        implementedFrom: row.implemented_from,
      };
      return {
        id,
        mechanism: row.mechanism,
        symbol: row.symbol,
        paragraph: row.paragraph,
        text: row.text,
        issuedOn: row.issued_on,
        status: statusOn(timeline, asOf),
        ...(lead && { lead: lead.institutionId }),
        support: responsibilitiesOn(periods, asOf)
          .filter((r) => r.role === 'support')
          .map((r) => r.institutionId),
      };
    };
    /** The recommendations an action serves on the day: those it names and its cluster's members then. */
    const served = (action: ActionView): string[] => [
      ...new Set([...action.recommendationIds, ...(action.clusterId ? (membersOf.get(action.clusterId) ?? []) : [])]),
    ];
    const summary = (ids: readonly string[], ofActions: readonly ActionView[]): PlanSummary => {
      const byStatus = zeros(IMPLEMENTATION_STATUSES);
      let count = 0;
      for (const id of ids) {
        const r = recommendation(id);
        if (!r) continue;
        count += 1;
        byStatus[r.status] += 1;
      }
      const actionsByStatus = zeros(ACTION_STATUSES);
      for (const a of ofActions) actionsByStatus[a.status] += 1;
      const late = ofActions
        .filter((a) => a.late)
        .map(({ id, title, institutionId, plannedEnd }) => ({ id, title, institutionId, plannedEnd }));
      const set = new Set(ids);
      const measuring = indicators.filter((i) => i.recommendationIds.some((id) => set.has(id)));
      const byTrack = zeros(INDICATOR_TRACKS);
      for (const i of measuring) byTrack[i.track] += 1;
      return {
        recommendations: { count, byStatus },
        actions: { count: ofActions.length, byStatus: actionsByStatus, late },
        indicators: { count: measuring.length, byTrack },
      };
    };
    const clusterPlan = (cluster: ClusterRecord): ClusterPlan => {
      const members = membersOf.get(cluster.id) ?? clusterMembersOn(cluster, asOf);
      const set = new Set(members);
      const ofActions = actions.filter(
        (a) => a.clusterId === cluster.id || a.recommendationIds.some((id) => set.has(id)),
      );
      return {
        id: cluster.id,
        title: cluster.title,
        ...(cluster.theme !== undefined && { theme: cluster.theme }),
        formedOn: cluster.formedOn,
        members: members.flatMap((id) => recommendation(id) ?? []),
        ...summary(members, ofActions),
      };
    };
    return { responsibilities, clusters, actions, indicators, recommendation, served, summary, clusterPlan };
  }
}
