/** The log's instants recorded a transaction at a time equal those recorded one event at a time. */
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import t from 'tap';
import { bindInstants, bindInstantsOfMany, PositionQueries, positionProjection } from '../../projections/position.js';

const SEED = Number(process.env.FOLLOWUP_SEED ?? 1962);

function database(): Sqlite.Database {
  const db = new Sqlite(':memory:');
  positionProjection.migrate(db);
  return db;
}

const rows = (db: Sqlite.Database) =>
  JSON.stringify(db.prepare('SELECT recorded_at, position FROM log_instants ORDER BY recorded_at').all());

t.test('instants of events stored together, at once or one at a time: the same rows', async (t) => {
  // Events in log order, recorded up to 5 ms out of order (appends queued together), split into transactions.
  const workload = fc.array(fc.record({ jitter: fc.integer({ min: -5, max: 5 }), gap: fc.nat(3) }), {
    minLength: 1,
    maxLength: 80,
  });
  fc.assert(
    fc.property(workload, fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1 }), (steps, sizes) => {
      let clock = 1_000;
      const events = steps.map((step, i) => {
        clock += step.gap;
        return { ms: clock + step.jitter, position: String(98 + i) };
      });
      const oneDb = database();
      const manyDb = database();
      const one = bindInstants(oneDb);
      const many = bindInstantsOfMany(manyDb);
      for (const { ms, position } of events) one(ms, position);
      for (let start = 0, i = 0; start < events.length; i++) {
        const size = sizes[i % sizes.length]!;
        many(events.slice(start, start + size));
        start += size;
      }
      return rows(oneDb) === rows(manyDb);
    }),
    { seed: SEED, numRuns: 300 },
  );
  t.pass(`300 random logs (seed ${SEED})`);
});

t.test('a transaction at a time: the position is the last event, each instant answers as the log stood', async (t) => {
  const db = database();
  const settle = positionProjection.bindBatch!(db);
  const recorded = (position: string, at: string) =>
    ({ position, metadata: { recordedAt: at } }) as unknown as Parameters<typeof settle>[0][number];
  settle([recorded('9', '2026-01-01T00:00:00.005Z'), recorded('10', '2026-01-01T00:00:00.003Z')]);
  settle([recorded('11', '2026-01-01T00:00:00.004Z')]);
  const position = new PositionQueries(db);
  t.equal(position.currentPosition(), '11');
  const at = (ms: number) => position.positionRecordedBefore(Date.parse('2026-01-01T00:00:00.000Z') + ms);
  t.equal(at(3), '0', 'nothing recorded before 3 ms');
  t.equal(at(4), '10', 'position 10 was recorded at 3 ms');
  t.equal(at(5), '11', 'and 11 at 4 ms');
  t.equal(at(6), '11', 'and 9 at 5 ms: the log up to 11');
  settle([]);
  t.equal(position.currentPosition(), '11', 'no events: nothing moves');
});
