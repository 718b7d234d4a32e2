/**
 * R5: every write route × every role × own/other State × valid/revoked/garbled/missing token writes only where the
 * role and scope allow; and the security plugins: headers, rate limits, CORS closed unless configured.
 */
import t from 'tap';
import {
  ADMIN_TOKEN,
  type Answer,
  assertProblem,
  call,
  concludingObservations,
  issueToken,
  measure,
  PARA_10,
  paragraph10,
  post,
  presentation,
  REPORT_ID,
  type Service,
  submitReport,
  UPR_ID,
} from '../http/harness.js';
import { openService, serviceFor } from './service.js';

type Role = 'admin' | 'secretariat' | 'kaz' | 'uzb' | 'reader';
const ROLES: Role[] = ['admin', 'secretariat', 'kaz', 'uzb', 'reader'];
type Validity = 'valid' | 'revoked' | 'garbled';
const VALIDITIES: Validity[] = ['valid', 'revoked', 'garbled'];

interface Route {
  name: string;
  method: 'POST' | 'DELETE';
  url: string;
  body?: unknown;
  /** Who may: `kaz` is a state token of the State concerned, `uzb` one of another State. */
  may: Role[];
  /** What must be recorded before the command can succeed. */
  needs: 'nothing' | 'report' | 'presented' | 'case';
}

const ROUTES: Route[] = [
  {
    name: 'submit report',
    method: 'POST',
    url: '/v1/reports',
    body: submitReport,
    may: ['admin', 'secretariat', 'kaz'],
    needs: 'nothing',
  },
  {
    name: 'present report',
    method: 'POST',
    url: `/v1/reports/${REPORT_ID}/presentation`,
    body: presentation,
    may: ['admin', 'secretariat'],
    needs: 'report',
  },
  {
    name: 'adopt observations',
    method: 'POST',
    url: `/v1/reports/${REPORT_ID}/concluding-observations`,
    body: concludingObservations,
    may: ['admin', 'secretariat'],
    needs: 'presented',
  },
  {
    name: 'issue recommendation',
    method: 'POST',
    url: '/v1/recommendations',
    body: { ...paragraph10, paragraph: '11' },
    may: ['admin', 'secretariat'],
    needs: 'case',
  },
  {
    name: 'respond',
    method: 'POST',
    url: `/v1/recommendations/${UPR_ID}/responses`,
    body: { position: 'supported', respondedOn: '2020-06-30' },
    may: ['admin', 'kaz'],
    needs: 'case',
  },
  {
    name: 'record measure',
    method: 'POST',
    url: `/v1/recommendations/${PARA_10}/measures`,
    body: measure,
    may: ['admin', 'kaz'],
    needs: 'case',
  },
  {
    name: 'follow-up reply',
    method: 'POST',
    url: `/v1/recommendations/${PARA_10}/follow-up-replies`,
    body: { receivedOn: '2024-05-13' },
    may: ['admin', 'secretariat', 'kaz'],
    needs: 'case',
  },
  {
    name: 'assess',
    method: 'POST',
    url: `/v1/recommendations/${PARA_10}/assessments`,
    body: { grade: 'A', assessedOn: '2025-05-02' },
    may: ['admin', 'secretariat'],
    needs: 'case',
  },
  {
    name: 'issue token',
    method: 'POST',
    url: '/v1/tokens',
    body: { name: 'another', role: 'reader' },
    may: ['admin'],
    needs: 'nothing',
  },
  { name: 'revoke token', method: 'DELETE', url: '/v1/tokens/{victim}', may: ['admin'], needs: 'nothing' },
];

interface Fixture {
  service: Service;
  /** The secret of each role's token in each validity. */
  tokens: Record<Role, Record<Validity, string>>;
  /** A reader token the revoke route aims at. */
  victim: string;
}

