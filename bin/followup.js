#!/usr/bin/env node
// The `followup` command: the CLI bundled into one file with V8's code cache of a start-up (dist/server/, see
// src/cli/code-cache.ts), built by `npm ci` (prepare) or `npm run build`; the compiled modules when not bundled.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/server/followup.cjs', import.meta.url));
if (existsSync(bundle)) {
  const { runBundle } = await import('../dist/src/cli/code-cache.js');
  runBundle(bundle, { record: process.env.FOLLOWUP_CODE_CACHE === 'record' });
} else {
  import('../dist/src/cli/main.js').catch((error) => {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli')) {
      console.error('followup: the project is not built yet; run `npm run build` (npm ci does it) first');
      process.exit(1);
    }
    throw error;
  });
}
