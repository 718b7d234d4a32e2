/** User text shows something: text made only of invisible or formatting characters is refused. */
import t from 'tap';
import { RecordMeasure } from '../../src/domain/recommendation/commands.js';
import { showsSomething, userText } from '../../src/domain/text.js';
import { IssueToken } from '../../src/domain/token/token.js';

const INVISIBLE = {
  'zero-width space': '\u200B',
  'zero-width joiners': '\u200C\u200D\u2060',
  'right-to-left override': '\u202E',
  'bidirectional isolates and marks': '\u2066\u2067\u2068\u2069\u200E\u200F',
  'byte-order mark and soft hyphen': '\uFEFF\u00AD',
  'Hangul filler': '\u3164',
  'braille blank': '\u2800',
  'combining marks alone': '\u0301\u0308',
  'a mix with spaces': ' \u200B \u202E\u00A0',
};

t.test('text of invisible characters only shows nothing', async (t) => {
  for (const [what, text] of Object.entries(INVISIBLE)) t.notOk(showsSomething(text), what);
  for (const text of ['Law', '\u202EwaL', 'Закон', 'قانون', '法律', '\u200BLaw\u200B', 'é', '😀']) {
    t.ok(showsSomething(text), JSON.stringify(text));
  }
  t.ok(showsSomething(''), 'empty text is left to the length rules');
});

t.test(
  'given a measure or a token, when its title or name is invisible, then it is refused naming the field',
  async (t) => {
    for (const [what, text] of Object.entries(INVISIBLE)) {
      const measure = RecordMeasure.safeParse({ title: text, institution: 'Parliament', implementedOn: '2023-06-01' });
      t.notOk(measure.success, `measure title: ${what}`);
      t.strictSame(
        measure.error?.issues.map((issue) => issue.path.join('.')),
        ['title'],
      );
      const token = IssueToken.safeParse({ name: text, role: 'reader' });
      t.notOk(token.success, `token name: ${what}`);
    }
    const visible = RecordMeasure.safeParse({
      title: 'Law \u202Eon torture',
      institution: 'Parliament',
      implementedOn: '2023-06-01',
    });
    t.ok(visible.success, 'visible text with a control inside is kept as given (the dashboard isolates it)');
    t.equal(
      userText().max(5).safeParse('\u200B').error?.issues[0]?.message,
      'must contain visible characters, not only invisible or formatting ones',
    );
  },
);
