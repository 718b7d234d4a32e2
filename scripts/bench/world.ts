/** A deterministic, realistic world of recommendations: every UN Member State, every mechanism, 2008–2026. */
import countries from 'i18n-iso-countries';
import { recommendationId } from '../../src/domain/identity.js';
import { hasFollowUpProcedure } from '../../src/domain/procedure/follow-up-rules.js';
import { newReportId } from '../../src/domain/report/symbol.js';
import { GRADES, MECHANISMS, type Mechanism, UPR_POSITIONS } from '../../src/domain/vocabulary.js';

/** Seeded PRNG (mulberry32): the same seed builds the same world on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ISO alpha-3 codes outside the 193 UN Member States (territories, observers, Antarctica…). */
const NOT_MEMBERS = new Set(
  'ABW AIA ALA ASM ATA ATF BES BLM BMU BVT CCK COK CUW CXR CYM ESH FLK FRO GGY GIB GLP GRL GUF GUM HKG HMD IMN IOT JEY MAC MAF MNP MSR MTQ MYT NCL NFK NIU PCN PRI PSE PYF REU SGS SHN SJM SPM SXM TCA TKL TWN UMI VAT VGB VIR WLF XKX'.split(
    ' ',
  ),
);

/** The UN Member States by their ISO alpha-3 code. */
export const MEMBER_STATES: readonly string[] = Object.keys(countries.getAlpha3Codes())
  .filter((code) => !NOT_MEMBERS.has(code))
  .sort();

/** Share of reviews per mechanism; a UPR review issues more recommendations, so about half are UPR's. */
const WEIGHTS: Record<Mechanism, number> = {
  UPR: 0.25,
  CCPR: 0.08,
  CESCR: 0.08,
  CEDAW: 0.09,
  CERD: 0.08,
  CRC: 0.1,
  CAT: 0.07,
  CRPD: 0.07,
  CED: 0.03,
  CMW: 0.03,
  SPT: 0.03,
  SP: 0.09,
};

export interface GeneratedEvent {
  type: string;
  data: Record<string, unknown>;
}

/** One stream's events, appended together at revision `no_stream`. */
export interface GeneratedStream {
  stream: string;
  events: GeneratedEvent[];
}

const DAY = 86_400_000;
const START = Date.UTC(2008, 0, 1);
const END = Date.UTC(2026, 5, 30);
const day = (ms: number): string => new Date(Math.min(ms, END)).toISOString().slice(0, 10);

/** Streams until about `targetEvents` events exist: reports, then recommendations with their follow-up. */
export function* world(targetEvents: number, seed = 7): Generator<GeneratedStream> {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const mechanisms = MECHANISMS.filter((m) => WEIGHTS[m] > 0);
  let events = 0;
  let serial = 0;
  while (events < targetEvents) {
    const state = pick(MEMBER_STATES);
    let roll = rnd();
    let mechanism: Mechanism = 'UPR';
    for (const m of mechanisms) {
      roll -= WEIGHTS[m];
      if (roll <= 0) {
        mechanism = m;
        break;
      }
    }
    const cycle = 1 + Math.floor(rnd() * 4);
    const adopted = START + Math.floor(rnd() * (END - START - 400 * DAY));
    serial++;
    const symbol = mechanism === 'UPR' ? `A/HRC/${10 + cycle * 12}/${serial}` : `${mechanism}/C/${state}/CO/${serial}`;
    const report = newReportId(state, symbol);
    const reportEvents: GeneratedEvent[] = [
      {
        type: 'ReportSubmitted',
        data: {
          reportId: report,
          state,
          mechanism,
          cycle,
          symbol,
          submittedOn: day(adopted - 300 * DAY),
          procedure: rnd() < 0.3 ? 'simplified' : 'standard',
        },
      },
      {
        type: 'ReportPresented',
        data: { reportId: report, session: 1 + Math.floor(rnd() * 120), presentedOn: day(adopted - 20 * DAY) },
      },
      { type: 'ConcludingObservationsAdopted', data: { reportId: report, symbol, adoptedOn: day(adopted) } },
    ];
    yield { stream: `report-${report}`, events: reportEvents };
    events += reportEvents.length;
    // A UPR review issues ~100–250 recommendations, a treaty body's concluding observations ~20–80.
    const count = mechanism === 'UPR' ? 100 + Math.floor(rnd() * 150) : 20 + Math.floor(rnd() * 60);
    for (let paragraph = 1; paragraph <= count && events < targetEvents; paragraph++) {
      const recommendation = recommendationStream(rnd, pick, { state, mechanism, symbol, report, adopted, paragraph });
      yield recommendation;
      events += recommendation.events.length;
    }
  }
}

