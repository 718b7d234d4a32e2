/**
 * What counts as accepted is the domain's rule (commitmentOf), not the SQL's: the expressions the read model counts by
 * (a State's status, the `state_counts` triggers) answer as commitmentOf does for every mechanism and position, and a
 * store whose triggers an earlier version wrote has them made again, its counts counted again.
 */
import Database from 'better-sqlite3';
import t from 'tap';
import { migrateAll } from '../../projections/index.js';
import { ACCEPTED_OF, COMMITMENT_OF } from '../../projections/recommendations/commitment.js';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import {
  type Commitment,
  commitmentOf,
  MECHANISMS,
  type Mechanism,
  UPR_POSITIONS,
  type UprPosition,
} from '../../src/domain/vocabulary.js';
import { Log } from './log.js';

const POSITIONS = [...UPR_POSITIONS, undefined] as const;

t.test('the SQL answers as commitmentOf for every mechanism and position', async (t) => {
  const db = new Database(':memory:');
  t.teardown(() => db.close());
  const asked = db.prepare<[string, string | null], { commitment: string; accepted: number }>(
    `SELECT ${COMMITMENT_OF('m', 'p')} AS commitment, ${ACCEPTED_OF('m', 'p')} AS accepted FROM (SELECT ? AS m, ? AS p)`,
  );
  let cases = 0;
  for (const mechanism of MECHANISMS) {
    for (const position of POSITIONS) {
      const commitment = commitmentOf(mechanism, position);
      // No position: NULL in the rows, 'pending' in a status as of a day.
      for (const held of position === undefined ? [null, 'pending'] : [position]) {
        t.strictSame(
          asked.get(mechanism, held),
          { commitment, accepted: commitment === 'accepted' ? 1 : 0 },
          `${mechanism} ${held}`,
        );
        cases++;
      }
    }
  }
  t.equal(cases, MECHANISMS.length * (UPR_POSITIONS.length + 2));
});

interface Case {
  id: string;
  mechanism: Mechanism;
  /** The position last given, if any. */
  position: UprPosition | undefined;
}

/** Gives each case the position `positionOf` its index, responding on 2024-02-01; none where it gives none. */
function respondAll(log: Log, cases: Case[], positionOf: (i: number) => UprPosition | undefined): void {
  for (const [i, c] of cases.entries()) {
    const position = positionOf(i);
    if (position === undefined) continue;
    const data = { recommendationId: c.id, position, respondedOn: '2024-02-01' };
    log.append(recommendationStream(c.id), 'RecommendationResponded', data);
    c.position = position;
  }
}

/** One recommendation of KAZ for every mechanism and position (none: no response), issued on 2024-01-01. */
function everyCase(log: Log): Case[] {
  const cases: Case[] = [];
  const given: (UprPosition | undefined)[] = [];
  for (const mechanism of MECHANISMS) {
    for (const position of POSITIONS) {
      const symbol = `X/KAZ/${cases.length}`;
      const id = recommendationId(symbol, '1');
      log.append(recommendationStream(id), 'RecommendationIssued', {
        recommendationId: id,
        state: 'KAZ',
        mechanism,
        symbol,
        paragraph: '1',
        text: 'Recommends.',
        issuedOn: '2024-01-01',
        themes: [],
        sdgs: [],
        affectedPersons: [],
        recommendingStates: [],
      });
      cases.push({ id, mechanism, position: undefined });
      given.push(position);
    }
  }
  respondAll(log, cases, (i) => given[i]);
  return cases;
}

/** The counts by commitment commitmentOf gives to the cases, with each case's position as of the day. */
function expected(cases: readonly Case[], responded: boolean) {
  const by: Partial<Record<Commitment, number>> = {};
  for (const { mechanism, position } of cases) {
    const commitment = commitmentOf(mechanism, responded ? position : undefined);
    by[commitment] = (by[commitment] ?? 0) + 1;
  }
  return by;
}

const counted = (log: Log, asOf: string) =>
  Object.fromEntries(
    Object.entries(log.models.stateStatus('KAZ', asOf).byCommitment)
      .filter(([, counts]) => counts.recommendations > 0)
      .map(([commitment, counts]) => [commitment, counts.recommendations]),
  );

const acceptedKept = (log: Log) => log.models.statesOverview().items.find((item) => item.state === 'KAZ')?.accepted;

t.test(
  'a State is counted by commitmentOf for every mechanism and position, in its status and its counts kept',
  async (t) => {
    const log = new Log();
    const cases = everyCase(log);
    t.equal(cases.length, MECHANISMS.length * POSITIONS.length);
    const check = (when: string) => {
      t.strictSame(
        counted(log, '2024-01-15'),
        expected(cases, false),
        `${when}: before the responses, from the rows' dates`,
      );
      t.ok(log.models.states.fromStanding('KAZ', '2030-01-01'), 'a day past every date is counted from the standing');
      t.strictSame(counted(log, '2030-01-01'), expected(cases, true), `${when}: after them, from the standing kept`);
      const accepted = expected(cases, true).accepted ?? 0;
      t.equal(acceptedKept(log)?.recommendations, accepted, `${when}: state_counts counts the accepted`);
      t.strictSame(
        log.models.statesOverview(),
        log.models.states.recountStatesOverview(),
        `${when}: equal to a recount`,
      );
    };
    check('responded');
    // Positions changed: the triggers take each recommendation out of one count and into another.
    respondAll(log, cases, (i) => POSITIONS[(i + 1) % POSITIONS.length]);
    check('responded again');
  },
);

t.test('a store whose state_counts triggers an earlier version wrote has them made again and recounted', async (t) => {
  const log = new Log();
  const cases = everyCase(log);
  const triggers = () =>
    log.db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'state_counts_%' ORDER BY name",
      )
      .all();
  const made = triggers();
  t.equal(made.length, 2);
  // As an earlier rule would have kept them: a trigger of other text, counts that differ from the rows.
  log.db.exec(`
    DROP TRIGGER state_counts_changed;
    CREATE TRIGGER state_counts_changed AFTER UPDATE OF status ON recommendations BEGIN SELECT 1; END;
    UPDATE state_counts SET recommendations = recommendations + 7;
  `);
  migrateAll(log.db);
  t.strictSame(triggers(), made, 'the triggers are those the current code makes');
  t.strictSame(log.models.statesOverview(), log.models.states.recountStatesOverview(), 'the counts are counted again');
  respondAll(log, cases, (i) => POSITIONS[(i + 2) % POSITIONS.length]);
  t.strictSame(log.models.statesOverview(), log.models.states.recountStatesOverview(), 'and kept by the new triggers');

  // Triggers as the current code makes them are left as they are, and nothing is counted again at an open.
  log.db.exec('UPDATE state_counts SET recommendations = recommendations + 7');
  migrateAll(log.db);
  t.strictSame(triggers(), made);
  t.not(
    log.models.statesOverview().items[0]?.recommendations,
    log.models.states.recountStatesOverview().items[0]?.recommendations,
    'the counts are not counted again',
  );
});
