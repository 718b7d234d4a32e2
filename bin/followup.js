#!/usr/bin/env node
// The `followup` command: the compiled CLI, built by `npm ci` (prepare) or `npm run build`.
import('../dist/src/cli/main.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/src/cli')) {
    console.error('followup: the project is not built yet; run `npm run build` (npm ci does it) first');
    process.exit(1);
  }
  throw error;
});
