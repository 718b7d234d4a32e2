import { strFromU8, unzipSync } from 'fflate';
import t from 'tap';
import {
  get,
  loadFoundingCase,
  measure,
  PARA_10,
  paragraph10,
  post,
  type Service,
  serviceFor,
  UPR_ID,
  uprRecommendation,
} from './harness.js';

const measured = `${measure.title}, by ${measure.institution}, on ${measure.implementedOn}`;
const words = (text: string) => text.replaceAll("'", '&apos;');

const PROSECUTOR = 'kaz-prosecutor-general-s-office';
const CLUSTER = 'kaz-torture-prevention';
const ACTION = 'kaz-train-investigators';

/** A plan with a user text that must be escaped in every format. */
async function planned(service: Service) {
  const { app, tokens } = service;
  await loadFoundingCase(service);
  const steps: [string, string, unknown][] = [
    ['/v1/institutions', tokens.kaz, { state: 'KAZ', name: "Prosecutor-General's Office" }],
    [
      `/v1/recommendations/${PARA_10}/responsibilities`,
      tokens.kaz,
      { institution: PROSECUTOR, role: 'lead', assignedOn: '2023-06-01' },
    ],
    [
      '/v1/clusters',
      tokens.kaz,
      { state: 'KAZ', title: 'Torture prevention', recommendationIds: [PARA_10, UPR_ID], formedOn: '2023-06-01' },
    ],
    [
      '/v1/actions',
      tokens.kaz,
      {
        state: 'KAZ',
        title: 'Train investigators',
        clusterId: CLUSTER,
        institution: PROSECUTOR,
        plannedStart: '2023-07-01',
        plannedEnd: '2024-12-31',
        plannedOn: '2023-06-15',
      },
    ],
    [
      `/v1/actions/${ACTION}/progress`,
      tokens.kaz,
      { on: '2023-09-01', status: 'under_way', percent: 40, note: 'Modules <b>1 & 2</b> *done*' },
    ],
    [`/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure],
    [
      '/v1/indicators',
      tokens.kaz,
      {
        state: 'KAZ',
        title: 'Complaints investigated',
        unit: '%',
        baseline: { value: 20, on: '2023-01-01' },
        target: { value: 80, by: '2025-01-01' },
        recommendationIds: [PARA_10],
      },
    ],
    [
      '/v1/indicators/kaz-complaints-investigated/values',
      tokens.kaz,
      { value: 30, on: '2024-01-01', source: 'Prosecutor-General statistics' },
    ],
    [
      `/v1/recommendations/${PARA_10}/assessments`,
      tokens.secretariat,
      { grade: 'B', assessedOn: '2024-07-01', session: 80 },
    ],
  ];
  const positions: Record<string, string> = {};
  for (const [url, token, body] of steps) {
    const answer = await post(app, url, token, body);
    if (answer.status >= 300) throw new Error(`${url} answered ${answer.status}: ${answer.body}`);
    positions[url] = answer.json.position;
  }
  return positions;
}

const url = '/v1/states/KAZ/progress-report?asOf=2024-08-01';

t.test('the DOCX draft names the recommendation, the measure and the institution, each with its event', async (t) => {
  const service = await serviceFor(t);
  const positions = await planned(service);
  const answer = await service.app.inject({ url: `${url}&format=docx` });
  t.equal(answer.statusCode, 200);
  t.equal(answer.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  t.match(answer.headers['content-disposition'], /attachment; filename="progress-report-KAZ-2024-08-01\.docx"/);
  const files = unzipSync(new Uint8Array(answer.rawPayload));
  const xml = strFromU8(files['word/document.xml']!);
  const text = xml.replace(/<[^>]+>/g, '');
  t.match(text, words(paragraph10.text.slice(0, 60)));
  t.match(text, words(measured));
  t.match(text, 'Lead institution: Prosecutor-General&apos;s Office, since 2023-06-01');
  t.match(text, 'Torture prevention');
  t.match(text, 'Train investigators');
  t.match(text, 'Assessed B');
  const measureAt = positions[`/v1/recommendations/${PARA_10}/measures`];
  t.match(text, `(event ${measureAt})`, 'the measure cites its event');
});

t.test('Markdown and HTML drafts say the same, with user text escaped', async (t) => {
  const service = await serviceFor(t);
  const positions = await planned(service);
  const markdown = await get(service.app, url);
  t.equal(markdown.status, 200);
  t.match(markdown.headers['content-type'], /^text\/markdown/);
  t.match(markdown.body, '# Draft progress report of KAZ as of 2024-08-01');
  t.match(markdown.body, '## Torture prevention');
  t.match(markdown.body, measured.replaceAll('(', '\\(').replaceAll(')', '\\)'));
  t.match(markdown.body, "Prosecutor-General's Office");
  t.match(markdown.body, `_(event ${positions[`/v1/recommendations/${PARA_10}/measures`]})_`);
  t.match(markdown.body, 'Modules &lt;b&gt;1 & 2&lt;\\/b&gt; \\*done\\*', 'Markdown and tags escaped');
  t.notMatch(markdown.body, '<b>');

  const html = await get(service.app, `${url}&format=html`);
  t.match(html.headers['content-type'], /^text\/html/);
  t.match(html.body, '<h2>Torture prevention</h2>');
  t.match(html.body, measured.replaceAll("'", '&#39;'));
  t.match(html.body, 'Prosecutor-General&#39;s Office');
  t.match(html.body, 'Modules &lt;b&gt;1 &amp; 2&lt;/b&gt; *done*');
  t.notMatch(html.body, '<b>1');
  t.match(html.body, `data-position="${positions['/v1/indicators/kaz-complaints-investigated/values']}"`);
});

t.test('asOf and mechanism narrow the draft; a bad format is 400', async (t) => {
  const service = await serviceFor(t);
  await planned(service);
  const early = await get(service.app, '/v1/states/KAZ/progress-report?asOf=2023-05-20');
  t.notMatch(early.body, measure.title.slice(0, 30), 'the measure came later');
  t.notMatch(early.body, 'Torture prevention', 'so did the cluster');
  t.match(early.body, 'paragraph 10');
  const upr = await get(service.app, '/v1/states/KAZ/progress-report?asOf=2024-08-01&mechanism=UPR');
  t.notMatch(upr.body, 'paragraph 10 ');
  t.match(upr.body, `${uprRecommendation.symbol.replaceAll('/', '\\/')}, paragraph ${uprRecommendation.paragraph}`);
  const bad = await get(service.app, '/v1/states/KAZ/progress-report?format=pdf');
  t.equal(bad.status, 400);
  t.match(bad.headers['content-type'], /problem\+json/);
});
