/** A random but repeatable workload of commands through the application, refused commands included. */
import Sqlite from 'better-sqlite3';
import { bindAll, migrateAll, serviceProjections } from '../../../projections/index.js';
import type { CommandContext } from '../../../src/app/commands/context.js';
import type { Followup } from '../../../src/app/followup.js';
import { dumpReadModels } from '../../../src/app/rebuild/rebuild.js';
import { FollowupError } from '../../../src/domain/errors.js';
import { hasFollowUpProcedure } from '../../../src/domain/procedure/follow-up-rules.js';
import { GRADES, UPR_POSITIONS } from '../../../src/domain/vocabulary.js';

/** mulberry32: a tiny seeded generator, so a failing seed can be run again. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const STATES = ['KAZ', 'UZB', 'BOL', 'TUR'];
const MECHANISMS = ['CAT', 'CCPR', 'CEDAW', 'CRC', 'UPR'] as const;

const context = (key?: string): CommandContext => ({
  principal: { kind: 'token', tokenId: 'workload', name: 'workload', role: 'admin', states: [] },
  correlationId: 'workload',
  causationId: 'workload',
  ...(key ? { idempotency: { key, method: 'POST', path: '/workload', body: { key } } } : {}),
});

/** Runs `steps` random commands; refusals (the domain's rules) are part of the workload. */
export async function runWorkload(followup: Followup, seed: number, steps: number): Promise<void> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const day = (from: number) =>
    `20${String(from + Math.floor(next() * 5)).padStart(2, '0')}-0${1 + Math.floor(next() * 9)}-1${Math.floor(next() * 9)}`;
  const ids: string[] = [];
  for (let step = 0; step < steps; step++) {
    const key = next() < 0.2 ? `seed-${seed}-${Math.floor(next() * steps)}` : undefined;
    const id = ids.length > 0 ? pick(ids) : 'none';
    const attempt = async () => {
      const roll = next();
      if (roll < 0.3 || ids.length === 0) {
        const mechanism = pick(MECHANISMS);
        const symbol = `${mechanism}/C/${pick(STATES)}/CO/${1 + Math.floor(next() * 3)}`;
        const paragraph = String(1 + Math.floor(next() * 20));
        const followUp = hasFollowUpProcedure(mechanism) && next() < 0.5;
        const answer = await followup.recommendations.issue(context(key), {
          state: pick(STATES),
          mechanism,
          symbol,
          paragraph,
          text: `Recommendation ${step}`,
          issuedOn: '2020-01-10',
          themes: next() < 0.5 ? ['Torture', 'Detention'] : ['Women'],
          ...(followUp ? { followUp: { deadline: day(21) } } : {}),
          ...(mechanism === 'CRC' && next() < 0.5 ? { priority: 'urgent_measures' as const } : {}),
        });
        ids.push(answer.body.id);
      } else if (roll < 0.55) {
        await followup.recommendations.recordMeasure(context(key), id, {
          title: `Measure ${step}`,
          institution: 'Parliament',
          implementedOn: day(19),
          completes: next() < 0.3,
        });
      } else if (roll < 0.7) {
        await followup.recommendations.receiveFollowUpReply(context(key), id, { receivedOn: day(20) });
      } else if (roll < 0.85) {
        await followup.recommendations.assessFollowUp(context(key), id, { grade: pick(GRADES), assessedOn: day(20) });
      } else if (roll < 0.95) {
        await followup.recommendations.respond(context(key), id, {
          position: pick(UPR_POSITIONS),
          respondedOn: day(20),
          ...(next() < 0.5 ? { source: { document: 'addendum' as const, symbol: 'A/HRC/44/10/Add.1' } } : {}),
        });
        await followup.recommendations.recordMidTermReport(context(), id, {
          symbol: `MTR/${Math.floor(next() * 3)}`,
          submittedOn: day(22),
        });
      } else if (roll < 0.975) {
        await followup.tokens.issue(context(), { name: `token ${step}`, role: 'reader' });
      } else {
        // A report through its cycle, each step as far as the rules let it go.
        const state = pick(STATES);
        const mechanism = pick(['CAT', 'CCPR', 'CEDAW'] as const);
        const symbol = `${mechanism}/C/${state}/${1 + Math.floor(next() * 6)}`;
        const { body } = await followup.reports.submit(context(key), {
          state,
          mechanism,
          cycle: 1,
          symbol,
          submittedOn: '2019-01-10',
        });
        await followup.reports.adoptListOfIssues(context(), body.id, {
          kind: 'list_of_issues',
          symbol: `${symbol}/Q`,
          adoptedOn: '2019-06-10',
        });
        await followup.reports.receiveListOfIssuesReplies(context(), body.id, {
          symbol: `${symbol}/RQ`,
          receivedOn: '2019-09-10',
        });
        await followup.reports.present(context(), body.id, { session: 70, presentedOn: '2020-01-10' });
        await followup.reports.adoptConcludingObservations(context(), body.id, {
          symbol: `${symbol}/CO`,
          adoptedOn: '2020-01-20',
          nextReportDue: day(22),
        });
      }
    };
    try {
      await attempt();
    } catch (error) {
      if (!(error instanceof FollowupError)) throw error;
    }
  }
}

/** The read models a log gives when every event is applied to empty tables, one by one. */
export async function projectFromScratch(followup: Followup): Promise<Record<string, unknown[]>> {
  const db = new Sqlite(':memory:');
  try {
    migrateAll(db, serviceProjections);
    const apply = bindAll(db, serviceProjections);
    for await (const event of followup.store.readAll()) db.transaction(() => apply(event))();
    return dumpReadModels(db);
  } finally {
    db.close();
  }
}