/** A service at the point where the route's command is the next step, with live, revoked and garbled tokens. */
async function fixture(route: Route): Promise<Fixture> {
  const service = await openService({ foundingCase: route.needs === 'case' });
  const { app, tokens: live } = service;
  if (route.needs === 'report' || route.needs === 'presented') await post(app, '/v1/reports', live.kaz, submitReport);
  if (route.needs === 'presented')
    await post(app, `/v1/reports/${REPORT_ID}/presentation`, live.secretariat, presentation);
  // An issued admin token stands for the role: the configured one cannot be revoked.
  const admin = await issueToken(app, { name: 'second admin', role: 'admin' });
  const spare = {
    admin: await issueToken(app, { name: 'admin, revoked', role: 'admin' }),
    secretariat: await issueToken(app, { name: 'secretariat, revoked', role: 'secretariat' }),
    kaz: await issueToken(app, { name: 'KAZ, revoked', role: 'state', states: ['KAZ'] }),
    uzb: await issueToken(app, { name: 'UZB, revoked', role: 'state', states: ['UZB'] }),
    reader: await issueToken(app, { name: 'reader, revoked', role: 'reader' }),
  };
  for (const { id } of Object.values(spare)) {
    const revoked = await call(app, { method: 'DELETE', url: `/v1/tokens/${id}`, token: ADMIN_TOKEN });
    if (revoked.status !== 204) throw new Error(`revoking answered ${revoked.status}`);
  }
  const victim = await issueToken(app, { name: 'victim', role: 'reader' });
  const valid: Record<Role, string> = { ...live, admin: admin.token };
  const tokens = Object.fromEntries(
    ROLES.map((role) => [role, { valid: valid[role], revoked: spare[role].token, garbled: garble(valid[role]) }]),
  ) as Fixture['tokens'];
  return { service, tokens, victim: victim.id };
}

/** The secret with one character changed: same length, same alphabet. */
const garble = (secret: string) => `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;

const send = (f: Fixture, route: Route, token: string | undefined): Promise<Answer> =>
  call(f.service.app, { method: route.method, url: route.url.replace('{victim}', f.victim), token, body: route.body });

const head = (f: Fixture) => f.service.followup.store.headPosition();

t.test('every write route × role × own/other State × valid/revoked/garbled/missing token', async (t) => {
  let cells = 0;
  let refused = 0;
  for (const route of ROUTES) {
    // Refusals change nothing, so one service serves every refused cell of the route.
    const f = await fixture(route);
    try {
      const before = await head(f);
      const anonymous = await send(f, route, undefined);
      assertProblem(t, anonymous, 401, `${route.name} without a token`);
      cells++;
      for (const role of ROLES) {
        for (const validity of VALIDITIES) {
          if (validity === 'valid' && route.may.includes(role)) continue;
          const answer = await send(f, route, f.tokens[role][validity]);
          const expected = validity === 'valid' ? 403 : 401;
          assertProblem(t, answer, expected, `${route.name} by ${role} with a ${validity} token`);
          if (expected === 401) t.match(answer.headers['www-authenticate'], /^Bearer/);
          cells++;
          refused++;
        }
      }
      t.equal(await head(f), before, `${route.name}: no refused cell appended anything`);
    } finally {
      await f.service.close();
    }
    // Each allowed cell on a service of its own, where the command is the next step.
    for (const role of route.may) {
      const g = await fixture(route);
      try {
        const before = await head(g);
        const answer = await send(g, route, g.tokens[role].valid);
        t.ok([200, 201, 204].includes(answer.status), `${route.name} by ${role}: allowed`, { body: answer.body });
        t.not(await head(g), before, `${route.name} by ${role}: appended`);
        cells++;
      } finally {
        await g.service.close();
      }
    }
  }
  t.comment(
    `R5 figures: ${ROUTES.length} write routes × 5 roles (own and other State) × valid/revoked/garbled + anonymous: ${cells} cells checked, ${refused} refused with 0 writes`,
  );
});

t.test('a token revoked is refused at once, on writes and on reads where reads need a token', async (t) => {
  const service = await serviceFor(t, { publicRead: false });
  const { app, tokens, tokenIds } = service;
  t.equal((await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure)).status, 200);
  t.equal((await call(app, { url: '/v1/states', token: tokens.kaz })).status, 200);
  t.equal((await call(app, { method: 'DELETE', url: `/v1/tokens/${tokenIds.kaz}`, token: ADMIN_TOKEN })).status, 204);
  assertProblem(t, await post(app, `/v1/recommendations/${PARA_10}/measures`, tokens.kaz, measure), 401, 'write');
  assertProblem(t, await call(app, { url: '/v1/states', token: tokens.kaz }), 401, 'read');
});

t.test('no secret is stored: not in the log, not in any read model', async (t) => {
  const service = await serviceFor(t);
  const { followup, tokens } = service;
  const everything = followup.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  let text = '';
  for (const table of everything) text += JSON.stringify(followup.db.prepare(`SELECT * FROM "${table}"`).raw().all());
  for (const [role, secret] of Object.entries(tokens))
    t.notOk(text.includes(secret), `the ${role} secret is nowhere in the database`);
});
