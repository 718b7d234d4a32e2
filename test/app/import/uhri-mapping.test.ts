/** The UHRI export's quirks, one by one: State names, bodies, lists, Excel dates, paragraph numbers, positions. */
import t from 'tap';
import { calendarDateOf, listOf, splitParagraph, uprPositionOf } from '../../../src/app/import/uhri/cells.js';
import { UHRI_COLUMNS as C } from '../../../src/app/import/uhri/columns.js';
import { mapUhriRow } from '../../../src/app/import/uhri/map.js';
import { mechanismOf } from '../../../src/app/import/uhri/mechanisms.js';
import { stateCodeOf } from '../../../src/domain/state-names.js';
import { StateCode } from '../../../src/domain/vocabulary.js';
import { GOOD_ROWS, serial } from './uhri-fixtures.js';
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
    ['Council of Elders', undefined],
  ];
  for (const [body, mechanism] of cases) t.equal(mechanismOf(body), mechanism, body);
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
  t.strictSame(splitParagraph('49. The Committee recommends that'), {
    paragraph: '49',
    text: 'The Committee recommends that',
  });
  t.strictSame(splitParagraph('128.45 Ratify the Convention'), { paragraph: '128.45', text: 'Ratify the Convention' });
  t.strictSame(splitParagraph('128.45. Ratify'), { paragraph: '128.45', text: 'Ratify' });
  t.strictSame(splitParagraph('12 (a) Ensure'), { paragraph: '12(a)', text: 'Ensure' });
  t.strictSame(splitParagraph('12(b). Ensure'), { paragraph: '12(b)', text: 'Ensure' });
  t.strictSame(splitParagraph('(a) Ensure that'), { text: 'Ensure that' }, 'a bare sub-paragraph names no paragraph');
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
  const cat = mapUhriRow(GOOD_ROWS[0]!);
  t.match(cat, {
    ok: true,
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
  });
  t.notOk('response' in cat, 'no response outside the UPR');
  t.match(mapUhriRow(GOOD_ROWS[2]!), {
    ok: true,
    issue: { mechanism: 'UPR', paragraph: '137.1', recommendingStates: ['NOR', 'BOL', 'TUR'] },
    response: { position: 'supported', respondedOn: '2020-03-20' },
  });
  t.match(mapUhriRow(GOOD_ROWS[4]!), {
    ok: true,
    issue: { state: 'BOL', mechanism: 'CRC', paragraph: '3b0e7c1e-2f0b-4a53-9d5e-0c1b2a3d4e5f' },
  });
  t.match(mapUhriRow({ ...GOOD_ROWS[0], [C.text]: `1. ${'x'.repeat(20_001)}` }), { ok: false, reason: /text/ });
  t.match(mapUhriRow({ ...GOOD_ROWS[2], [C.recommendingStates]: '- Narnia' }), {
    ok: false,
    reason: /unknown State "Narnia"/,
  });
  t.match(mapUhriRow({ ...GOOD_ROWS[0], [C.body]: '- CAT\n- UPR' }), { ok: false, reason: /several mechanisms/ });
});
