/**
 * A State's progress report drafted from the log and the plan's read models: per cluster, per recommendation, what
 * was recommended, who is responsible, the measures taken, the actions under way, the indicators' values and the
 * committee's assessment. Every statement carries the global position of the event it rests on.
 */
import type { ReadModels } from '../../../projections/index.js';
import { recommendationStream } from '../../domain/identity.js';
import type { RecommendationEvent } from '../../domain/recommendation/events.js';
import { decodeEvent } from '../../domain/upcasting.js';
import type { EventStore } from '../../eventstore/port.js';

/** One sentence of the draft and the event it rests on. */
export interface Statement {
  text: string;
  /** Global position of the event in the log. */
  position: string;
}

export interface RecommendationSection {
  id: string;
  heading: string;
  /** What was recommended (the text as issued, or as the source now words it). */
  recommended: Statement;
  responsibilities: Statement[];
  measures: Statement[];
  actions: Statement[];
  indicators: Statement[];
  assessment?: Statement;
}

export interface ClusterChapter {
  /** Undefined for the recommendations outside any cluster. */
  cluster?: Statement & { id: string; title: string };
  sections: RecommendationSection[];
}

export interface ReportDraft {
  state: string;
  asOf: string;
  mechanism?: string;
  title: string;
  /** Global position the read models had reached when drafting: the draft covers the log up to it. */
  position: string;
  chapters: ClusterChapter[];
}

export interface DraftRequest {
  state: string;
  asOf: string;
  mechanism?: string;
}

const PAGE = 500;
const STATUS_WORDS: Record<string, string> = {
  planned: 'planned',
  under_way: 'under way',
  completed: 'completed',
  delayed: 'delayed',
  cancelled: 'cancelled',
};

