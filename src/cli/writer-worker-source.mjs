// The writer thread from the sources (tests, `node --import tsx`): a worker thread does not run the process's
// `--import` hooks, so it registers tsx itself before loading the TypeScript worker. Never used when built.
import { register } from 'tsx/esm/api';

register();
const { runWriterThread } = await import('./writer-worker.ts');
await runWriterThread();
