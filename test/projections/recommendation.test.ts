import t from 'tap';
import { migrateAll, ReadModels } from '../../projections/index.js';
import { paragraph } from '../../scripts/demo/founding-case.js';
import { CAT, DEADLINE, foundingCase, REPORT, UPR_IDS } from './kazakhstan.js';

const log = foundingCase();
const get = (id: string, today = '2026-01-01') => log.models.getRecommendation(id, today);

t.test('the founding recommendation as served', async (t) => {
  t.strictSame(get(CAT.definition), {
    id: CAT.definition,
    state: 'KAZ',
    mechanism: 'CAT',
    symbol: 'CAT/C/KAZ/CO/4',
    paragraph: '10',
    text: paragraph('10').text,
    language: 'en',
    languages: ['en'],
    issuedOn: '2023-05-10',
    reportId: REPORT,
    themes: ['Torture and other cruel, inhuman or degrading treatment', 'Definition of torture'],
    sdgs: ['16.3 - Promote the rule of law'],
    affectedPersons: ['Persons deprived of their liberty'],
    recommendingStates: [],
    status: 'implemented',
    commitment: 'accepted',
    measures: [
      {
        title: 'Draft amendments to article 146 of the Criminal Code',
        institution: 'Government of Kazakhstan',
        implementedOn: '2023-09-01',
        evidence: [],
        completes: false,
        recordedAt: '2024-01-01T00:00:00.000Z',
      },
      {
        title: 'Definition of torture aligned with article 1 of the Convention',
        institution: 'Government of Kazakhstan',
        implementedOn: '2024-03-15',
        evidence: [],
        completes: true,
        recordedAt: '2024-01-01T00:00:00.000Z',
      },
    ],
    followUp: {
      deadline: DEADLINE,
      deadlineFrom: 'given',
      replied: true,
      overdue: false,
      standing: 'replied_late',
      repliedOn: '2024-05-13',
      dialogue: [
        { kind: 'reply', on: '2024-05-13', symbol: 'CAT/C/KAZ/FCO/4', recordedAt: '2024-01-01T00:00:00.000Z' },
      ],
    },
    assessment: { grade: 'A', level: 'satisfactory', assessedOn: '2025-11-21', session: 84 },
    assessments: [
      { grade: 'B', level: 'partially_satisfactory', assessedOn: '2024-11-22', session: 81 },
      { grade: 'A', level: 'satisfactory', assessedOn: '2025-11-21', session: 84 },
    ],
    revision: 5,
  });
});

t.test('status from all recorded measures', async (t) => {
  t.equal(get(CAT.safeguards)?.status, 'in_progress');
  t.equal(get(CAT.detention)?.status, 'implemented');
  t.equal(get(CAT.confessions)?.status, 'no_information', 'no measure, nothing said: no information');
  t.strictSame(get(CAT.confessions)?.measures, []);
});

t.test('overdue is judged on the day the caller gives', async (t) => {
  t.match(get(CAT.legalAid, DEADLINE)?.followUp, {
    deadline: DEADLINE,
    replied: true,
    overdue: false,
    standing: 'pending',
  });
  t.equal(get(CAT.legalAid, '2024-05-13')?.followUp?.overdue, true, 'the day after the deadline, no reply yet');
  t.equal(get(CAT.legalAid, '2024-09-30')?.followUp?.overdue, true);
  t.equal(get(CAT.legalAid, '2024-10-01')?.followUp?.overdue, false, 'the day the reply came');
  t.equal(get(CAT.definition, '2024-05-13')?.followUp?.overdue, false, 'replied the day after the deadline');
});

t.test('not selected for follow-up: followUp and assessment are null, not absent', async (t) => {
  const recommendation = get(CAT.detention);
  t.equal(recommendation?.followUp, null);
  t.equal(recommendation?.assessment, null);
  t.notOk(recommendation && 'response' in recommendation, 'no response field');
  t.notOk('description' in (recommendation?.measures[0] ?? {}), 'absent description omitted');
  t.equal(recommendation?.measures.length, 1);
});

