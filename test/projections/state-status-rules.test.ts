/**
 * The per-State status counted in SQL agrees with the domain's own rules (status on a day, current assessment,
 * overdue), over random logs: as the log stands, and as it stood before a random instant.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import { fold } from '../../src/domain/decider.js';
import { recommendationId, recommendationStream } from '../../src/domain/identity.js';
import { type IssuedRecommendation, recommendationDecider } from '../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../src/domain/recommendation/events.js';
import { followUpOverdue, followUpStanding } from '../../src/domain/recommendation/status.js';
import { assessmentOn, implementationTimeline, statusOn } from '../../src/domain/recommendation/timeline.js';
import {
  COMMITMENTS,
  commitmentOf,
  type Grade,
  gradeLevel,
  type ImplementationStatus,
} from '../../src/domain/vocabulary.js';
import { Log } from './log.js';

const day = (n: number): string => new Date(Date.UTC(2023, 0, 1 + n)).toISOString().slice(0, 10);
const instant = (n: number): string => new Date(Date.UTC(2024, 0, 1) + n).toISOString();
// Few days, so that facts often share one: ties are where rules differ.
const aDay = fc.integer({ min: 0, max: 8 }).map(day);

const recommendationArb = fc.record({
  state: fc.constantFrom('KAZ', 'UZB'),
  mechanism: fc.constantFrom('CAT', 'CCPR', 'UPR'),
  issuedOn: aDay,
  deadline: fc.option(aDay, { nil: undefined }),
});

const factArb = fc.oneof(
  fc.record({ kind: fc.constant('measure' as const), on: aDay, completes: fc.boolean() }),
  fc.record({ kind: fc.constant('reply' as const), on: aDay }),
  fc.record({ kind: fc.constant('not_started' as const), on: aDay }),
  fc.record({ kind: fc.constant('assessment' as const), on: aDay, grade: fc.constantFrom<Grade>('A', 'B', 'C', 'D') }),
  fc.record({
    kind: fc.constant('response' as const),
    on: aDay,
    position: fc.constantFrom('supported', 'supported_in_part', 'noted'),
  }),
);

/** Recommendations, then facts on them, each recorded at its own instant (a few milliseconds apart, some out of order). */
const logArb = fc.record({
  recommendations: fc.array(recommendationArb, { minLength: 1, maxLength: 3 }),
  facts: fc.array(fc.record({ of: fc.nat(), fact: factArb, at: fc.integer({ min: 0, max: 60 }) }), { maxLength: 30 }),
  issuedAt: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 3, maxLength: 3 }),
  asOf: fc.integer({ min: -1, max: 9 }).map(day),
  before: fc.integer({ min: 0, max: 62 }),
});

type Recorded = { stream: string; event: RecommendationEvent; at: number };

type Input = typeof logArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(input: Input): Recorded[] {
  const ids = input.recommendations.map((r, i) => recommendationId(`CAT/C/${r.state}/CO/${i}`, '1'));
  const events: Recorded[] = input.recommendations.map((r, i) => ({
    stream: recommendationStream(ids[i]!),
    at: input.issuedAt[i]!,
    event: {
      type: 'RecommendationIssued',
      data: {
        recommendationId: ids[i]!,
        state: r.state,
        mechanism: r.mechanism as 'CAT',
        symbol: `CAT/C/${r.state}/CO/${i}`,
        paragraph: '1',
        text: 'Recommends.',
        issuedOn: r.issuedOn,
        themes: [],
        sdgs: [],
        affectedPersons: [],
        recommendingStates: [],
        ...(r.deadline !== undefined && { followUp: { deadline: r.deadline } }),
      },
    },
  }));
  for (const { of, fact, at } of input.facts) {
    const recommendationId = ids[of % ids.length]!;
    const stream = recommendationStream(recommendationId);
    const event: RecommendationEvent =
      fact.kind === 'measure'
        ? {
            type: 'MeasureImplemented',
            data: {
              recommendationId,
              title: 'M',
              institution: 'I',
              implementedOn: fact.on,
              evidence: [],
              completes: fact.completes,
            },
          }
        : fact.kind === 'reply'
          ? { type: 'FollowUpReplyReceived', data: { recommendationId, receivedOn: fact.on } }
          : fact.kind === 'not_started'
            ? { type: 'NotStartedRecorded', data: { recommendationId, recordedOn: fact.on } }
            : fact.kind === 'assessment'
              ? {
                  type: 'FollowUpAssessed',
                  data: { recommendationId, grade: fact.grade, level: gradeLevel(fact.grade), assessedOn: fact.on },
                }
              : {
                  type: 'RecommendationResponded',
                  data: { recommendationId, position: fact.position as 'noted', respondedOn: fact.on },
                };
    events.push({ stream, event, at });
  }
  return events;
}

