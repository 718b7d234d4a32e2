/** The UHRI export's quirks, one by one: State names, bodies, lists, Excel dates, paragraph numbers, positions. */
import t from 'tap';
import { calendarDateOf, listOf, splitParagraph, uprPositionOf } from '../../../src/app/import/uhri/cells.js';
import { UHRI_COLUMNS as C } from '../../../src/app/import/uhri/columns.js';
import { entryOfObject, entryOfRow } from '../../../src/app/import/uhri/entry.js';
import { mapUhriEntry } from '../../../src/app/import/uhri/map.js';
import { bodyOf, mechanismOf } from '../../../src/app/import/uhri/mechanisms.js';
import { mandateById, mandateNamed, THEMATIC_MANDATES } from '../../../src/domain/mandates.js';
import { stateCodeOf } from '../../../src/domain/state-names.js';
import { StateCode } from '../../../src/domain/vocabulary.js';
import { GOOD_ROWS, type Row, serial } from './uhri-fixtures.js';
import { FULL_EXPORT, fullRecord } from './uhri-full-export.js';

const mapRow = (row: Row) => mapUhriEntry(entryOfRow(row));

import { UN_MEMBER_STATES, UN_OBSERVER_STATES } from './un-states.js';

t.test('every UN Member State and both observer States, by their UN short names', async (t) => {
  t.equal(UN_MEMBER_STATES.length, 193, 'the 193 Member States');
  t.equal(new Set(UN_MEMBER_STATES.map(([, code]) => code)).size, 193, 'each its own code');
  for (const [name, code] of [...UN_MEMBER_STATES, ...UN_OBSERVER_STATES]) {
    t.equal(stateCodeOf(name), code, name);
    t.ok(StateCode.safeParse(code).success, `${code} is a valid StateCode`);
  }
});

t.test('State names as exports spell them: curly apostrophes, spaces, codes, older UN names', async (t) => {
  t.equal(stateCodeOf('Côte d’Ivoire'), 'CIV');
  t.equal(stateCodeOf("  Democratic People's  Republic of Korea "), 'PRK');
  t.equal(stateCodeOf('Turkey'), 'TUR');
  t.equal(stateCodeOf('Swaziland'), 'SWZ');
  t.equal(stateCodeOf('The former Yugoslav Republic of Macedonia'), 'MKD');
  t.equal(stateCodeOf('KAZ'), 'KAZ');
  t.equal(stateCodeOf('Atlantis'), undefined);
  t.equal(stateCodeOf(''), undefined);
});

t.test("UN footnote marks, the European Union, ISO codes, other datasets' variants", async (t) => {
  const cases: [string, string][] = [
    ['State of Palestine*', 'PSE'],
    ['Kosovo*', 'XKK'],
    ['Türkiye*', 'TUR'],
    ['European Union', 'EUU'],
    ['KZ', 'KAZ'],
    ['LT', 'LTU'],
    ['kaz', 'KAZ'],
    ['DPR Korea', 'PRK'],
    ['DPRK', 'PRK'],
    ['Lao PDR', 'LAO'],
    ['Bosnia & Herzegovina', 'BIH'],
    ['Trinidad & Tobago', 'TTO'],
    ['St Lucia', 'LCA'],
    ['St. Kitts and Nevis', 'KNA'],
    ['St Vincent & the Grenadines', 'VCT'],
    ['Macedonia FYR', 'MKD'],
    ["Korea, Dem. People's Rep.", 'PRK'],
    ['Korea, Rep.', 'KOR'],
    ['Micronesia, Fed. Sts.', 'FSM'],
    ['Egypt, Arab Rep.', 'EGY'],
    ['Venezuela, RB', 'VEN'],
    ['Gambia, The', 'GMB'],
    ['Cape Verde', 'CPV'],
    ['Ivory Coast', 'CIV'],
    ['Burma', 'MMR'],
    ['Zaire', 'COD'],
    ['Libyan Arab Jamahiriya', 'LBY'],
    ['Serbia and Montenegro', 'SRB'],
    ['Holy See', 'VAT'],
    ['Vietnam', 'VNM'],
    ['Syria', 'SYR'],
    ['Russia', 'RUS'],
    ['UK', 'GBR'],
    ['USA', 'USA'],
  ];
  for (const [name, code] of cases) {
    t.equal(stateCodeOf(name), code, name);
    t.ok(StateCode.safeParse(code).success, `${code} is a valid StateCode`);
  }
  t.equal(stateCodeOf('Council of Europe'), undefined);
});

