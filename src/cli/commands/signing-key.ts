/** `followup signing-key new FILE` and `followup signing-key public`: the key that signs checkpoints, and its public half. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  generateSigningKeyPem,
  loadSigningKey,
  publicKeyPem,
  type SigningKey,
  verifierKeyLine,
} from '../../eventstore/checkpoints/signing-key.js';
import { configuredSigningKey } from '../signing-key.js';
import type { CommandSettings } from './index.js';
import { type CommandIo, processIo } from './shared.js';

function describeKey(key: SigningKey, io: CommandIo): void {
  io.stdout.write(
    `Public key (give it to auditors; they pin it to verify checkpoints):\n\n${publicKeyPem(key.verifier)}\n` +
      `As a signed-note verifier key: ${verifierKeyLine(key.verifier)}\n`,
  );
}

/** Writes a new Ed25519 key, readable by its owner only; refuses to overwrite a file. */
export function runNewSigningKey(file: string, origin: string, io: CommandIo): number {
  const pem = generateSigningKeyPem();
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    io.stderr.write(`followup signing-key: cannot write ${file} (${(error as NodeJS.ErrnoException).code})\n`);
    return 1;
  }
  io.stdout.write(`Wrote a new checkpoint signing key to ${file}. Start the service with\n\n`);
  io.stdout.write(`  FOLLOWUP_SIGNING_KEY_FILE=${resolve(file)}\n\n`);
  describeKey(loadSigningKey(pem, origin), io);
  return 0;
}

export function registerSigningKeyCommands(program: Command, { withSettings, configFrom }: CommandSettings): void {
  const signingKey = program.command('signing-key').description('the Ed25519 key that signs checkpoints of the log');
  withSettings(
    signingKey
      .command('new <file>')
      .description('write a new key to FILE (outside the data directory), and print its public half'),
  ).action((file: string, flags) => {
    // The same rule as the service's: a key file inside the data directory is refused.
    const config = configFrom({ ...flags, signingKeyFile: file });
    process.exitCode = runNewSigningKey(file, config.checkpoints.origin, processIo());
  });
  withSettings(signingKey.command('public').description('print the public half of the configured key')).action(
    (flags) => {
      const key = configuredSigningKey(configFrom(flags));
      if (!key) throw new Error('no signing key is configured (FOLLOWUP_SIGNING_KEY_FILE or FOLLOWUP_SIGNING_KEY)');
      describeKey(key, processIo());
    },
  );
}
