import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { AddToCluster, FormCluster } from '../../domain/cluster/cluster.js';
import { NotFound } from '../../domain/errors.js';
import { today } from '../../today.js';
import { commandContext, replyCommand } from '../command-reply.js';
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

const errors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 412: Problem, 422: Problem };
const location = (id: string) => `/v1/clusters/${id}`;

/** Clusters: recommendations of every mechanism grouped by subject. */
export const clusterRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.post(
    '/v1/clusters',
    {
      config: { action: 'FormCluster' },
      schema: {
        tags: ['planning'],
        summary: 'Form a cluster of recommendations of any mechanism (ClusterFormed)',
        body: FormCluster,
        response: { 201: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await followup.clusters.form(commandContext(request), request.body), location),
  );

  app.post(
    '/v1/clusters/:id/recommendations',
    {
      config: { action: 'AddToCluster' },
      schema: {
        tags: ['planning'],
        summary: 'Add recommendations to a cluster from a day (RecommendationsClustered)',
        params: ResourceId,
        body: AddToCluster,
        response: { 200: CommandAccepted, ...errors },
      },
    },
    async (request, reply) =>
      replyCommand(reply, await followup.clusters.add(commandContext(request), request.params.id, request.body)),
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
        response: { 200: CommandAccepted, ...errors },
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