/** Drafts the report from what was known on `asOf` (effective dates), as the log stands now. */
export async function draftProgressReport(
  readModels: ReadModels,
  store: EventStore,
  request: DraftRequest,
): Promise<ReportDraft> {
  const { state, asOf, mechanism } = request;
  const position = readModels.currentPosition();
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = readModels.listRecommendations({
      state,
      ...(mechanism !== undefined && { mechanism }),
      limit: PAGE,
      today: asOf,
      ...(cursor !== undefined && { cursor }),
    });
    for (const item of page.items) if (item.issuedOn <= asOf) ids.push(item.id);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined);

  const names = new Map(readModels.institutions.list(state).map((i) => [i.id, i.name]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const plan = readModels.plans.plan(state, asOf);
  const wanted = new Set(ids);

  const sections = new Map<string, RecommendationSection>();
  for (const id of ids) {
    const section = await sectionOf(store, id, asOf, nameOf);
    if (!section) continue;
    for (const action of plan.actions) {
      const cluster = plan.clusters.find((c) => c.id === action.clusterId);
      const serves = action.recommendationIds.includes(id) || cluster?.members.some((m) => m.id === id);
      if (!serves) continue;
      const last = action.progress.at(-1);
      const done = action.percent !== undefined ? `, ${action.percent}% done` : '';
      const late = action.late ? `; late: planned to end on ${action.plannedEnd}` : '';
      section.actions.push({
        text:
          `${action.title} (${nameOf(action.institutionId)}, ${action.plannedStart} to ${action.plannedEnd}): ` +
          `${STATUS_WORDS[action.status] ?? action.status}${done}${late}` +
          (last?.note ? `. ${last.note}` : '.'),
        position: last?.position ?? action.position,
      });
    }
    for (const indicator of plan.indicators) {
      if (!indicator.recommendationIds.includes(id)) continue;
      const latest = indicator.values.at(-1);
      const base = `${indicator.title}: baseline ${indicator.baseline.value} ${indicator.unit} on ${indicator.baseline.on}, target ${indicator.target.value} ${indicator.unit} by ${indicator.target.by}`;
      section.indicators.push(
        latest
          ? {
              text: `${base}; ${latest.value} ${indicator.unit} on ${latest.on} (source: ${latest.source}), ${indicator.track.replace('_', ' ')}.`,
              position: latest.position,
            }
          : { text: `${base}; no value recorded yet.`, position: indicator.position },
      );
    }
    sections.set(id, section);
  }

  const chapters: ClusterChapter[] = [];
  const placed = new Set<string>();
  for (const cluster of plan.clusters) {
    const members = cluster.members.map((m) => m.id).filter((id) => wanted.has(id) && !placed.has(id));
    if (members.length === 0) continue;
    for (const id of members) placed.add(id);
    const record = readModels.clusters.get(cluster.id);
    chapters.push({
      cluster: {
        id: cluster.id,
        title: cluster.title,
        text: `${cluster.title}${cluster.theme ? ` (${cluster.theme})` : ''}: ${cluster.members.length} recommendations clustered since ${cluster.formedOn}.`,
        position: record?.position ?? position,
      },
      sections: members.flatMap((id) => sections.get(id) ?? []),
    });
  }
  const rest = ids.filter((id) => !placed.has(id));
  if (rest.length > 0) chapters.push({ sections: rest.flatMap((id) => sections.get(id) ?? []) });
  const of = mechanism ? ` to the ${mechanism}` : '';
  return {
    state,
    asOf,
    ...(mechanism !== undefined && { mechanism }),
    title: `Draft progress report of ${state}${of} as of ${asOf}`,
    position,
    chapters,
  };
}

/** What a recommendation's own events say, up to the day asked. */
async function sectionOf(
  store: EventStore,
  id: string,
  asOf: string,
  nameOf: (id: string) => string,
): Promise<RecommendationSection | undefined> {
  let section: RecommendationSection | undefined;
  let assessment: { on: string; statement: Statement } | undefined;
  const current = new Map<string, Statement>();
  for await (const recorded of store.readStream(recommendationStream(id))) {
    const event = decodeEvent<RecommendationEvent>(recorded);
    const { position } = recorded;
    switch (event.type) {
      case 'RecommendationIssued': {
        const d = event.data;
        section = {
          id,
          heading: `${d.symbol}, paragraph ${d.paragraph} (${d.mechanism})`,
          recommended: { text: `${d.text} (issued on ${d.issuedOn})`, position },
          responsibilities: [],
          measures: [],
          actions: [],
          indicators: [],
        };
        break;
      }
      case 'RecommendationTextChanged':
        if (section) section.recommended = { text: event.data.text, position };
        break;
      case 'MeasureImplemented': {
        const d = event.data;
        if (!section || d.implementedOn > asOf) break;
        const description = d.description ? ` ${d.description}` : '';
        section.measures.push({
          text: `${d.title}, by ${d.institution}, on ${d.implementedOn}${d.completes ? ' (completes the implementation)' : ''}.${description}`,
          position,
        });
        break;
      }
      case 'ResponsibilityAssigned': {
        const d = event.data;
        if (d.assignedOn > asOf) break;
        const role = d.role === 'lead' ? 'Lead institution' : 'Supporting institution';
        current.set(d.institutionId, { text: `${role}: ${nameOf(d.institutionId)}, since ${d.assignedOn}.`, position });
        break;
      }
      case 'ResponsibilityWithdrawn':
        if (event.data.withdrawnOn <= asOf) current.delete(event.data.institutionId);
        break;
      case 'FollowUpAssessed': {
        const d = event.data;
        if (d.assessedOn > asOf || (assessment && d.assessedOn < assessment.on)) break;
        const session = d.session !== undefined ? `, session ${d.session}` : '';
        const comment = d.comment ? ` ${d.comment}` : '';
        assessment = {
          on: d.assessedOn,
          statement: {
            text: `Assessed ${d.grade} (${d.level.replaceAll('_', ' ')}) on ${d.assessedOn}${session}.${comment}`,
            position,
          },
        };
        break;
      }
      default:
        break;
    }
  }
  if (!section) return undefined;
  section.responsibilities = [...current.values()];
  if (assessment) section.assessment = assessment.statement;
  return section;
}
