/** The public REST API, read-only, typed from the service's own response schemas. */
import type { z } from 'zod';
import type { HistoryEntry, RecommendationHistory } from '../../src/app/queries/history.js';
import type {
  InstitutionTodo as InstitutionTodoSchema,
  PlanView as PlanViewSchema,
} from '../../src/http/planning-schemas.js';
import type {
  CheckpointView,
  RecommendationPage,
  RecommendationView,
  ReportingCalendar as ReportingCalendarSchema,
  StateStatus as StateStatusSchema,
  StatesOverview as StatesOverviewSchema,
} from '../../src/http/schemas.js';
import type { CommunicationList as CommunicationListSchema } from '../../src/http/special-procedure-schemas.js';
import { language } from './i18n.js';

export type Plan = z.infer<typeof PlanViewSchema>;
export type InstitutionTodo = z.infer<typeof InstitutionTodoSchema>;
export type PlannedAction = Plan['actions'][number];
export type PlannedIndicator = Plan['indicators'][number];
export type StateStatus = z.infer<typeof StateStatusSchema>;
export type ReportingCalendar = z.infer<typeof ReportingCalendarSchema>;
export type CommunicationList = z.infer<typeof CommunicationListSchema>;
export type Communication = CommunicationList['items'][number];
export type StatesOverview = z.infer<typeof StatesOverviewSchema>;
export type Recommendation = z.infer<typeof RecommendationView>;
export type Page = z.infer<typeof RecommendationPage>;
export type Checkpoint = z.infer<typeof CheckpointView>;

export type HistoryEvent = HistoryEntry;
/** The whole audit trail, its pages joined: their integrity is the first page's that broke, else the last's. */
export type History = Omit<RecommendationHistory, 'next'>;

export interface LoggedEvent {
  position: string;
  stream: string;
  type: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(detail);
  }
}

async function read<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new ApiError(response.status, problem.detail ?? problem.title ?? response.statusText);
  }
  return (await response.json()) as T;
}

const query = (params: Record<string, string | undefined>): string => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const api = {
  /** The read models' position now, once they are caught up (a `503` before). */
  ready: () => read<{ status: string; position: string }>('/ready'),
  states: (signal?: AbortSignal) => read<StatesOverview>('/v1/states', signal),
  status: (state: string, asOf?: string, signal?: AbortSignal) =>
    read<StateStatus>(`/v1/states/${encodeURIComponent(state)}/status${query({ asOf })}`, signal),
  reporting: (state: string, asOf?: string, signal?: AbortSignal) =>
    read<ReportingCalendar>(`/v1/states/${encodeURIComponent(state)}/reporting${query({ asOf })}`, signal),
  plan: (state: string, asOf?: string, signal?: AbortSignal) =>
    read<Plan>(`/v1/states/${encodeURIComponent(state)}/plan${query({ asOf })}`, signal),
  todo: (institution: string, asOf?: string, signal?: AbortSignal) =>
    read<InstitutionTodo>(`/v1/institutions/${encodeURIComponent(institution)}/todo${query({ asOf })}`, signal),
  /** Communications of the special procedures, filtered as the API filters them (state, standing, asOf, limit). */
  communications: (filter: Record<string, string | undefined>, signal?: AbortSignal) =>
    read<CommunicationList>(`/v1/communications${query(filter)}`, signal),
  recommendations: (filter: Record<string, string | undefined>, signal?: AbortSignal) =>
    read<Page>(`/v1/recommendations${query(filter)}`, signal),
  recommendation: (id: string, signal?: AbortSignal) =>
    read<Recommendation>(`/v1/recommendations/${encodeURIComponent(id)}${query({ lang: language })}`, signal),
  /**
   * The whole audit trail, page after page (`next`): each page's chain is checked with its link to the page before,
   * so together they check it whole; the first break found is the one shown.
   */
  history: async (id: string, signal?: AbortSignal): Promise<History> => {
    const path = `/v1/recommendations/${encodeURIComponent(id)}/history`;
    let page = await read<RecommendationHistory>(path, signal);
    const events = [...page.events];
    let integrity = page.integrity;
    while (page.next !== null) {
      page = await read<RecommendationHistory>(`${path}?after=${page.next}`, signal);
      events.push(...page.events);
      if (integrity.verified) integrity = page.integrity;
    }
    return { id, events, integrity };
  },
  /** The latest signed checkpoint; undefined when the service has signed none (404). */
  latestCheckpoint: (signal?: AbortSignal) =>
    read<Checkpoint>('/v1/checkpoints/latest', signal).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }),
  events: (after: string, limit = 100) =>
    read<{ events: LoggedEvent[]; next: string | null }>(`/v1/events${query({ after, limit: String(limit) })}`),
};

/** Counts every item a filter matches, page by page (for counts the aggregate endpoints do not give). */
export async function countRecommendations(
  filter: Record<string, string | undefined>,
  signal?: AbortSignal,
): Promise<number> {
  let count = 0;
  let cursor: string | undefined;
  do {
    const page = await api.recommendations({ ...filter, limit: '500', cursor }, signal);
    count += page.items.length;
    cursor = page.next ?? undefined;
  } while (cursor);
  return count;
}

/** Runs tasks with at most `width` in flight: polite to the service with many States. */
export async function inBatches<T, R>(items: readonly T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return results;
}
