import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { CommandContext } from '../../src/app/commands/context.js';
import { PreconditionFailed } from '../../src/app/commands/errors.js';
import { Followup } from '../../src/app/followup.js';
import { LifecycleConflict } from '../../src/domain/errors.js';

const admin = { kind: 'token', tokenId: 'test', name: 'test', role: 'admin', states: [] } as const;
const as = (ifMatch?: number): CommandContext => ({
  principal: admin,
  correlationId: randomUUID(),
  causationId: randomUUID(),
  ...(ifMatch !== undefined ? { ifMatch } : {}),
});
const measure = (title: string) => ({ title, institution: 'Parliament', implementedOn: '2025-01-10' });

/** Two services on one file: each caches the states it folded, and the other writes behind its back. */
function twoWriters(t: Test) {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-handler-'));
  const a = Followup.open({ dataDir });
  const b = Followup.open({ dataDir });
  t.teardown(async () => {
    await a.close();
    await b.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { a, b };
}

const upr = {
  state: 'KAZ',
  mechanism: 'UPR' as const,
  symbol: 'A/HRC/55/9',
  paragraph: '128.1',
  text: 'Ratify the Optional Protocol.',
  issuedOn: '2024-01-20',
};
const id = 'a-hrc-55-9-128-1';

t.test('a state cached by one writer is never trusted over what another writer appended', async (t) => {
  const { a, b } = twoWriters(t);
  await a.recommendations.issue(as(), upr);
  t.equal((await b.recommendations.recordMeasure(as(), id, measure('one'))).body.revision, 1);
  t.equal((await a.recommendations.recordMeasure(as(), id, measure('two'))).body.revision, 2);
  // b folded revision 1 last; its append at 1 is refused by the store and decided again on revision 2.
  t.equal((await b.recommendations.recordMeasure(as(), id, measure('three'))).body.revision, 3);
  const history = await a.history(id);
  const titles = history?.events
    .filter((e) => e.type === 'MeasureImplemented')
    .map((e) => (e.data as { title: string }).title);
  t.same(titles, ['one', 'two', 'three']);
  t.same(
    history?.events.map((e) => e.revision),
    [0, 1, 2, 3],
  );
});

t.test('a rule is judged on the stream as stored, not on a cached state', async (t) => {
  const { a, b } = twoWriters(t);
  await a.recommendations.issue(as(), upr);
  await b.recommendations.recordMeasure(as(), id, measure('one'));
  await a.recommendations.respond(as(), id, { position: 'supported', respondedOn: '2024-06-01' });
  // b's cached state has no response yet; the store's revision check sends it back to the log, which has one.
  await t.rejects(
    b.recommendations.respond(as(), id, { position: 'noted', respondedOn: '2024-06-02' }),
    LifecycleConflict,
  );
});

t.test('If-Match is compared with the stored revision even when the cache is behind', async (t) => {
  const { a, b } = twoWriters(t);
  await a.recommendations.issue(as(), upr);
  await b.recommendations.recordMeasure(as(), id, measure('one'));
  await a.recommendations.recordMeasure(as(), id, measure('two'));
  // b cached revision 1, the stream is at 2: If-Match 2 is current and succeeds; If-Match 1 is stale.
  t.equal((await b.recommendations.recordMeasure(as(2), id, measure('three'))).body.revision, 3);
  await a.recommendations.recordMeasure(as(), id, measure('four'));
  await t.rejects(b.recommendations.recordMeasure(as(3), id, measure('five')), PreconditionFailed);
});

t.test('several commands, one append: all their events, or none when any is refused', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-handler-'));
  const followup = Followup.open({ dataDir });
  t.teardown(async () => {
    await followup.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const response = { position: 'supported' as const, respondedOn: '2024-03-01' };
  const both = await followup.recommendations.issueWith(as(), upr, response, { isNew: true });
  t.strictSame(both.body.events, ['RecommendationIssued', 'RecommendationResponded'], 'one answer for both');
  t.equal(both.body.revision, 1);

  const cat = { ...upr, mechanism: 'CAT' as const, symbol: 'CAT/C/KAZ/CO/4' };
  await t.rejects(followup.recommendations.issueWith(as(), cat, response), /only UPR recommendations/);
  t.notOk(followup.readModels.getRecommendation('cat-c-kaz-co-4-128-1', '2025-01-01'), 'the issue was not appended');

  await t.rejects(
    followup.recommendations.issueWith(as(), upr, response, { isNew: true }),
    LifecycleConflict,
    'a stream wrongly taken for new is read and decided again',
  );
});
