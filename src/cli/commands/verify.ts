/**
 * `followup verify [--checkpoint FILE [--public-key FILE]]`: proves the history untouched, or names each stream and
 * revision that is not; checks who issued every token; and, given a checkpoint kept from the service, whether the
 * log is still the one it signed.
 */
import { readFileSync } from 'node:fs';
import { SERVICE_CATEGORIES } from '../../app/replica/projections.js';
import {
  describeBreaks,
  describeCheckpoint,
  describeUnauthorised,
  type VerifyLogOptions,
  verifyLog,
} from '../../app/verify.js';
import type { Config } from '../../config.js';
import {
  CheckpointError,
  openCheckpoint,
  type SignedCheckpoint,
  signerName,
} from '../../eventstore/checkpoints/checkpoint-note.js';
import { parseVerifierKey, SigningKeyError, type VerifierKey } from '../../eventstore/checkpoints/signing-key.js';
import { configuredSigningKey } from '../signing-key.js';
import { progressOn } from './progress.js';
import { type CommandIo, withFollowup, withLog } from './shared.js';

export interface VerifyFlags {
  /** A checkpoint kept from the service: the JSON of GET /v1/checkpoints/latest, or its note alone. */
  checkpoint?: string;
  /** The public key pinned for it: an SPKI PEM or a signed-note verifier key line. Default: the configured key's. */
  publicKey?: string;
}

/** 0 when everything holds; 1, naming each fault, when not; 2 when the checkpoint or key cannot be read. */
export async function runVerify(config: Config, io: CommandIo, flags: VerifyFlags = {}): Promise<number> {
  let checkpoint: SignedCheckpoint | undefined;
  if (flags.checkpoint !== undefined) {
    const kept = keptCheckpoint(config, flags.checkpoint, flags.publicKey);
    if ('usage' in kept) {
      io.stderr.write(`followup verify: ${kept.usage}\n`);
      return 2;
    }
    if ('forged' in kept) {
      io.stdout.write(`verify failed: ${kept.forged}\n`);
      return 1;
    }
    checkpoint = kept.checkpoint;
  } else if (flags.publicKey !== undefined) {
    io.stderr.write('followup verify: --public-key checks a checkpoint: give --checkpoint FILE too\n');
    return 2;
  }
  const options: VerifyLogOptions = {
    progress: progressOn(io.stderr, 'verify', 'events'),
    configuredAdmin: config.adminToken !== undefined,
    ...(checkpoint ? { checkpoint } : {}),
  };
  const result =
    config.store.kind === 'sqlite'
      ? await withFollowup(config, (followup) =>
          verifyLog(followup.store, { ...options, tree: followup.checkpoints.tree }),
        )
      : await withLog(config, (store) => verifyLog(store, { ...options, categories: SERVICE_CATEGORIES }));

  const out = (line: string) => io.stdout.write(`${line}\n`);
  if (result.chainsHold) {
    out(`verified ${result.events} events in ${result.streams} streams: every hash chain holds`);
  } else {
    for (const line of describeBreaks(result)) out(line);
    const streams = new Set(result.breaks.map((b) => b.stream)).size;
    out(`verify failed: ${result.breaks.length} broken revision(s) in ${streams} stream(s) of ${result.streams}`);
  }
  if (result.unauthorised.length === 0) {
    if (result.tokenEvents > 0) out(`token events: ${result.tokenEvents}, each recorded by an authorised issuer`);
  } else {
    for (const line of describeUnauthorised(result)) out(line);
    out(`verify failed: ${result.unauthorised.length} token event(s) without an authorised issuer`);
  }
  if (checkpoint && result.checkpoint) {
    for (const line of describeCheckpoint(checkpoint, result.checkpoint)) out(line);
    if (!result.checkpoint.holds) out('verify failed: the log is not the one the checkpoint signed');
  }
  return result.ok ? 0 : 1;
}

type Kept = { checkpoint: SignedCheckpoint } | { forged: string } | { usage: string };

/** The checkpoint in the file, once its signature verifies with the pinned key. */
function keptCheckpoint(config: Config, file: string, publicKeyFile: string | undefined): Kept {
  let note: string;
  try {
    const text = readFileSync(file, 'utf8');
    note = text.trimStart().startsWith('{') ? String((JSON.parse(text) as { note?: unknown }).note ?? '') : text;
  } catch (error) {
    return { usage: `--checkpoint ${file}: cannot read it (${(error as Error).message})` };
  }
  let key: VerifierKey;
  try {
    if (publicKeyFile !== undefined) {
      key = parseVerifierKey(readFileSync(publicKeyFile, 'utf8'), signerName(note));
    } else {
      const configured = configuredSigningKey(config);
      if (!configured) {
        return {
          usage: '--checkpoint needs the public key you pinned: --public-key FILE (or a configured signing key)',
        };
      }
      key = configured.verifier;
    }
  } catch (error) {
    const reason = error instanceof SigningKeyError || error instanceof CheckpointError ? error.message : String(error);
    return { usage: `--public-key ${publicKeyFile ?? '(the configured key)'}: ${reason}` };
  }
  try {
    return { checkpoint: openCheckpoint(note, key) };
  } catch (error) {
    if (error instanceof CheckpointError) return { forged: `--checkpoint ${file}: ${error.message}` };
    throw error;
  }
}
