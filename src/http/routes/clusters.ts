import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { AddToCluster, FormCluster } from '../../domain/cluster/cluster.js';
import { today } from '../../today.js';
import { changing, creating, removing } from '../command-routes.js';
import { ClusterList, ClusterMember, ClusterView, PlanQuery, StatePlanQuery } from '../planning-schemas.js';
import { withRevision } from '../preconditions.js';
import { Problem, ResourceId } from '../schemas.js';

const location = (id: string) => `/v1/clusters/${id}`;

/** Clusters: recommendations of every mechanism grouped by subject. */
export const clusterRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.route(
    creating(
      {
        url: '/v1/clusters',
        tags: ['planning'],
        summary: 'Form a cluster of recommendations of any mechanism (ClusterFormed)',
        action: 'FormCluster',
        body: FormCluster,
      },
      (context, body) => followup.clusters.form(context, body),
      location,
    ),
  );

  app.route(
    changing(
      {
        url: '/v1/clusters/:id/recommendations',
        tags: ['planning'],
        summary: 'Add recommendations to a cluster from a day (RecommendationsClustered)',
        action: 'AddToCluster',
        body: AddToCluster,
      },
      (context, id, body) => followup.clusters.add(context, id, body),
    ),
  );

  app.route(
    removing(
      {
        url: '/v1/clusters/:id/recommendations/:recommendationId',
        tags: ['planning'],
        summary: 'Remove a recommendation from a cluster from a day (RecommendationUnclustered)',
        action: 'RemoveFromCluster',
        params: ClusterMember,
      },
      (context, { id, recommendationId }, on) => followup.clusters.remove(context, id, recommendationId, on),
    ),
  );

  app.get(
    '/v1/clusters',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: "A State's clusters on a day, each with its members' status and lead institution",
        querystring: StatePlanQuery,
        response: { 200: ClusterList, 400: Problem },
      },
    },
    async (request) => {
      const { state, asOf = today() } = request.query;
      return { state, asOf, items: followup.readModels.plans.clustersOf(state, asOf) };
    },
  );

  app.get(
    '/v1/clusters/:id',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: 'One cluster on a day: its members with their status, its actions and indicators',
        params: ResourceId,
        querystring: PlanQuery,
        response: { 200: ClusterView, 400: Problem, 404: Problem },
      },
    },
    // The revision, for If-Match on the cluster's commands; no 304: its members' status moves with other streams.
    async (request, reply) =>
      withRevision(
        reply,
        followup.readModels.plans.cluster(request.params.id, request.query.asOf ?? today()),
        `cluster ${request.params.id}`,
      ),
  );
};
