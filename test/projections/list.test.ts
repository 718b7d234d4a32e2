import t from 'tap';
import { encodeCursor, type RecommendationFilter } from '../../projections/index.js';
import { InvalidInput } from '../../src/domain/errors.js';
import { recommendationOrder } from '../../src/domain/recommendation/order.js';
import { assess, CAT, foundingCase, issue, UPR_IDS } from './kazakhstan.js';

const log = foundingCase();
const ccpr = { state: 'ARM', mechanism: 'CCPR', symbol: 'CCPR/C/ARM/CO/3', issuedOn: '2021-11-05' };
const armenia = issue(log, { ...ccpr, paragraph: '7', followUp: { deadline: '2022-11-05' } });
issue(log, { ...ccpr, paragraph: '9', themes: ['Definition of torture'] });
assess(log, armenia, 'E', 'contrary', '2023-03-30');

// Document by document, each in paragraph order: 9 before 10 (text order would put 9 last).
const catInOrder = [CAT.confessions, CAT.definition, CAT.safeguards, CAT.legalAid, CAT.detention];
const everyId = [...UPR_IDS, ...catInOrder, armenia, 'ccpr-c-arm-co-3-9'];
type Query = Omit<RecommendationFilter, 'limit' | 'today'> & { limit?: number; today?: string };
const ids = (query: Query) =>
  log.models.listRecommendations({ limit: 500, today: '2026-01-01', ...query }).items.map((item) => item.id);

t.test('paging with the cursor returns every item exactly once, in document and paragraph order', async (t) => {
  for (const limit of [1, 2, 3, 5, 11, 12, 500]) {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = log.models.listRecommendations({ limit, today: '2026-01-01', ...(cursor && { cursor }) });
      t.ok(page.items.length <= limit);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.next ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    t.strictSame(seen, everyId, `limit ${limit}`);
    t.equal(pages, Math.max(1, Math.ceil(everyId.length / limit)), `no empty last page at limit ${limit}`);
  }
});

t.test('the last page has no next', async (t) => {
  t.equal(log.models.listRecommendations({ limit: 500, today: '2026-01-01' }).next, null);
  const first = log.models.listRecommendations({ limit: 1, today: '2026-01-01' });
  t.equal(first.next, encodeCursor(recommendationOrder('A/HRC/44/10', '137.1', everyId[0]!)));
});

t.test('a cursor the service did not make is invalid input', async (t) => {
  t.throws(() => ids({ cursor: '!!not a cursor' }), InvalidInput);
  t.throws(() => ids({ cursor: '' }), InvalidInput);
});

t.test('filters', async (t) => {
  t.strictSame(ids({ state: 'ARM' }), [armenia, 'ccpr-c-arm-co-3-9']);
  t.strictSame(ids({ state: 'NOR' }), []);
  t.strictSame(ids({ mechanism: 'UPR' }), UPR_IDS);
  t.strictSame(ids({ state: 'KAZ', mechanism: 'CCPR' }), []);
  t.strictSame(ids({ status: 'implemented' }), [CAT.definition, CAT.detention].sort());
  t.strictSame(ids({ status: 'in_progress' }), [CAT.safeguards]);
  t.strictSame(ids({ level: 'satisfactory' }), [CAT.definition]);
  t.strictSame(ids({ level: 'contrary' }), [armenia]);
  t.equal(ids({ level: 'not_assessed' }).length, everyId.length - 3);
  t.notOk(ids({ level: 'not_assessed' }).includes(CAT.safeguards));
  t.strictSame(ids({ theme: 'Definition of torture' }), [CAT.definition, 'ccpr-c-arm-co-3-9']);
  t.strictSame(ids({ theme: 'Definition of torture', state: 'KAZ' }), [CAT.definition]);
  t.strictSame(ids({ theme: 'Nothing of the kind' }), []);
});

t.test('overdue is judged on the caller’s today', async (t) => {
  t.strictSame(ids({ overdue: true, today: '2024-05-12' }), [armenia]);
  t.strictSame(ids({ overdue: true, today: '2024-05-13' }), [CAT.legalAid, armenia]);
  t.strictSame(ids({ overdue: true, today: '2024-10-01' }), [armenia]);
  t.strictSame(ids({ overdue: true, state: 'KAZ', today: '2024-06-01' }), [CAT.legalAid]);
  t.equal(ids({ overdue: false, today: '2024-06-01' }).length, everyId.length - 2);
  const [item] = log.models.listRecommendations({ limit: 1, overdue: true, today: '2024-06-01', state: 'KAZ' }).items;
  t.match(item?.followUp, {
    deadline: '2024-05-12',
    replied: true,
    repliedOn: '2024-10-01',
    overdue: true,
    standing: 'overdue',
  });
});

t.test('filters combine with paging', async (t) => {
  const first = log.models.listRecommendations({ limit: 2, state: 'KAZ', mechanism: 'CAT', today: '2026-01-01' });
  t.strictSame(
    first.items.map((item) => item.id),
    catInOrder.slice(0, 2),
  );
  const rest = log.models.listRecommendations({
    limit: 10,
    state: 'KAZ',
    mechanism: 'CAT',
    today: '2026-01-01',
    cursor: first.next ?? '',
  });
  t.strictSame(
    rest.items.map((item) => item.id),
    catInOrder.slice(2),
  );
  t.equal(rest.next, null);
});

t.test('paragraphs with letters and numbers past 9 list as a reader counts them', async (t) => {
  const log = foundingCase();
  const symbol = 'CCPR/C/KAZ/CO/3';
  for (const paragraph of ['12(b)', '10', '9', '12(a)', '8', '40'])
    issue(log, { mechanism: 'CCPR', symbol, paragraph });
  const page = log.models.listRecommendations({ limit: 500, today: '2026-01-01', state: 'KAZ', mechanism: 'CCPR' });
  t.strictSame(
    page.items.map((item) => item.paragraph),
    ['8', '9', '10', '12(a)', '12(b)', '40'],
  );
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const next = log.models.listRecommendations({
      limit: 4,
      today: '2026-01-01',
      mechanism: 'CCPR',
      ...(cursor && { cursor }),
    });
    seen.push(...next.items.map((item) => item.paragraph));
    cursor = next.next ?? undefined;
  } while (cursor);
  t.strictSame(seen, ['8', '9', '10', '12(a)', '12(b)', '40'], 'the same order across pages');
});