t.test('a UPR recommendation with its response', async (t) => {
  const supportedInPart = get(UPR_IDS[2]!);
  t.strictSame(supportedInPart?.response, {
    position: 'supported_in_part',
    respondedOn: '2020-09-22',
    comment: 'Accepted for the criminal justice part',
  });
  t.strictSame(supportedInPart?.recommendingStates, ['FRA', 'DEU']);
  t.notOk(supportedInPart && 'reportId' in supportedInPart);
  t.strictSame(get(UPR_IDS[0]!)?.response, { position: 'supported', respondedOn: '2020-09-22' });
  t.notOk(get(UPR_IDS[3]!)?.response);
});

t.test('the current assessment: the latest by date', async (t) => {
  t.strictSame(get(CAT.safeguards)?.assessment, {
    grade: 'C',
    level: 'not_satisfactory',
    assessedOn: '2024-11-22',
    session: 81,
  });
  t.equal(get(CAT.legalAid)?.assessment, null);
});

t.test('an unknown recommendation is undefined', async (t) => {
  t.equal(get('cat-c-kaz-co-4-99'), undefined);
});

t.test('every event delivered again changes nothing', async (t) => {
  const ids = [...Object.values(CAT), ...UPR_IDS];
  const before = ids.map((id) => get(id));
  for (const event of log.events) log.redeliver(event);
  t.strictSame(
    ids.map((id) => get(id)),
    before,
  );
  t.equal(log.models.stateStatus('KAZ', '2026-01-01').byLevel.satisfactory, 1);
});

t.test('a read model kept before measures had their own table is migrated in place, order kept', async (t) => {
  const { db } = foundingCase();
  const before = get(CAT.definition);
  // The earlier layout: every measure of a recommendation in one JSON array column.
  db.exec(`
    ALTER TABLE recommendations ADD COLUMN measures TEXT NOT NULL DEFAULT '[]';
    UPDATE recommendations SET measures = coalesce((SELECT json_group_array(json(m.measure) ORDER BY m.seq)
      FROM recommendation_measures m WHERE m.recommendation_id = recommendations.id), '[]');
    DELETE FROM recommendation_measures;
  `);
  migrateAll(db);
  const columns = db.prepare("SELECT name FROM pragma_table_info('recommendations')").pluck().all();
  t.notOk(columns.includes('measures'), 'the array column is gone');
  const migrated = new ReadModels(db).getRecommendation(CAT.definition, '2026-01-01');
  t.strictSame(migrated?.measures, before?.measures, 'every measure, in the order recorded');
  t.equal(migrated?.measures.length, 2);
});

t.test(
  'the UPR cycle and lead institution are indexed where set, and the filters on them use those indexes',
  async (t) => {
    const { db } = foundingCase();
    const indexSql = (name: string) =>
      db.prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name);
    // An earlier version's whole index is made partial on migration.
    db.exec(`
    DROP INDEX recommendations_by_upr_cycle;
    CREATE INDEX recommendations_by_upr_cycle ON recommendations (upr_cycle, id);
  `);
    migrateAll(db);
    for (const name of ['recommendations_by_upr_cycle', 'recommendations_by_lead']) {
      t.match(indexSql(name), /WHERE \w+ IS NOT NULL$/, `${name} is partial`);
    }
    const plan = (where: string) =>
      db
        .prepare(`EXPLAIN QUERY PLAN SELECT r.id FROM recommendations r WHERE ${where}`)
        .all({ value: 2 })
        .map((row) => (row as { detail: string }).detail)
        .join('; ');
    t.match(plan('r.upr_cycle = :value'), /recommendations_by_upr_cycle/);
    t.match(plan('r.lead_institution = :value'), /recommendations_by_lead/);
    // The founding case's UPR recommendations name no session: one is given a cycle here, the row as a cycle sets it.
    db.prepare('UPDATE recommendations SET upr_cycle = 4 WHERE id = ?').run(UPR_IDS[0]);
    const cycle = new ReadModels(db).listRecommendations({ today: '2026-01-01', uprCycle: 4, limit: 100 });
    t.same(
      cycle.items.map((item) => item.id),
      [UPR_IDS[0]],
      'found through the partial index',
    );
  },
);
