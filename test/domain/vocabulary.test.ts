import t from 'tap';
import { recommendationId, reportId, slug } from '../../src/domain/identity.js';
import { gradeOnScale } from '../../src/domain/procedure/follow-up-rules.js';
import { CalendarDate, GRADES, gradeLevel, StateCode } from '../../src/domain/vocabulary.js';

const gradeInScale = (mechanism: Parameters<typeof gradeOnScale>[0], grade: string) =>
  gradeOnScale(mechanism, grade) !== undefined;

t.test('a grade maps to its normalised level; a sub-grade to the level of its letter', async (t) => {
  t.equal(gradeLevel('A'), 'satisfactory');
  t.equal(gradeLevel('B'), 'partially_satisfactory');
  t.equal(gradeLevel('C'), 'not_satisfactory');
  t.equal(gradeLevel('D'), 'no_reply');
  t.equal(gradeLevel('E'), 'contrary');
  t.equal(gradeLevel('B1'), 'partially_satisfactory');
  t.equal(gradeLevel('B2'), 'partially_satisfactory');
  t.equal(gradeLevel('C1'), 'not_satisfactory');
  t.equal(gradeLevel('C2'), 'not_satisfactory');
  t.equal(gradeLevel('D1'), 'no_reply');
  t.equal(gradeLevel('D2'), 'no_reply');
});

t.test('only CCPR grades with sub-grades', async (t) => {
  for (const grade of GRADES) t.ok(gradeInScale('CCPR', grade), `CCPR ${grade}`);
  t.ok(gradeInScale('CAT', 'E'));
  t.notOk(gradeInScale('CAT', 'B1'));
  t.notOk(gradeInScale('CEDAW', 'D2'));
});

t.test('ids are URL-safe slugs of symbol and paragraph', async (t) => {
  t.equal(reportId('CAT/C/KAZ/4'), 'cat-c-kaz-4');
  t.equal(recommendationId('CAT/C/KAZ/CO/4', '12(a)'), 'cat-c-kaz-co-4-12-a');
  t.equal(recommendationId('A/HRC/55/9', '128.45'), 'a-hrc-55-9-128-45');
  t.equal(slug(' CAT/C/KAZ/CO/4 ', '(b)'), 'cat-c-kaz-co-4-b', 'no leading, trailing or doubled dashes');
});

t.test('a State is an upper-case ISO 3166-1 alpha-3 code the ISO list knows', async (t) => {
  t.equal(StateCode.parse('KAZ'), 'KAZ');
  t.ok(StateCode.safeParse('UZB').success);
  const unknown = StateCode.safeParse('XXX');
  t.notOk(unknown.success, 'XXX is no State');
  t.match(unknown.error?.issues[0]?.message, /not a known ISO 3166-1 alpha-3 code/);
  const lower = StateCode.safeParse('kaz');
  t.notOk(lower.success, 'lower case is refused');
  t.match(lower.error?.issues[0]?.message, /upper case/);
  t.notOk(StateCode.safeParse('KZ').success, 'alpha-2 is refused');
});

t.test('a calendar date must exist', async (t) => {
  t.ok(CalendarDate.safeParse('2024-02-29').success);
  t.notOk(CalendarDate.safeParse('2023-02-29').success);
  t.notOk(CalendarDate.safeParse('10 May 2023').success);
});