interface Review {
  state: string;
  mechanism: Mechanism;
  symbol: string;
  report: string;
  adopted: number;
  paragraph: number;
}

const THEMES = [
  'torture',
  'detention',
  'gender equality',
  'children',
  'disability',
  'migrants',
  'freedom of expression',
  'justice',
  'poverty',
  'health',
];
const INSTITUTIONS = [
  'Ministry of Justice',
  'Parliament',
  'Ombudsperson',
  'Ministry of Interior',
  'Supreme Court',
  'National Preventive Mechanism',
];

function recommendationStream(rnd: () => number, pick: <T>(items: readonly T[]) => T, review: Review): GeneratedStream {
  const { state, mechanism, symbol, report, adopted, paragraph } = review;
  const upr = mechanism === 'UPR';
  const paragraphText = upr ? `128.${paragraph}` : String(paragraph);
  const id = recommendationId(symbol, paragraphText);
  const followUp = hasFollowUpProcedure(mechanism) && rnd() < 0.15;
  const deadline = adopted + 365 * DAY;
  const issued: GeneratedEvent = {
    type: 'RecommendationIssued',
    data: {
      recommendationId: id,
      state,
      mechanism,
      symbol,
      paragraph: paragraphText,
      text: `The State party should ${pick(['adopt', 'strengthen', 'review', 'ensure'])} measures on ${pick(THEMES)} (paragraph ${paragraphText}).`,
      issuedOn: day(adopted),
      ...(mechanism === 'SP' ? {} : { reportId: report }),
      themes: [pick(THEMES)],
      sdgs: [`SDG ${1 + Math.floor(rnd() * 17)}`],
      affectedPersons: [],
      ...(followUp ? { followUp: { deadline: day(deadline) } } : {}),
      recommendingStates: upr ? [pick(MEMBER_STATES)] : [],
    },
  };
  const events: GeneratedEvent[] = [issued];
  if (upr) {
    events.push({
      type: 'RecommendationResponded',
      data: { recommendationId: id, position: pick(UPR_POSITIONS), respondedOn: day(adopted + 120 * DAY) },
    });
  }
  // About four follow-up events a recommendation on average: measures, and replies and grades when selected.
  const measures = Math.floor(rnd() * (upr ? 6 : 5));
  let on = adopted;
  for (let i = 0; i < measures; i++) {
    on += Math.floor(rnd() * 400 * DAY);
    events.push({
      type: 'MeasureImplemented',
      data: {
        recommendationId: id,
        title: `Measure ${i + 1} on ${symbol} ${paragraphText}`,
        institution: pick(INSTITUTIONS),
        implementedOn: day(on),
        evidence: [{ title: 'Official gazette', url: `https://example.org/gazette/${id}/${i}` }],
        completes: i === measures - 1 && rnd() < 0.4,
      },
    });
  }
  if (followUp) {
    events.push({
      type: 'FollowUpReplyReceived',
      data: { recommendationId: id, receivedOn: day(deadline - 10 * DAY) },
    });
    const assessments = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < assessments; i++) {
      const grade = mechanism === 'CCPR' ? pick(GRADES) : pick(GRADES.filter((g) => g.length === 1));
      const level = {
        A: 'satisfactory',
        B: 'partially_satisfactory',
        C: 'not_satisfactory',
        D: 'no_reply',
        E: 'contrary',
      }[grade[0] as 'A'];
      events.push({
        type: 'FollowUpAssessed',
        data: { recommendationId: id, grade, level, assessedOn: day(deadline + (60 + i * 200) * DAY) },
      });
    }
  }
  return { stream: `recommendation-${id}`, events };
}
