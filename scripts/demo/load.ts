import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../../src/app/commands/context.js';
import type { Followup } from '../../src/app/followup.js';
import type { Principal } from '../../src/domain/token/permissions.js';
import * as kaz from './founding-case.js';
import * as plan from './plan.js';

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

/**
 * The founding case's report, recommendations, measures and follow-up reply, its third UPR's recommendations and
 * positions, and an illustrative national plan, appended as the demo's actors.
 */
export async function loadFoundingCase(followup: Followup): Promise<void> {
  const { reports, recommendations } = followup;
  const { id } = (await reports.submit(as(kazakhstan), kaz.report)).body;
  await reports.present(as(secretariat), id, kaz.presentation);
  await reports.adoptConcludingObservations(as(secretariat), id, kaz.concludingObservations);
  for (const recommendation of kaz.recommendations) await recommendations.issue(as(secretariat), recommendation);
  for (const { paragraph, measure } of kaz.measures) {
    await recommendations.recordMeasure(as(kazakhstan), kaz.catId(paragraph), measure);
  }
  const { paragraphs, ...reply } = kaz.followUpReply;
  for (const paragraph of paragraphs)
    await recommendations.receiveFollowUpReply(as(kazakhstan), kaz.catId(paragraph), reply);
  for (const recommendation of kaz.uprRecommendations) await recommendations.issue(as(secretariat), recommendation);
  for (const { paragraph, response } of kaz.uprResponses)
    await recommendations.respond(as(kazakhstan), kaz.uprId(paragraph), response);
  await loadPlan(followup);
}

/** The illustrative national plan: institutions, responsibilities, a cluster, actions and an indicator. */
async function loadPlan(followup: Followup): Promise<void> {
  const state = as(kazakhstan);
  for (const institution of plan.institutions) await followup.institutions.register(state, institution);
  for (const { recommendationId, assignment } of plan.responsibilities) {
    await followup.recommendations.assignResponsibility(state, recommendationId, assignment);
  }
  await followup.clusters.form(state, plan.cluster);
  for (const action of plan.actions) {
    const { id } = (await followup.actions.plan(state, action.plan)).body;
    for (const progress of action.progress) await followup.actions.reportProgress(state, id, progress);
    if (action.measureOn) await followup.actions.recordMeasure(state, id, { recommendationId: action.measureOn });
  }
  const { id } = (await followup.indicators.define(state, plan.indicator)).body;
  for (const value of plan.indicatorValues) await followup.indicators.recordValue(state, id, value);
}