t.test('bodies map to mechanisms: committees, optional protocols, special procedures', async (t) => {
  const cases: [string, string | undefined][] = [
    ['CAT', 'CAT'],
    ['UPR', 'UPR'],
    ['CRC-OP-AC', 'CRC'],
    ['CRC-OP-SC', 'CRC'],
    ['CCPR-OP2-DP', 'CCPR'],
    ['OP-CAT', 'SPT'],
    ['SR on torture', 'SP'],
    ['WG on Arbitrary Detention', 'SP'],
    ['IE on sexual orientation and gender identity', 'SP'],
    ['cedaw', 'CEDAW'],
    ['- CRC-OP-AC', 'CRC'],
    ['HRCttee', 'CCPR'],
    ['CRMW', 'CMW'],
    ['Committee on the Rights of the Child', 'CRC'],
    ['Committee against Torture', 'CAT'],
    ['Human Rights Committee', 'CCPR'],
    ['Committee on Economic, Social and Cultural Rights', 'CESCR'],
    ['Committee on the Elimination of Discrimination against Women', 'CEDAW'],
    ['Committee on the Elimination of Racial Discrimination', 'CERD'],
    ['Committee on the Rights of Persons with Disabilities', 'CRPD'],
    ['Committee on Enforced Disappearances', 'CED'],
    ['Committee on Migrant Workers', 'CMW'],
    ['Committee on the Protection of the Rights of All Migrant Workers and Members of Their Families', 'CMW'],
    ['Subcommittee on Prevention of Torture', 'SPT'],
    ['Universal Periodic Review', 'UPR'],
    ['WG on discrimination against women and girls', 'SP'],
    ['WG on Enforced or Involuntary Disappearances', 'SP'],
    ['Council of Elders', undefined],
  ];
  for (const [body, mechanism] of cases) t.equal(mechanismOf(body), mechanism, body);
});

t.test('special procedures keep their mandate: thematic, by country, or as written', async (t) => {
  for (const mandate of THEMATIC_MANDATES) t.equal(mandateNamed(mandate.title)?.id, mandate.id, mandate.title);
  t.equal(new Set(THEMATIC_MANDATES.map((m) => m.id)).size, THEMATIC_MANDATES.length, 'ids are unique');
  const cases: [string, string][] = [
    ['SR on torture', 'torture'],
    ['- SR on Torture', 'torture'],
    ['SR on freedom of expression', 'expression'],
    ['WG on Arbitrary Detention', 'arbitrary-detention'],
    ['IE on sexual orientation and gender identity', 'sexual-orientation-gender-identity'],
    ['SR on trafficking in persons, especially women and children', 'trafficking'],
    ['SR on violence against women, its causes and consequences', 'violence-against-women'],
    ['SR on toxic waste', 'toxics'],
    ['SRSG on human rights defenders', 'human-rights-defenders'],
    ['SR on the situation of human rights in Belarus', 'country-blr'],
    ['IE on Mali', 'country-mli'],
    ['SR on DPRK', 'country-prk'],
    ['SR on the Occupied Palestinian Territories', 'country-pse'],
  ];
  for (const [name, id] of cases) t.equal(bodyOf(name)?.mandate?.id, id, name);
  t.match(bodyOf('SR on something unheard of'), {
    mechanism: 'SP',
    listed: false,
    mandate: { id: 'sr-on-something-unheard-of', title: 'SR on something unheard of' },
  });
  t.match(mandateById('country-blr'), { title: /situation of human rights in Belarus/ });
  t.match(mandateById('torture'), { kind: 'special_rapporteur' });
  t.equal(mandateById('nothing'), undefined);
});

t.test('multi-valued cells: one value a line, prefixed "- "', async (t) => {
  t.strictSame(listOf('- Equality & non-discrimination\n- Women\r\n-  Children'), [
    'Equality & non-discrimination',
    'Women',
    'Children',
  ]);
  t.strictSame(listOf('- 16.3 - Promote the rule of law'), ['16.3 - Promote the rule of law'], 'SDG keeps its dash');
  t.strictSame(listOf('Kazakhstan'), ['Kazakhstan'], 'a single unprefixed value');
  t.strictSame(listOf('- A\n- A'), ['A'], 'duplicates once');
  t.strictSame(listOf(undefined), []);
});

