/**
 * Records a batch of imported recommendations: a new one is decided by the domain's decider on the empty state and
 * appended with its UPR response in one append that expects no stream, so the store's revision check (not this
 * code) keeps a recommendation from being recorded twice.
 */

import { fold } from '../../../domain/decider.js';
import { FollowupError, LifecycleConflict } from '../../../domain/errors.js';
import { recommendationStream } from '../../../domain/identity.js';
import type { RecommendationCommand } from '../../../domain/recommendation/commands.js';
import { recommendationDecider } from '../../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../domain/recommendation/events.js';
import { authorise } from '../../../domain/token/permissions.js';
import { schemaVersionOf } from '../../../domain/upcasting.js';
import { RevisionConflict } from '../../../eventstore/port.js';
import type { CommandContext } from '../../commands/context.js';
import { metadataFor } from '../../commands/context.js';
import type { Followup } from '../../followup.js';
import type { MappedRecommendation } from './map.js';
import type { RecordOutcome } from './summary.js';

/** A recommendation waiting for its batch, with the rows it came from (several when merged). */
export interface Pending extends MappedRecommendation {
  rows: number[];
}

export function recordBatch(
  followup: Followup,
  context: CommandContext,
  batch: readonly Pending[],
): Promise<RecordOutcome[]> {
  return Promise.all(batch.map((recommendation) => recordOne(followup, context, recommendation)));
}

async function recordOne(followup: Followup, context: CommandContext, row: Pending): Promise<RecordOutcome> {
  try {
    // The read models commit with the log: a recommendation already recorded is known without deciding anything.
    if (followup.readModels.getRecommendation(row.id, row.issue.issuedOn))
      return await alreadyPresent(followup, context, row);
    try {
      await followup.store.append(recommendationStream(row.id), decideNew(context, row), {
        expectedRevision: 'no_stream',
      });
      return 'new';
    } catch (error) {
      if (error instanceof RevisionConflict) return await alreadyPresent(followup, context, row);
      throw error;
    }
  } catch (error) {
    if (error instanceof FollowupError) return { rejected: error.message };
    throw error;
  }
}

function decideNew(context: CommandContext, row: Pending) {
  const commands: RecommendationCommand[] = [{ type: 'IssueRecommendation', data: row.issue }];
  authorise(context.principal, 'IssueRecommendation', row.issue.state);
  if (row.response) {
    authorise(context.principal, 'RespondToRecommendation', row.issue.state);
    commands.push({ type: 'RespondToRecommendation', data: row.response });
  }
  const events: RecommendationEvent[] = [];
  for (const command of commands) {
    events.push(...recommendationDecider.decide(command, fold(recommendationDecider, events)));
  }
  const metadata = metadataFor(context, undefined, 201);
  return events.map((event) => ({
    type: event.type,
    data: event.data,
    metadata: { ...metadata, schemaVersion: schemaVersionOf(event.type) },
  }));
}

/** A recommendation recorded before may still lack the response this row gives: record it, through the application. */
async function alreadyPresent(followup: Followup, context: CommandContext, row: Pending): Promise<RecordOutcome> {
  if (row.response && !followup.readModels.getRecommendation(row.id, row.issue.issuedOn)?.response) {
    try {
      await followup.recommendations.respond(context, row.id, row.response);
      return 'changed';
    } catch (error) {
      if (!(error instanceof LifecycleConflict)) throw error;
    }
  }
  return 'unchanged';
}
