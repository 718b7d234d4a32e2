/** The checkpoint signing key the configuration names, loaded once by the command that needs it. */
import { readFileSync, statSync } from 'node:fs';
import type { Config } from '../config.js';
import { loadSigningKey, type SigningKey } from '../eventstore/checkpoints/signing-key.js';

/** The configured key; undefined when none is configured. Throws, naming the setting, when it cannot be used. */
export function configuredSigningKey(config: Config): SigningKey | undefined {
  const { key, origin } = config.checkpoints;
  if (key.kind === 'none') return undefined;
  const setting = key.kind === 'text' ? 'FOLLOWUP_SIGNING_KEY' : `FOLLOWUP_SIGNING_KEY_FILE=${key.path}`;
  let text: string;
  try {
    text = key.kind === 'text' ? key.text : readFileSync(key.path, 'utf8');
  } catch (error) {
    throw new Error(`${setting}: cannot read the key file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    return loadSigningKey(text, origin);
  } catch (error) {
    throw new Error(`${setting}: ${(error as Error).message}`);
  }
}

/** Why the configured key file may leak: readable by others than its owner. */
export function keyFileWarning(config: Config): string | undefined {
  const { key } = config.checkpoints;
  if (key.kind !== 'file') return undefined;
  const mode = statSync(key.path).mode & 0o777;
  return mode & 0o077
    ? `FOLLOWUP_SIGNING_KEY_FILE=${key.path} is readable by others than its owner (mode ${mode.toString(8)}): chmod 600 it`
    : undefined;
}