t.test('dates: Excel serial numbers, ISO, day/month/year; impossible days refused', async (t) => {
  t.equal(calendarDateOf(45056), '2023-05-10');
  t.equal(calendarDateOf('45056'), '2023-05-10', 'a serial in a CSV cell');
  t.equal(calendarDateOf(45056.75), '2023-05-10', 'a time of day is dropped');
  t.equal(calendarDateOf(serial('2000-02-29')), '2000-02-29');
  t.equal(calendarDateOf(61), '1900-03-01');
  t.equal(calendarDateOf('2024-05-13'), '2024-05-13');
  t.equal(calendarDateOf('2024-05-13T00:00:00.000Z'), '2024-05-13');
  t.equal(calendarDateOf('13/05/2024'), '2024-05-13');
  t.equal(calendarDateOf(new Date(Date.UTC(2024, 4, 13))), '2024-05-13');
  t.equal(calendarDateOf('31/02/2024'), undefined);
  t.equal(calendarDateOf('sometime'), undefined);
  t.equal(calendarDateOf(0), undefined);
});

t.test('the paragraph number that starts Text', async (t) => {
  t.strictSame(
    splitParagraph('4.The Committee reminds'),
    { paragraph: '4', text: 'The Committee reminds' },
    'no space',
  );
  t.strictSame(splitParagraph('49.The Committee'), { paragraph: '49', text: 'The Committee' });
  t.strictSame(splitParagraph('147.1 Ratify'), { paragraph: '147.1', text: 'Ratify' });
  t.strictSame(splitParagraph('12(a)Ensure'), { paragraph: '12(a)', text: 'Ensure' });
  t.strictSame(splitParagraph('(iv) Ensure'), { item: '(iv)', text: 'Ensure' });
  t.strictSame(splitParagraph('49. The Committee recommends that'), {
    paragraph: '49',
    text: 'The Committee recommends that',
  });
  t.strictSame(splitParagraph('128.45 Ratify the Convention'), { paragraph: '128.45', text: 'Ratify the Convention' });
  t.strictSame(splitParagraph('128.45. Ratify'), { paragraph: '128.45', text: 'Ratify' });
  t.strictSame(splitParagraph('12 (a) Ensure'), { paragraph: '12(a)', text: 'Ensure' });
  t.strictSame(splitParagraph('12(b). Ensure'), { paragraph: '12(b)', text: 'Ensure' });
  t.strictSame(
    splitParagraph('(a) Ensure that'),
    { item: '(a)', text: 'Ensure that' },
    'a bare item names no paragraph',
  );
  t.strictSame(splitParagraph('The Committee'), { text: 'The Committee' });
  t.strictSame(splitParagraph('2023 was a year'), { paragraph: '2023', text: 'was a year' }, 'a number is a number');
});

t.test('UPR positions to responses', async (t) => {
  t.equal(uprPositionOf('Supported'), 'supported');
  t.equal(uprPositionOf('- Noted'), 'noted');
  t.equal(uprPositionOf('Supported in part'), 'supported_in_part');
  t.equal(uprPositionOf('Partially supported'), 'supported_in_part');
  t.equal(uprPositionOf('- Supported\n- Noted'), 'supported_in_part', 'both: supported in part');
  t.equal(uprPositionOf('Pending'), null);
  t.equal(uprPositionOf(''), null);
  t.equal(uprPositionOf('Maybe'), undefined);
});

t.test('a row maps to the command the API takes', async (t) => {
  const cat = mapRow(GOOD_ROWS[0]!);
  t.match(cat, {
    kind: 'recommendations',
    recommendations: [
      {
        id: 'cat-c-kaz-co-4-10',
        issue: {
          state: 'KAZ',
          mechanism: 'CAT',
          symbol: 'CAT/C/KAZ/CO/4',
          paragraph: '10',
          issuedOn: '2023-05-10',
          themes: ['Definition of torture', 'Equality & non-discrimination'],
          sdgs: ['16.3 - Promote the rule of law'],
          affectedPersons: ['Persons deprived of their liberty'],
        },
      },
    ],
    warnings: [],
  });
  t.notOk(cat.kind === 'recommendations' && 'response' in cat.recommendations[0]!, 'no response outside the UPR');
  t.match(mapRow({ ...GOOD_ROWS[2]!, [C.uprSession]: '34' }), {
    recommendations: [
      {
        issue: { mechanism: 'UPR', paragraph: '137.1', recommendingStates: ['NOR', 'BOL', 'TUR'], uprSession: 34 },
        response: { position: 'supported', respondedOn: '2020-03-20' },
      },
    ],
  });
  t.match(mapRow(GOOD_ROWS[4]!), {
    recommendations: [
      { issue: { state: 'BOL', mechanism: 'CRC', paragraph: '3b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f(b)' } },
    ],
  });
  t.match(mapRow(GOOD_ROWS[5]!), {
    recommendations: [{ issue: { state: 'TUR', mechanism: 'SP', paragraph: '88', mandates: ['torture'] } }],
  });
  t.match(mapRow({ ...GOOD_ROWS[0], [C.text]: `1. ${'x'.repeat(20_001)}` }), { kind: 'rejected', reason: /text/ });
  t.match(mapRow({ ...GOOD_ROWS[0], [C.body]: '- CAT\n- UPR' }), { kind: 'rejected', reason: /several mechanisms/ });
});

