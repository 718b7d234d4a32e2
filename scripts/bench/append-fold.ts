/** P7: the same append-then-fold workload on this service's command path and on Emmett's SQLite event store. */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../src/app/commands/context.js';
import { Followup } from '../../src/app/followup.js';
import { recommendationId } from '../../src/domain/identity.js';
import type { RecordMeasure } from '../../src/domain/recommendation/commands.js';
import { type RecommendationState, recommendationDecider } from '../../src/domain/recommendation/decider.js';
import type { RecommendationEvent } from '../../src/domain/recommendation/events.js';
import { benchRoot } from './generate.js';
import { loadPeer } from './peer.js';

export interface AppendFoldResult {
  /** Successful commands (fold, decide, append) per second. */
  perSecond: number;
  succeeded: number;
  failed: number;
  /** The first failure's message, when any. */
  firstFailure?: string;
}

const admin: CommandContext['principal'] = {
  kind: 'token',
  tokenId: 'bench',
  name: 'bench',
  role: 'admin',
  states: [],
};
const context = (): CommandContext => ({ principal: admin, correlationId: randomUUID(), causationId: randomUUID() });
const measure = (i: number): RecordMeasure => ({
  title: `Measure ${i}`,
  institution: 'Ministry of Justice',
  implementedOn: '2025-03-01',
  evidence: [],
});
const issue = (i: number) => ({
  state: 'KAZ',
  mechanism: 'CAT' as const,
  symbol: 'CAT/C/KAZ/CO/4',
  paragraph: String(i + 1),
  text: 'The State party should ensure that all allegations of torture are investigated.',
  issuedOn: '2024-11-29',
});

/** Runs `writers` loops for `seconds`, each on its own stream; counts what succeeded and what failed. */
async function drive(
  writers: number,
  seconds: number,
  step: (writer: number, i: number) => Promise<void>,
): Promise<AppendFoldResult> {
  let succeeded = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; performance.now() < deadline; i++) {
        try {
          await step(writer, i);
          succeeded++;
        } catch (error) {
          failed++;
          firstFailure ??= error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perSecond: succeeded / elapsed, succeeded, failed, ...(firstFailure ? { firstFailure } : {}) };
}

/** This service: RecordMeasure through the application (load, fold, decide, append with group commit). */
export async function followupAppendFold(writers: number, seconds: number): Promise<AppendFoldResult> {
  const dir = mkdtempSync(join(benchRoot(), 'p7-'));
  const followup = Followup.open({ dataDir: dir });
  try {
    for (let i = 0; i < writers; i++) await followup.recommendations.issue(context(), issue(i));
    const ids = Array.from({ length: writers }, (_, i) => recommendationId('CAT/C/KAZ/CO/4', String(i + 1)));
    return await drive(writers, seconds, async (writer, i) => {
      await followup.recommendations.recordMeasure(context(), ids[writer]!, measure(i));
    });
  } finally {
    await followup.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Emmett's SQLite event store on a file: aggregateStream with the same decider, then appendToStream. */
export async function emmettAppendFold(writers: number, seconds: number): Promise<AppendFoldResult> {
  const getSQLiteEventStore = await loadPeer();
  const dir = mkdtempSync(join(benchRoot(), 'emmett-'));
  const store = getSQLiteEventStore({ fileName: join(dir, 'emmett.db'), schema: { autoMigration: 'CreateOrUpdate' } });
  const evolve = (state: RecommendationState, event: { type: string; data: unknown }) =>
    recommendationDecider.evolve(state, event as RecommendationEvent);
  const stream = (writer: number) => `recommendation-${recommendationId('CAT/C/KAZ/CO/4', String(writer + 1))}`;
  // Emmett logs each failed statement to the console; the table reports the failures instead.
  const consoleLog = console.log;
  console.log = () => {};
  try {
    for (let i = 0; i < writers; i++) {
      const events = recommendationDecider.decide(
        { type: 'IssueRecommendation', data: issue(i) },
        recommendationDecider.initialState(),
      );
      await store.appendToStream(stream(i), events);
    }
    return await drive(writers, seconds, async (writer, i) => {
      const { state, currentStreamVersion } = await store.aggregateStream(stream(writer), {
        evolve,
        initialState: recommendationDecider.initialState,
      });
      const events = recommendationDecider.decide({ type: 'RecordMeasure', data: measure(i) }, state);
      await store.appendToStream(stream(writer), events, { expectedStreamVersion: currentStreamVersion });
    });
  } finally {
    console.log = consoleLog;
    rmSync(dir, { recursive: true, force: true });
  }
}
