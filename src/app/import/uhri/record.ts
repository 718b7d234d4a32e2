/**
 * Records a batch of imported recommendations through the application's command path: a new one is issued with its
 * UPR response in one append that expects no stream, decided by the recommendation decider without reading the
 * stream first, so the store's revision check (not this code) keeps a recommendation from being recorded twice.
 */

import { FollowupError, LifecycleConflict } from '../../../domain/errors.js';
import type { CommandContext } from '../../commands/context.js';
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
      await followup.recommendations.issueWith(context, row.issue, row.response, { isNew: true });
      return 'new';
    } catch (error) {
      // Recorded meanwhile by another writer (or twice in this file): the decider refused to issue it again.
      if (error instanceof LifecycleConflict) return await alreadyPresent(followup, context, row);
      throw error;
    }
  } catch (error) {
    if (error instanceof FollowupError) return { rejected: error.message };
    throw error;
  }
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
