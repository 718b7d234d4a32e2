/**
 * The standing the recommendations read model keeps for each recommendation gives, for a day on or after a State's
 * horizon, the same counts as counting the rows' dates: after a random sequence of commands, and after a replay. A
 * row is written only when what it holds changes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Followup } from '../../src/app/followup.js';
import { rebuildReadModels } from '../../src/app/rebuild/rebuild.js';
import { runWorkload } from './rebuild/workload.js';

const STATES = ['KAZ', 'UZB', 'BOL', 'TUR'];
const admin = { kind: 'token', tokenId: 'test', name: 'test', role: 'admin', states: [] } as const;
const id = 'a-hrc-55-9-128-1';
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

t.test('the standing row is written when what it counts changes, and left as it was otherwise', async (t) => {
  const followup = Followup.open({ dataDir: ':memory:' });
  t.teardown(() => followup.close());
  const { db } = followup;
  // Every write to the table, counted by a trigger of this connection's own.
  db.exec(`
    CREATE TEMP TABLE standing_writes (kind TEXT NOT NULL);
    CREATE TEMP TRIGGER standing_inserted AFTER INSERT ON main.recommendation_standing
      BEGIN INSERT INTO standing_writes VALUES ('insert'); END;
    CREATE TEMP TRIGGER standing_updated AFTER UPDATE ON main.recommendation_standing
      BEGIN INSERT INTO standing_writes VALUES ('update'); END;
    CREATE TEMP TRIGGER standing_deleted AFTER DELETE ON main.recommendation_standing
      BEGIN INSERT INTO standing_writes VALUES ('delete'); END;
  `);
  const writes = () => {
    const kinds = (db.prepare('SELECT kind FROM standing_writes').all() as { kind: string }[]).map((r) => r.kind);
    db.exec('DELETE FROM standing_writes');
    return kinds;
  };
  const row = () => db.prepare('SELECT * FROM recommendation_standing WHERE recommendation_id = ?').get(id);
  const context = () => ({ principal: admin, correlationId: randomUUID(), causationId: randomUUID() });
  const measure = { title: 'A law', institution: 'Parliament', implementedOn: '2025-01-10' };

  await followup.recommendations.issue(context(), {
    state: 'KAZ',
    mechanism: 'UPR',
    symbol: 'A/HRC/55/9',
    paragraph: '128.1',
    text: 'Ratify the Optional Protocol.',
    issuedOn: '2024-01-20',
  });
  t.strictSame(writes(), ['insert'], 'issued: the row is inserted');
  t.match(row(), { status: 'no_information', response: 'pending', horizon: '2024-01-20' });

  await followup.recommendations.recordMeasure(context(), id, measure);
  t.strictSame(writes(), ['update'], 'a first measure: the row is updated in place');
  const inProgress = row();
  t.match(inProgress, { status: 'in_progress', horizon: '2025-01-10' });

  await followup.recommendations.recordMeasure(context(), id, { ...measure, title: 'A decree' });
  t.strictSame(writes(), [], 'a measure that changes nothing counted: the row is not written');
  t.strictSame(row(), inProgress, 'and is as it was');

  await followup.recommendations.respond(context(), id, { position: 'supported', respondedOn: '2024-06-01' });
  t.strictSame(writes(), ['update'], 'a response: the row is updated');
  t.match(row(), { status: 'in_progress', response: 'supported', horizon: '2025-01-10' });
});

t.test("every State's counts kept (GET /v1/states) equal a recount, inline and after a replay", async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-state-counts-'));
  const followup = Followup.open({ dataDir });
  t.teardown(async () => {
    await followup.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { states } = followup.readModels;
  const same = (when: string) => {
    const recount = states.recountStatesOverview();
    t.ok(recount.items.length >= 3, `${when}: the workload gave States recommendations`);
    t.strictSame(states.statesOverview(), recount, `${when}: the counts kept equal a recount`);
  };
  await runWorkload(followup, 31, 200);
  same('inline');
  for (const workers of [1, 2]) {
    followup.db.exec("UPDATE state_counts SET recommendations = recommendations + 7 WHERE status = 'no_information'");
    await rebuildReadModels(followup.db, { scratchDir: dataDir, workers });
    same(`replayed in ${workers} worker(s)`);
  }
  await runWorkload(followup, 32, 120);
  same('commands after the replay');
});
