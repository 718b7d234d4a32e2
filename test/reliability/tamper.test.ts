/**
 * R8 at the service: events altered, deleted or reordered in the database file behind the service's back are named
 * by stream and revision — by the recommendation's history and by a verification of every chain.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import t, { type Test } from 'tap';
import { verifyChains } from '../../src/eventstore/integrity.js';
import { get, measure, PARA_10, post, type Service } from '../http/harness.js';
import { serviceFor } from './service.js';

const STREAM = `recommendation-${PARA_10}`;

/** The founding case plus four measures on one recommendation, in a file another connection can tamper with. */
async function tampered(t: Test): Promise<{ service: Service; attacker: Sqlite.Database }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-tamper-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const service = await serviceFor(t, { dataDir });
  for (let n = 1; n <= 4; n++) {
    await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, {
      ...measure,
      title: `Measure ${n}`,
    });
  }
  const attacker = new Sqlite(join(dataDir, 'followup.db'));
  t.teardown(() => attacker.close());
  return { service, attacker };
}

const history = async (service: Service) => (await get(service.app, `/v1/recommendations/${PARA_10}/history`)).json;

t.test('an untouched log verifies, and so does the history', async (t) => {
  const { service } = await tampered(t);
  t.strictSame((await verifyChains(service.followup.store)).breaks, []);
  t.strictSame((await history(service)).integrity, { verified: true });
});

t.test('a measure rewritten in the file: named by the history and by the verification', async (t) => {
  const { service, attacker } = await tampered(t);
  attacker
    .prepare("UPDATE events SET data = replace(data, 'Measure 2', 'Measure 9') WHERE stream = ? AND revision = 2")
    .run(STREAM);
  const answer = await history(service);
  t.strictSame(answer.integrity, { verified: false, brokenAt: 2 }, 'the history says where');
  const verified = await verifyChains(service.followup.store);
  t.strictSame(verified.breaks, [{ stream: STREAM, revision: 2, reason: 'altered' }]);
});

t.test('the actor of an event rewritten: named', async (t) => {
  const { service, attacker } = await tampered(t);
  attacker
    .prepare(
      `UPDATE events SET metadata = json_set(metadata, '$.actor.name', 'someone else') WHERE stream = ? AND revision = 3`,
    )
    .run(STREAM);
  t.strictSame((await verifyChains(service.followup.store)).breaks, [
    { stream: STREAM, revision: 3, reason: 'altered' },
  ]);
  t.strictSame((await history(service)).integrity, { verified: false, brokenAt: 3 });
});

t.test('an event deleted from the middle: named as missing', async (t) => {
  const { service, attacker } = await tampered(t);
  attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = 2').run(STREAM);
  const verified = await verifyChains(service.followup.store);
  t.match(verified.breaks, [{ stream: STREAM, revision: 2, reason: 'missing' }], 'the revision that is gone');
  t.equal((await history(service)).integrity.verified, false);
});

t.test('two events swapped: named as reordered', async (t) => {
  const { service, attacker } = await tampered(t);
  attacker.transaction(() => {
    const swap = attacker.prepare('UPDATE events SET revision = ? WHERE stream = ? AND revision = ?');
    swap.run(-1 >>> 0, STREAM, 1);
    swap.run(1, STREAM, 2);
    swap.run(2, STREAM, -1 >>> 0);
  })();
  const verified = await verifyChains(service.followup.store);
  t.ok(verified.breaks.length > 0, 'broken');
  t.ok(
    verified.breaks.every((b) => b.stream === STREAM && [1, 2].includes(b.revision) && b.reason === 'reordered'),
    'named by stream and revision, as reordered',
    { breaks: verified.breaks },
  );
  t.match((await history(service)).integrity, { verified: false, brokenAt: 1 });
});

t.test('the last event deleted: named when the expected head is known', async (t) => {
  const { service, attacker } = await tampered(t);
  const head = attacker
    .prepare('SELECT revision, metadata FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1')
    .get(STREAM) as {
    revision: number;
    metadata: string;
  };
  attacker.prepare('DELETE FROM events WHERE stream = ? AND revision = ?').run(STREAM, head.revision);
  const heads = [[STREAM, { revision: head.revision, hash: JSON.parse(head.metadata).hash }]] as const;
  const verified = await verifyChains(service.followup.store, { heads });
  t.match(verified.breaks, [{ stream: STREAM, revision: head.revision, reason: 'missing' }]);
});

t.test('any byte of any column of any event of the stream altered: named by stream and revision', async (t) => {
  const { service, attacker } = await tampered(t);
  const rows = attacker
    .prepare('SELECT position, revision, id, type, data, metadata FROM events WHERE stream = ? ORDER BY revision')
    .all(STREAM) as Record<string, string | number>[];
  let cases = 0;
  for (const row of rows) {
    for (const column of ['id', 'type', 'data', 'metadata']) {
      const text = String(row[column]);
      for (const index of [0, Math.floor(text.length / 2), text.length - 2]) {
        const altered = text.slice(0, index) + (text[index] === 'x' ? 'y' : 'x') + text.slice(index + 1);
        const set = attacker.prepare(`UPDATE events SET ${column} = ? WHERE position = ?`);
        set.run(altered, row.position);
        const verified = await verifyChains(service.followup.store);
        t.ok(
          verified.breaks.some((b) => b.stream === STREAM && b.revision === row.revision),
          `${column}[${index}] of revision ${row.revision}`,
          { breaks: verified.breaks },
        );
        set.run(text, row.position);
        cases++;
      }
    }
  }
  t.strictSame((await verifyChains(service.followup.store)).breaks, [], 'restored, it verifies again');
  t.comment(
    `R8 figures: ${cases} single-character alterations of ${rows.length} events, every one named by stream and revision`,
  );
});

t.test('an event that is no longer JSON: the reads that need it name it, the verification too', async (t) => {
  const { service, attacker } = await tampered(t);
  attacker.prepare('UPDATE events SET data = substr(data, 2) WHERE stream = ? AND revision = 1').run(STREAM);
  for (const url of [`/v1/recommendations/${PARA_10}/history`, '/v1/events?limit=500']) {
    const answer = await get(service.app, url);
    t.equal(answer.status, 500, `${url}: a server fault`);
    t.match(answer.headers['content-type'], /^application\/problem\+json/);
    t.match(answer.json.detail, `${STREAM} revision 1`, `${url}: names the stream and revision`);
  }
  t.strictSame((await verifyChains(service.followup.store)).breaks, [
    { stream: STREAM, revision: 1, reason: 'altered' },
  ]);
});