/** What the domain's rules say of KAZ on `asOf`, from the events kept. */
function expected(kept: readonly Recorded[], asOf: string) {
  const byStream = new Map<string, RecommendationEvent[]>();
  for (const { stream, event } of kept) byStream.set(stream, [...(byStream.get(stream) ?? []), event]);
  const status = {
    recommendations: 0,
    byStatus: { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 },
    byCommitment: Object.fromEntries(
      COMMITMENTS.map((c) => [
        c,
        { recommendations: 0, byStatus: { no_information: 0, not_started: 0, in_progress: 0, implemented: 0 } },
      ]),
    ) as Record<
      (typeof COMMITMENTS)[number],
      { recommendations: number; byStatus: Record<ImplementationStatus, number> }
    >,
    byLevel: {
      satisfactory: 0,
      partially_satisfactory: 0,
      not_satisfactory: 0,
      no_reply: 0,
      contrary: 0,
      not_assessed: 0,
    },
    upr: { supported: 0, supported_in_part: 0, noted: 0, pending: 0 },
    followUp: { selected: 0, replied: 0, overdue: 0, pending: 0, repliedOnTime: 0, repliedLate: 0, closed: 0 },
  };
  for (const events of byStream.values()) {
    const recommendation = fold(recommendationDecider, events);
    if (!recommendation.exists || recommendation.state !== 'KAZ' || recommendation.issuedOn > asOf) continue;
    const r: IssuedRecommendation = recommendation;
    status.recommendations++;
    const now = statusOn(implementationTimeline(r.measures, r.notStarted), asOf);
    status.byStatus[now]++;
    const position = r.response && r.response.respondedOn <= asOf ? r.response.position : undefined;
    const commitment = status.byCommitment[commitmentOf(r.mechanism, position)];
    commitment.recommendations++;
    commitment.byStatus[now]++;
    status.byLevel[assessmentOn(r.assessments, asOf)?.level ?? 'not_assessed']++;
    if (r.mechanism === 'UPR')
      status.upr[r.response && r.response.respondedOn <= asOf ? r.response.position : 'pending']++;
    if (r.followUp) {
      status.followUp.selected++;
      if (r.replies.some((reply) => reply.receivedOn <= asOf)) status.followUp.replied++;
      if (followUpOverdue(r.followUp, r.replies, asOf, r.closure?.closedOn)) status.followUp.overdue++;
      const { standing } = followUpStanding(r.followUp, r.replies, r.closure?.closedOn, asOf);
      if (standing === 'pending') status.followUp.pending++;
      if (standing === 'replied') status.followUp.repliedOnTime++;
      if (standing === 'replied_late') status.followUp.repliedLate++;
      if (standing === 'closed') status.followUp.closed++;
    }
  }
  return status;
}

/** The counts a status holds that the rules above give. */
const counts = ({ recommendations, byStatus, byCommitment, byLevel, upr, followUp }: ReturnType<typeof expected>) => ({
  recommendations,
  byStatus,
  byCommitment,
  byLevel,
  upr,
  followUp,
});

t.test(
  'the status counted in SQL is the status the domain rules give, now and as recorded before an instant',
  async (t) => {
    const runs = 1000;
    fc.assert(
      fc.property(logArb, (input) => {
        const log = new Log();
        const events = eventsOf(input);
        for (const { stream, event, at } of events) log.append(stream, event.type, event.data, instant(at));
        assert.deepStrictEqual(counts(log.models.stateStatus('KAZ', input.asOf)), expected(events, input.asOf));

        const cutoff = Date.parse(instant(input.before));
        const known = log.models.stateStatus('KAZ', input.asOf, cutoff);
        const kept = events.filter(({ at }) => at < input.before);
        assert.deepStrictEqual(counts(known), expected(kept, input.asOf), 'as recorded before the instant');
        const last = log.events.filter((event) => Date.parse(event.metadata.recordedAt) < cutoff).at(-1);
        assert.equal(known.position, last?.position ?? '0', 'the position of the last event recorded before it');
      }),
      { numRuns: runs },
    );
    t.pass(`${runs} random logs: SQL and the domain's rules agree`);
  },
);
