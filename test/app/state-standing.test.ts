/**
 * The standing the recommendations read model keeps for each recommendation gives, for a day on or after a State's
 * horizon, the same counts as counting the rows' dates: after a random sequence of commands, and after a replay.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import { rebuildReadModels } from '../../src/app/rebuild/rebuild.js';
import { runWorkload } from './rebuild/workload.js';

const STATES = ['KAZ', 'UZB', 'BOL', 'TUR'];
/** The workload's dates all fall in 2000–2029. */
const AFTER_EVERY_DATE = ['2030-01-01', '2099-12-31'];

type Row = Record<string, unknown>;
const sorted = (rows: readonly Row[]) =>
  [...rows].sort((a, b) => `${a.mechanism} ${a.commitment}`.localeCompare(`${b.mechanism} ${b.commitment}`));

function sameCounts(t: Test, followup: Followup, when: string): void {
  const { states } = followup.readModels;
  let counted = 0;
  for (const state of STATES) {
    for (const asOf of AFTER_EVERY_DATE) {
      t.ok(states.fromStanding(state, asOf), `${when}: ${state} on ${asOf} is counted from the standing`);
      const recount = states.recount(state, asOf);
      counted += recount.length;
      t.strictSame(sorted(states.standingCounts(state, asOf)), sorted(recount), `${when}: ${state} on ${asOf}`);
    }
    // A day before some of the State's dates is counted from the dates themselves.
    t.notOk(states.fromStanding(state, '2001-01-01'), `${when}: ${state} on a past day is recounted`);
  }
  t.ok(counted > 8, `${when}: the workload gave the States recommendations to count`);
}

t.test('the standing kept equals a recount, after random commands and after a replay', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-standing-'));
  const followup = Followup.open({ dataDir });
  t.teardown(async () => {
    await followup.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await runWorkload(followup, 21, 160);
  sameCounts(t, followup, 'inline');
  for (const workers of [1, 2]) {
    followup.db.exec('DELETE FROM recommendation_standing');
    await rebuildReadModels(followup.db, { scratchDir: dataDir, workers });
    sameCounts(t, followup, `replayed in ${workers} worker(s)`);
  }
  await runWorkload(followup, 22, 60);
  sameCounts(t, followup, 'commands after the replay');
  const status = followup.readModels.stateStatus('KAZ', '2030-01-01');
  const total = followup.readModels.states
    .recount('KAZ', '2030-01-01')
    .reduce((sum, row) => sum + Number(row.recommendations ?? 0), 0);
  t.equal(status.recommendations, total, 'the status served counts them');
});
