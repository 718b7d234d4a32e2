import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkpointView } from '../../app/checkpoints/checkpoints.js';
import { CheckpointView, ConsistencyProofView, InclusionProofView } from '../../app/checkpoints/views.js';
import type { Followup } from '../../app/followup.js';
import { NotFound } from '../../domain/errors.js';
import { LogPosition } from '../../eventstore/port.js';
import { Problem } from '../schemas.js';

const TreeSize = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const InclusionQuery = z.strictObject({
  position: LogPosition.regex(/^[1-9]/, 'must be the position of an event (from 1)'),
  treeSize: TreeSize.optional().describe('the tree to prove inclusion in; default: the latest checkpoint'),
});

const ConsistencyQuery = z.strictObject({
  from: TreeSize.min(1).describe('size of the older tree: that of a checkpoint you kept'),
  to: TreeSize.optional().describe('size of the newer tree; default: the latest checkpoint'),
});

/** Signed checkpoints of the log and the proofs that tie events and older checkpoints to them (RFC 9162). */
export const checkpointRoutes: FastifyPluginAsyncZod<{ followup: Followup }> = async (app, { followup }) => {
  const { checkpoints } = followup;
  // Every answer here follows the latest signed checkpoint (the default tree size), not the log.
  const latestSize = () => String(checkpoints.latest()?.size ?? 0);

  app.get(
    '/v1/checkpoints/latest',
    {
      config: { read: true, cache: { follows: latestSize, day: false } },
      schema: {
        tags: ['checkpoints'],
        summary: 'The latest signed checkpoint of the log: its size, position and Merkle root, as a signed note',
        response: { 200: CheckpointView, 404: Problem },
      },
    },
    async () => {
      const latest = checkpoints.latest();
      if (!latest) {
        throw new NotFound(
          checkpoints.signing
            ? 'no checkpoint has been signed yet'
            : 'this service signs no checkpoints: no signing key is configured',
        );
      }
      return checkpointView(latest);
    },
  );

  app.post(
    '/v1/checkpoints',
    {
      config: { action: 'SignCheckpoint' },
      schema: {
        tags: ['checkpoints'],
        summary: 'Sign a checkpoint of the log now (201), or answer the latest when it already covers the log (200)',
        response: { 200: CheckpointView, 201: CheckpointView, 401: Problem, 403: Problem, 503: Problem },
      },
    },
    async (_request, reply) => {
      const { checkpoint, created } = checkpoints.sign();
      reply.code(created ? 201 : 200);
      return checkpointView(checkpoint);
    },
  );

  app.get(
    '/v1/checkpoints/inclusion',
    {
      config: { read: true, cache: { follows: latestSize, day: false } },
      schema: {
        tags: ['checkpoints'],
        summary: 'Proof that the event at a position is in the tree of a checkpoint (RFC 9162 §2.1.3)',
        querystring: InclusionQuery,
        response: { 200: InclusionProofView, 400: Problem, 404: Problem, 409: Problem, 503: Problem },
      },
    },
    async (request) => checkpoints.inclusion(request.query.position, request.query.treeSize),
  );

  app.get(
    '/v1/checkpoints/consistency',
    {
      config: { read: true, cache: { follows: latestSize, day: false } },
      schema: {
        tags: ['checkpoints'],
        summary: 'Proof that the tree of an older checkpoint is a prefix of a newer one (RFC 9162 §2.1.4)',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProofView, 400: Problem, 503: Problem },
      },
    },
    async (request) => checkpoints.consistency(request.query.from, request.query.to),
  );
};
