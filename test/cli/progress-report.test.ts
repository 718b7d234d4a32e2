import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import t from 'tap';
import { loadFoundingCase } from '../../scripts/demo/load.js';
import { Followup } from '../../src/app/followup.js';
import { runProgressReport } from '../../src/cli/commands/progress-report.js';
import { captureIo, configFor } from './harness.js';

t.test('progress-report drafts the demo plan to standard output or a Word file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'followup-cli-report-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const followup = Followup.open({ dataDir: dir });
  await loadFoundingCase(followup);
  await followup.close();

  const markdown = captureIo();
  t.equal(await runProgressReport(configFor(dir), 'Kazakhstan', { asOf: '2025-01-15', mechanism: 'cat' }, markdown), 0);
  t.match(markdown.out(), '# Draft progress report of KAZ to the CAT as of 2025-01-15');
  t.match(markdown.out(), '## Torture prevention');
  t.match(markdown.out(), "Lead institution: Prosecutor-General's Office");
  t.notMatch(markdown.out(), 'A\\/HRC', 'CAT only');

  const file = join(dir, 'draft.docx');
  const io = captureIo();
  t.equal(await runProgressReport(configFor(dir), 'KAZ', { asOf: '2025-01-15', format: 'docx', out: file }, io), 0);
  t.match(io.err(), /wrote .*draft\.docx/);
  const xml = strFromU8(unzipSync(new Uint8Array(readFileSync(file)))['word/document.xml']!);
  t.match(xml, 'Train investigators and prosecutors on the Istanbul Protocol');
  await t.rejects(runProgressReport(configFor(dir), 'KAZ', { format: 'docx' }, captureIo()), /--out/);
  await t.rejects(runProgressReport(configFor(dir), 'KAZ', { asOf: 'soon' }, captureIo()), /--as-of/);
});
