/**
 * Records a batch of imported recommendations through the application's command path, in one batch of the store:
 * a new one is issued with its UPR response, a recorded one is revised by the decider (only what changed), and one
 * the read models show as already said is left alone. The store's revision check keeps any from being recorded twice.
 */

import type { RecordedSource } from '../../../../projections/index.js';
import { FollowupError, LifecycleConflict } from '../../../domain/errors.js';
import { revise, sourceRevision } from '../../../domain/recommendation/revise.js';
import type { CommandContext } from '../../commands/context.js';
import type { FromSource } from '../../commands/recommendations.js';
import type { Followup } from '../../followup.js';
import type { MappedRecommendation } from './map.js';
import type { RecordOutcome } from './summary.js';

/** A recommendation waiting for its batch, with the rows it came from (several when merged). */
export interface Pending extends MappedRecommendation {
  rows: number[];
}

export async function recordBatch(
  followup: Followup,
  context: CommandContext,
  batch: readonly Pending[],
): Promise<RecordOutcome[]> {
  const recorded = followup.readModels.recordedSources(batch.map((pending) => pending.id));
  const outcomes: RecordOutcome[] = new Array(batch.length);
  const items: FromSource[] = [];
  const at: number[] = [];
  for (const [i, pending] of batch.entries()) {
    const known = recorded.get(pending.id);
    // The decider's own rule, on the read model: nothing it would record means nothing to decide (a re-import).
    if (known && saysNothingNew(pending, known)) {
      outcomes[i] = 'unchanged';
      continue;
    }
    items.push({ issue: pending.issue, ...(pending.response && { response: pending.response }), recorded: !!known });
    at.push(i);
  }
  const results = items.length > 0 ? await followup.recommendations.recordFromSource(context, items) : [];
  for (const [k, result] of results.entries()) {
    const i = at[k]!;
    const item = items[k]!;
    if (result.ok) {
      outcomes[i] = !result.outcome.changed ? 'unchanged' : item.recorded ? 'changed' : 'new';
    } else if (!item.recorded && result.error instanceof LifecycleConflict) {
      outcomes[i] = 'unchanged'; // issued meanwhile by another writer
    } else if (result.error instanceof FollowupError) {
      outcomes[i] = { rejected: result.error.message };
    } else {
      throw result.error;
    }
  }
  return outcomes;
}

function saysNothingNew(pending: Pending, known: RecordedSource): boolean {
  if (pending.response && !known.responded) return false;
  try {
    return revise(pending.id, known.mechanism, known.source, sourceRevision(pending.issue)).length === 0;
  } catch {
    return false; // the decider will say why
  }
}
