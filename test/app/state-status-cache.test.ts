import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import type { CommandContext } from '../../src/app/commands/context.js';
import { Followup } from '../../src/app/followup.js';

const admin = { kind: 'token', tokenId: 'test', name: 'test', role: 'admin', states: [] } as const;
const as = (): CommandContext => ({ principal: admin, correlationId: randomUUID(), causationId: randomUUID() });

/** Two services on one data directory, as two processes would open it; closed and removed at the test's end. */
function twoProcesses(t: Test): { dataDir: string; reader: Followup; writer: Followup } {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-status-'));
  const reader = Followup.open({ dataDir });
  const writer = Followup.open({ dataDir });
  t.teardown(async () => {
    await reader.close();
    await writer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { dataDir, reader, writer };
}

t.test('a status served again is recomputed as soon as any writer appends an event', async (t) => {
  const { reader, writer } = twoProcesses(t);
  const issue = {
    state: 'KAZ',
    mechanism: 'CAT' as const,
    symbol: 'CAT/C/KAZ/CO/4',
    text: 'Investigate.',
    issuedOn: '2024-11-29',
  };
  await writer.recommendations.issue(as(), { ...issue, paragraph: '1' });
  const first = reader.readModels.stateStatus('KAZ', '2025-06-01');
  t.equal(first.recommendations, 1);
  t.equal(reader.readModels.stateStatus('KAZ', '2025-06-01'), first, 'unchanged log: the same answer');
  // Another process's append moves the position: the next read counts again.
  await writer.recommendations.issue(as(), { ...issue, paragraph: '2' });
  await writer.recommendations.recordMeasure(as(), 'cat-c-kaz-co-4-1', {
    title: 'Law adopted',
    institution: 'Parliament',
    implementedOn: '2025-01-10',
    completes: true,
  });
  const second = reader.readModels.stateStatus('KAZ', '2025-06-01');
  t.equal(second.recommendations, 2);
  t.equal(second.byStatus.implemented, 1);
  t.not(second.position, first.position);
  t.equal(reader.readModels.stateStatus('KAZ', '2024-12-31').byStatus.implemented, 0, 'another day, its own answer');
});

t.test("another process's write about one State leaves the other States' statuses as they were computed", async (t) => {
  const { dataDir, reader, writer } = twoProcesses(t);
  const issue = (state: string, paragraph: string) =>
    writer.recommendations.issue(as(), {
      state,
      mechanism: 'CAT' as const,
      symbol: `CAT/C/${state}/CO/4`,
      paragraph,
      text: 'Investigate.',
      issuedOn: '2024-11-29',
    });
  await issue('KAZ', '1');
  await issue('BOL', '1');
  const day = '2025-06-01';
  const kaz = reader.readModels.stateStatus('KAZ', day);
  const bol = reader.readModels.stateStatus('BOL', day);
  t.equal(reader.readModels.stateStatus('BOL', day), bol);

  const measured = await writer.recommendations.recordMeasure(as(), 'cat-c-kaz-co-4-1', {
    title: 'Law adopted',
    institution: 'Parliament',
    implementedOn: '2025-01-10',
    completes: true,
  });
  t.equal(reader.readModels.stateStatus('BOL', day), bol, "another State's write: the same answer, not counted again");
  const kazAfter = reader.readModels.stateStatus('KAZ', day);
  t.equal(kazAfter.byStatus.implemented, 1, "the State's own write is in its next answer");
  t.equal(kazAfter.position, measured.body.position, 'at the position of that write');
  t.not(kazAfter.position, kaz.position);

  // A token, a report and a communication: only the State they concern is counted again.
  await writer.tokens.issue(as(), { name: 'reader', role: 'reader' });
  t.equal(reader.readModels.stateStatus('BOL', day), bol, 'a token changes no status');
  t.equal(reader.readModels.stateStatus('KAZ', day), kazAfter);
  await writer.reports.submit(as(), {
    state: 'BOL',
    mechanism: 'CAT',
    cycle: 1,
    symbol: 'CAT/C/BOL/3',
    submittedOn: '2024-01-10',
  });
  t.not(reader.readModels.stateStatus('BOL', day), bol, "the State's report: counted again");
  t.equal(reader.readModels.stateStatus('KAZ', day), kazAfter, "another State's report: the same answer");

  // What a process that kept nothing counts is what was served.
  const fresh = Followup.open({ dataDir });
  t.teardown(() => fresh.close());
  for (const state of ['KAZ', 'BOL']) {
    const { position: _, ...counted } = fresh.readModels.stateStatus(state, day);
    const { position: __, ...served } = reader.readModels.stateStatus(state, day);
    t.strictSame(served, counted, `${state}: the answer served is a fresh count`);
  }
});
