import { randomUUID } from 'node:crypto';
import t from 'tap';
import { Followup } from '../../src/app/followup.js';
import { runSearch } from '../../src/cli/commands/search.js';
import { tempDir } from '../app/import/uhri-fixtures.js';
import { captureIo, configFor } from './harness.js';

const admin = { kind: 'token', tokenId: 'test', name: 'test', role: 'admin', states: [] } as const;
const as = () => ({ principal: admin, correlationId: randomUUID(), causationId: randomUUID() });

t.test('search: hits with snippets and facets, as text and as the JSON of the API', async (t) => {
  const data = tempDir(t, 'followup-search-');
  const followup = Followup.open({ dataDir: data });
  const issue = { mechanism: 'CAT' as const, text: '', issuedOn: '2016-05-01' };
  await followup.recommendations.issue(as(), {
    ...issue,
    state: 'KAZ',
    symbol: 'CAT/C/KAZ/CO/3',
    paragraph: '8',
    text: 'Adopt a definition of torture covering every element of article 1.',
    themes: ['Definition of torture'],
  });
  await followup.recommendations.issue(as(), {
    ...issue,
    state: 'UZB',
    symbol: 'CAT/C/UZB/CO/5',
    paragraph: '9',
    text: 'Ensure that victims of torture obtain redress.',
    issuedOn: '2020-01-01',
  });
  await followup.close();

  const text = captureIo();
  t.equal(await runSearch(configFor(data), ['torture'], {}, text), 0);
  t.match(text.out(), /^2 found$/m);
  t.match(text.out(), /by State\s+(KAZ 1, UZB 1|UZB 1, KAZ 1)/);
  t.match(text.out(), /definition of \[torture\]/);

  const json = captureIo();
  await runSearch(configFor(data), ['"definition', 'of', 'torture"'], { state: 'Kazakhstan', json: true }, json);
  const page = JSON.parse(json.out());
  t.equal(page.facets.total, 1);
  t.equal(page.items[0].id, 'cat-c-kaz-co-3-8');
  t.match(page.items[0].match.snippet, /<mark>/);

  const years = captureIo();
  await runSearch(configFor(data), ['torture'], { from: '2018', json: true }, years);
  t.strictSame(
    JSON.parse(years.out()).items.map((item: { state: string }) => item.state),
    ['UZB'],
  );

  const malformed = runSearch(configFor(data), ['"torture'], {}, captureIo());
  await t.rejects(
    malformed,
    /^the words '"torture' are not a search this command understands: unterminated string; close/,
  );
  await t.rejects(
    runSearch(configFor(data), ['"torture'], {}, captureIo()),
    { message: /^(?!q )/ },
    'not the API field',
  );
  await t.rejects(
    runSearch(configFor(data), ['torture'], { cursor: 'nope' }, captureIo()),
    /^--cursor nope: is not a cursor/,
  );
  await t.rejects(runSearch(configFor(data), [], {}, captureIo()), /give the words/);
  await t.rejects(runSearch(configFor(data), ['torture'], { from: 'soon' }, captureIo()), /--from soon/);
  await t.rejects(runSearch(configFor(data), ['torture'], { state: 'Atlantis' }, captureIo()), /--state Atlantis/);
});
