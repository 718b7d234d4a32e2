import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { CommandContext } from '../../src/app/commands/context.js';
import { Followup } from '../../src/app/followup.js';

const admin = { kind: 'token', tokenId: 'test', name: 'test', role: 'admin', states: [] } as const;
const as = (): CommandContext => ({ principal: admin, correlationId: randomUUID(), causationId: randomUUID() });

t.test('a status served again is recomputed as soon as any writer appends an event', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'followup-status-'));
  const reader = Followup.open({ dataDir });
  const writer = Followup.open({ dataDir });
  t.teardown(async () => {
    await reader.close();
    await writer.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
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
