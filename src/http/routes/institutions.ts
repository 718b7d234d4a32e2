import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Followup } from '../../app/followup.js';
import { NotFound } from '../../domain/errors.js';
import { RegisterInstitution } from '../../domain/institution/institution.js';
import { AssignResponsibility } from '../../domain/recommendation/commands.js';
import { today } from '../../today.js';
import { changing, creating, removing } from '../command-routes.js';
import {
  InstitutionList,
  InstitutionQuery,
  InstitutionTodo,
  InstitutionView,
  PlanQuery,
  Responsible,
} from '../planning-schemas.js';
import { withRevision } from '../preconditions.js';
import { Problem, ReadQuery, ResourceId } from '../schemas.js';

/** A State's institutions, and their responsibility for recommendations. */
export const institutionRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  app.route(
    creating(
      {
        url: '/v1/institutions',
        tags: ['planning'],
        summary: 'Register an institution of a State (InstitutionRegistered); its id is a slug of State and name',
        action: 'RegisterInstitution',
        body: RegisterInstitution,
      },
      (context, body) => followup.institutions.register(context, body),
      (id) => `/v1/institutions/${id}`,
    ),
  );

  app.get(
    '/v1/institutions',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: "A State's institutions by name (every State's without ?state=)",
        querystring: InstitutionQuery,
        response: { 200: InstitutionList, 400: Problem },
      },
    },
    async (request) => ({ items: followup.readModels.institutions.list(request.query.state) }),
  );

  app.get(
    '/v1/institutions/:id',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: 'One institution',
        params: ResourceId,
        querystring: ReadQuery,
        response: { 200: InstitutionView, 404: Problem },
      },
    },
    async (request, reply) =>
      withRevision(reply, followup.readModels.institutions.get(request.params.id), `institution ${request.params.id}`),
  );

  app.get(
    '/v1/institutions/:id/todo',
    {
      config: { read: true },
      schema: {
        tags: ['planning'],
        summary: "An institution's recommendations and actions on a day, late actions first",
        params: ResourceId,
        querystring: PlanQuery,
        response: { 200: InstitutionTodo, 400: Problem, 404: Problem },
      },
    },
    async (request) => {
      const todo = followup.readModels.plans.todo(request.params.id, request.query.asOf ?? today());
      if (!todo) throw new NotFound(`institution ${request.params.id} does not exist`);
      return todo;
    },
  );

  app.route(
    changing(
      {
        url: '/v1/recommendations/:id/responsibilities',
        tags: ['planning'],
        summary: 'Make an institution lead (one at a time) or support a recommendation (ResponsibilityAssigned)',
        action: 'AssignResponsibility',
        body: AssignResponsibility,
      },
      (context, id, body) => followup.recommendations.assignResponsibility(context, id, body),
    ),
  );

  app.route(
    removing(
      {
        url: '/v1/recommendations/:id/responsibilities/:institution',
        tags: ['planning'],
        summary: "End an institution's responsibility for a recommendation from a day (ResponsibilityWithdrawn)",
        action: 'WithdrawResponsibility',
        params: Responsible,
      },
      (context, { id, institution }, on) =>
        followup.recommendations.withdrawResponsibility(context, id, institution, on ?? today()),
    ),
  );
};
