/**
 * R6: random command sequences, sent through the HTTP API; the read models built live, event by event, equal the
 * read models rebuilt from the log, table by table, row by row.
 */
import fc from 'fast-check';
import t from 'tap';
import { ADMIN_TOKEN, post } from '../http/harness.js';
import { dumpReadModels, liveAndRebuilt, SOAK, seedFrom } from './read-models.js';
import { openService } from './service.js';

const RUNS = SOAK ? 300 : 30;
const STATES = ['KAZ', 'UZB'] as const;
const MECHANISMS = ['CAT', 'CCPR', 'CRC', 'UPR'] as const;

/** A day within the years given: each command draws from years after those of what it follows, so most are accepted. */
const dateIn = (from: number, to: number) =>
  fc
    .record({
      year: fc.integer({ min: from, max: to }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ year, month, day }) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
const early = dateIn(2018, 2019);
const late = dateIn(2020, 2025);
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
/** A recommendation or report is named by small numbers, so later commands often find an earlier one. */
const paragraph = fc.integer({ min: 1, max: 6 });
const symbolOf = (state: string, mechanism: string) =>
  mechanism === 'UPR' ? `A/HRC/44/${state}` : `${mechanism}/C/${state}/CO/1`;
/** Stands for one of the recommendations issued so far, chosen when the command runs. */
const ISSUED = '/v1/recommendations/{issued}';
const target = fc.record({ state: pick(STATES), mechanism: pick(MECHANISMS), n: paragraph });
const reportTarget = fc.record({ state: pick(STATES), mechanism: pick(['CAT', 'CCPR'] as const) });
const reportIdOf = (r: { state: string; mechanism: string }) => `${r.mechanism}-c-${r.state}-1`.toLowerCase();

/** One command as method-less POST: a path and a body. */
const command: fc.Arbitrary<{ path: string; body: unknown; ref?: number }> = fc.oneof(
  reportTarget.chain((r) =>
    dateIn(2017, 2017).map((submittedOn) => ({
      path: '/v1/reports',
      body: { state: r.state, mechanism: r.mechanism, cycle: 1, symbol: `${r.mechanism}/C/${r.state}/1`, submittedOn },
    })),
  ),
  fc.tuple(reportTarget, dateIn(2018, 2018), fc.integer({ min: 1, max: 99 })).map(([r, presentedOn, session]) => ({
    path: `/v1/reports/${reportIdOf(r)}/presentation`,
    body: { session, presentedOn },
  })),
  fc.tuple(reportTarget, dateIn(2019, 2019)).map(([r, adoptedOn]) => ({
    path: `/v1/reports/${reportIdOf(r)}/concluding-observations`,
    body: { symbol: `${r.mechanism}/C/${r.state}/CO/1`, adoptedOn },
  })),
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        target,
        early,
        fc.boolean(),
        fc.subarray(['Torture', 'Detention', 'Courts']),
        fc.option(late, { nil: undefined }),
      )
      .map(([r, issuedOn, withReport, themes, deadline]) => ({
        path: '/v1/recommendations',
        body: {
          state: r.state,
          mechanism: r.mechanism,
          symbol: symbolOf(r.state, r.mechanism),
          paragraph: String(r.n),
          text: `Recommendation ${r.n} to ${r.state}`,
          issuedOn,
          themes,
          ...(withReport && r.mechanism !== 'UPR' ? { reportId: reportIdOf(r) } : {}),
          ...(deadline ? { followUp: { deadline } } : {}),
          ...(r.mechanism === 'UPR' ? { recommendingStates: ['NOR'] } : {}),
        },
      })),
  },
  fc
    .tuple(fc.nat(), pick(['supported', 'supported_in_part', 'noted'] as const), late)
    .map(([ref, position, respondedOn]) => ({ ref, path: `${ISSUED}/responses`, body: { position, respondedOn } })),
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.nat(), late, fc.boolean(), fc.string({ maxLength: 20 }))
      .map(([ref, implementedOn, completes, title]) => ({
        ref,
        path: `${ISSUED}/measures`,
        body: { title: `Measure ${title.trim() || 'x'}`, institution: 'Ministry of Justice', implementedOn, completes },
      })),
  },
  fc
    .tuple(fc.nat(), late)
    .map(([ref, receivedOn]) => ({ ref, path: `${ISSUED}/follow-up-replies`, body: { receivedOn } })),
  fc
    .tuple(fc.nat(), late, pick(['A', 'B', 'B1', 'C', 'C2', 'D', 'E'] as const))
    .map(([ref, assessedOn, grade]) => ({ ref, path: `${ISSUED}/assessments`, body: { grade, assessedOn } })),
);

t.test('random command sequences: read models built live equal read models rebuilt from the log', async (t) => {
  const seed = seedFrom(6);
  t.comment(`fast-check seed ${seed} (FOLLOWUP_SEED=${seed} replays this run)`);
  let commands = 0;
  let appended = 0;
  let rows = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 80 }), async (sequence) => {
      const service = await openService({ foundingCase: false });
      try {
        const issued: string[] = [];
        for (const { path: template, body, ref } of sequence) {
          const path = template.replace('{issued}', issued[(ref ?? 0) % Math.max(1, issued.length)] ?? 'none-1');
          const answer = await post(service.app, path, ADMIN_TOKEN, body);
          if (path === '/v1/recommendations' && answer.status === 201) issued.push(answer.json.id);
          if (answer.status >= 500) throw new Error(`${path} answered ${answer.status}: ${answer.body}`);
          commands++;
          if (answer.status < 300) appended++;
        }
        const compared = await liveAndRebuilt(service.followup.db, service.followup.store);
        rows += compared.rows;
        // Rendered as text so a failure shows the first differing table and row.
        if (JSON.stringify(compared.live) !== JSON.stringify(compared.rebuilt)) {
          t.strictSame(compared.live, compared.rebuilt, 'live and rebuilt differ');
          return false;
        }
        return Object.keys(dumpReadModels(service.followup.db)).length > 0;
      } finally {
        await service.close();
      }
    }),
    { numRuns: RUNS, seed, endOnFailure: true },
  );
  t.pass(`${RUNS} sequences: live read models equal the rebuilt ones`);
  t.comment(
    `R6 figures: ${RUNS} random sequences, ${commands} commands (${appended} accepted), ${rows} read-model rows compared`,
  );
});