t.test('only recommendations are recorded; other types are skipped by type', async (t) => {
  t.match(mapRow({ ...GOOD_ROWS[0], [C.type]: '- Concerns/Observations' }), {
    kind: 'skipped',
    type: 'Concerns/Observations',
  });
  t.match(mapRow({ ...GOOD_ROWS[0], [C.type]: '' }), { kind: 'skipped', type: '(no type)' });
  t.match(mapRow({ ...GOOD_ROWS[0], [C.type]: 'Recommandations' }), { kind: 'recommendations' }, 'the French export');
  t.match(
    mapRow({ ...GOOD_ROWS[0], [C.type]: '- Recomendaciones' }),
    { kind: 'recommendations', warnings: [/Spanish export's: .*then this file with --lang es$/] },
    'the Spanish export without --lang: recorded, with a warning that says how to record it as a translation',
  );
  const english = mapRow(GOOD_ROWS[0]!);
  t.same(english.kind === 'recommendations' && english.warnings, [], 'the English export: no such warning');
  const { [C.type]: _none, ...untyped } = GOOD_ROWS[0]!;
  t.match(mapRow(untyped), { kind: 'recommendations' }, 'a file with no type column at all');
});

t.test('a recommending State without a code is kept as written, with a warning', async (t) => {
  const mapped = mapRow({ ...GOOD_ROWS[2], [C.recommendingStates]: '- Narnia\n- Norway', [C.uprPosition]: 'Perhaps' });
  t.match(mapped, {
    kind: 'recommendations',
    recommendations: [{ issue: { recommendingStates: ['NOR'], unmappedRecommendingStates: ['Narnia'] } }],
    warnings: [/recommending State "Narnia" has no code/, /unknown UPR position "Perhaps": recorded as pending/],
  });
  t.notOk(mapped.kind === 'recommendations' && mapped.recommendations[0]!.response, 'no position recorded');
});

t.test('a record with neither paragraph number nor annotation id: an id from its document and text', async (t) => {
  const row = { ...GOOD_ROWS[2], [C.text]: 'Ratify the Optional Protocol.', [C.annotationId]: '' };
  const first = mapRow({ ...row, [C.recommendingStates]: '- Norway' });
  const second = mapRow({ ...row, [C.recommendingStates]: '- Sweden', [C.text]: '  ratify the optional  protocol. ' });
  const other = mapRow({ ...row, [C.text]: 'Abolish the death penalty.' });
  const idOf = (m: typeof first) => (m.kind === 'recommendations' ? m.recommendations[0]!.id : undefined);
  t.match(idOf(first), /^a-hrc-44-10-t-[0-9a-f]{16}$/);
  t.equal(idOf(second), idOf(first), 'the same text once per recommending State: one id');
  t.not(idOf(other), idOf(first));
});

t.test('the full export: every record as the fixtures say', async (t) => {
  for (const { record, ids, skipped } of FULL_EXPORT) {
    const mapped = mapUhriEntry(entryOfObject(record));
    if (skipped) t.match(mapped, { kind: 'skipped', type: skipped }, String(record.Text));
    else
      t.strictSame(
        mapped.kind === 'recommendations' && mapped.recommendations.map((r) => r.id),
        ids,
        String(record.Text),
      );
  }
  t.match(mapUhriEntry(entryOfObject(FULL_EXPORT[3]!.record)), {
    recommendations: [
      {
        issue: {
          state: 'BOL',
          text: 'Ratify the Optional Protocol to the Convention against Torture (Türkiye);',
          recommendingStates: ['TUR', 'PSE'],
          unmappedRecommendingStates: ['Narnia'],
          uprSession: 34,
          issuedOn: '2019-12-17',
        },
        response: { position: 'supported' },
      },
    ],
  });
  t.match(mapUhriEntry(entryOfObject(FULL_EXPORT[5]!.record)), {
    recommendations: [
      { issue: { state: 'BLR', otherStatesConcerned: ['LTU'], mandates: ['arbitrary-detention', 'country-blr'] } },
      { issue: { state: 'LTU', otherStatesConcerned: ['BLR'] } },
    ],
  });
  t.match(mapUhriEntry(entryOfObject(fullRecord(99, { UprCycle: '2nd', Body: '- UPR', Text: '1. x' }))), {
    recommendations: [{ issue: { uprCycle: 2 } }],
  });
  t.match(mapUhriEntry(undefined), { kind: 'rejected', reason: /not a JSON object/ });
});
