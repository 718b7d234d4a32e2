import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { AddToCluster, FormCluster } from '../../domain/cluster/cluster.js';
import { NotFound } from '../../domain/errors.js';
import { today } from '../../today.js';
import { commandContext, replyCommand } from '../command-reply.js';
import { changing, commandErrors, creating } from '../command-routes.js';
import {
  ClusterList,
  ClusterMember,
  ClusterView,
  PlanQuery,
  RemovalQuery,
  StatePlanQuery,
} from '../planning-schemas.js';
import { etag } from '../preconditions.js';
import { CommandAccepted, Problem, ResourceId } from '../schemas.js';

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

  app.delete(
    '/v1/clusters/:id/recommendations/:recommendationId',
    {
      config: { action: 'RemoveFromCluster' },
      schema: {
        tags: ['planning'],
        summary: 'Remove a recommendation from a cluster from a day (RecommendationUnclustered)',
        params: ClusterMember,
        querystring: RemovalQuery,
        response: { 200: CommandAccepted, ...commandErrors },
      },
    },
    async (request, reply) =>
      replyCommand(
        reply,
        await followup.clusters.remove(
          commandContext(request),
          request.params.id,
          request.params.recommendationId,
          request.query.on,
        ),
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
    async (request, reply) => {
      const cluster = followup.readModels.plans.cluster(request.params.id, request.query.asOf ?? today());
      if (!cluster) throw new NotFound(`cluster ${request.params.id} does not exist`);
      // The revision, for If-Match on the cluster's commands; no 304: its members' status moves with other streams.
      reply.header('etag', etag(cluster.revision));
      return cluster;
    },
  );
};
