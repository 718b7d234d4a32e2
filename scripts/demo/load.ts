import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../src/app/commands/context.js';
import type { Followup } from '../../src/app/followup.js';
import { recommendationId } from '../../src/domain/identity.js';
import type { Principal } from '../../src/domain/token/permissions.js';
import * as kaz from './founding-case.js';

const secretariat: Principal = {
  kind: 'token',
  tokenId: 'demo-secretariat',
  name: 'CAT secretariat (demo)',
  role: 'secretariat',
  states: [],
};
const kazakhstan: Principal = {
  kind: 'token',
  tokenId: 'demo-kaz',
  name: 'Kazakhstan (demo)',
  role: 'state',
  states: ['KAZ'],
};
const as = (principal: Principal): CommandContext => ({
  principal,
  correlationId: 'demo-founding-case',
  causationId: randomUUID(),
});

/** The founding case's report, recommendations, measures and follow-up reply, appended as the demo's actors. */
export async function loadFoundingCase(followup: Followup): Promise<void> {
  const { reports, recommendations } = followup;
  const { id } = (await reports.submit(as(kazakhstan), kaz.report)).body;
  await reports.present(as(secretariat), id, kaz.presentation);
  await reports.adoptConcludingObservations(as(secretariat), id, kaz.concludingObservations);
  for (const recommendation of kaz.recommendations) await recommendations.issue(as(secretariat), recommendation);
  const idOf = (paragraph: string) => recommendationId(kaz.concludingObservations.symbol, paragraph);
  for (const { paragraph, measure } of kaz.measures) {
    await recommendations.recordMeasure(as(kazakhstan), idOf(paragraph), measure);
  }
  const { paragraphs, ...reply } = kaz.followUpReply;
  for (const paragraph of paragraphs)
    await recommendations.receiveFollowUpReply(as(kazakhstan), idOf(paragraph), reply);
}
