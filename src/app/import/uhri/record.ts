/**
 * The import's batch path: a new recommendation is decided by the domain's decider on the empty state and appended
 * with its UPR response in one append that expects no stream, so the store's revision check (not this code) keeps
 * a recommendation from being recorded twice. One append per row instead of a load and an append per command.
 */

import { fold } from '../../../domain/decider.js';
import { FollowupError, LifecycleConflict } from '../../../domain/errors.js';
import { recommendationId, recommendationStream } from '../../../domain/identity.js';
import type { RecommendationCommand } from '../../../domain/recommendation/commands.js';
import { recommendationDecider } from '../../../domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../../domain/recommendation/events.js';
import { authorise } from '../../../domain/token/permissions.js';
import { schemaVersionOf } from '../../../domain/upcasting.js';
import { RevisionConflict } from '../../../eventstore/port.js';
import type { CommandContext } from '../../commands/context.js';
import { metadataFor } from '../../commands/context.js';
import type { Followup } from '../../followup.js';
import type { MappedRow } from './map.js';

export type RowOutcome = 'imported' | 'already present' | { reason: string };

type Recordable = Extract<MappedRow, { ok: true }>;

export async function recordUhriRow(followup: Followup, context: CommandContext, row: Recordable): Promise<RowOutcome> {
  try {
    const id = recommendationId(row.issue.symbol, row.issue.paragraph);
    // The read models commit with the log: a row already recorded is known without deciding anything.
    if (followup.readModels.getRecommendation(id, row.issue.issuedOn))
      return await alreadyPresent(followup, context, id, row);
    try {
      await followup.store.append(recommendationStream(id), decideNew(context, row), {
        expectedRevision: 'no_stream',
      });
      return 'imported';
    } catch (error) {
      // Recorded meanwhile by another writer (or twice in this file): as present as can be.
      if (error instanceof RevisionConflict) return await alreadyPresent(followup, context, id, row);
      throw error;
    }
  } catch (error) {
    if (error instanceof FollowupError) return { reason: error.message };
    throw error;
  }
}

function decideNew(context: CommandContext, row: Recordable) {
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
async function alreadyPresent(
  followup: Followup,
  context: CommandContext,
  id: string,
  row: Recordable,
): Promise<RowOutcome> {
  if (row.response && !followup.readModels.getRecommendation(id, row.issue.issuedOn)?.response) {
    try {
      await followup.recommendations.respond(context, id, row.response);
    } catch (error) {
      if (!(error instanceof LifecycleConflict)) throw error;
    }
  }
  return 'already present';
}
