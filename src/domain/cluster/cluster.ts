import { z } from 'zod';
import type { EventsOf } from '../decider.js';
import { StateInput } from '../state-names.js';
import { userText } from '../text.js';
import { CalendarDate, StateCode } from '../vocabulary.js';

/** At most this many recommendations sit in one cluster: its answer stays bounded. */
export const MAX_CLUSTER_SIZE = 500;

const RecommendationIds = z.array(z.string().min(1).max(200)).max(200);

/** Body of POST /v1/clusters. */
export const FormCluster = z.strictObject({
  state: StateInput,
  title: userText().min(1).max(500),
  recommendationIds: RecommendationIds.describe('the recommendations it groups, of any mechanism; at most 200 at once'),
  theme: userText().min(1).max(200).optional(),
  formedOn: CalendarDate.optional().describe('the day the cluster takes effect; default: the day it is recorded'),
});
export type FormCluster = z.infer<typeof FormCluster>;

/** Body of POST /v1/clusters/{id}/recommendations. */
export const AddToCluster = z.strictObject({
  recommendationIds: RecommendationIds.min(1),
  on: CalendarDate.optional().describe('the day they join; default: the day it is recorded'),
});
export type AddToCluster = z.infer<typeof AddToCluster>;

export const ClusterFormed = z.strictObject({
  clusterId: z.string(),
  state: StateCode,
  title: z.string().min(1).max(500),
  theme: z.string().max(200).optional(),
  formedOn: CalendarDate,
  recommendationIds: z.array(z.string()),
});

export const RecommendationsClustered = z.strictObject({
  clusterId: z.string(),
  recommendationIds: z.array(z.string()).min(1),
  on: CalendarDate,
});

export const RecommendationUnclustered = z.strictObject({
  clusterId: z.string(),
  recommendationId: z.string(),
  on: CalendarDate,
});

export const clusterEventSchemas = { ClusterFormed, RecommendationsClustered, RecommendationUnclustered } as const;

export type ClusterEvent = EventsOf<typeof clusterEventSchemas>;
