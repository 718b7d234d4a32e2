/**
 * A checkpoint is a C2SP tlog-checkpoint: a signed note whose text is the log's origin, its tree size and the
 * base64 root of RFC 9162's tree over its events, then two extension lines, the log position of the last event
 * in the tree and the time of signing. The Ed25519 signature covers the whole text.
 *
 *     followup
 *     1234
 *     n9Q0o2…=
 *     position 1234
 *     time 2026-11-30T10:00:00.000Z
 *
 *     — followup AbCdEf…
 */
import { sign, verify } from 'node:crypto';
import { assertKeyName, type SigningKey, type VerifierKey } from './signing-key.js';
import { HASH_SIZE } from './tree-hash.js';

export interface Checkpoint {
  origin: string;
  /** Leaves in the tree: the events of the log up to `position`. */
  size: number;
  root: Buffer;
  /** Log position of the tree's last event ("0" for the empty tree). */
  position: string;
  /** ISO-8601 UTC instant of signing. */
  signedAt: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** The signed note, text and signature line: what an auditor keeps. */
  note: string;
  /** The signing key's id, 8 hex digits. */
  keyId: string;
}

/** A note that is not a checkpoint of ours, or whose signature does not verify with the pinned key. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

const SIGNATURE_PREFIX = '\u2014 ';

export function checkpointText(checkpoint: Checkpoint): string {
  assertKeyName(checkpoint.origin);
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new RangeError('size must be whole');
  if (checkpoint.root.length !== HASH_SIZE) throw new RangeError('a root has 32 bytes');
  if (!/^(0|[1-9][0-9]*)$/.test(checkpoint.position)) throw new RangeError('a position is a decimal number');
  if (!/^[0-9T:.Z-]+$/.test(checkpoint.signedAt)) throw new RangeError('the time is an ISO instant');
  return [
    checkpoint.origin,
    String(checkpoint.size),
    checkpoint.root.toString('base64'),
    `position ${checkpoint.position}`,
    `time ${checkpoint.signedAt}`,
    '',
  ].join('\n');
}

/** A signed note: `text` (ending in a newline), a blank line, and the key's signature line. */
export function signNote(text: string, key: SigningKey): string {
  if (!text.endsWith('\n')) throw new CheckpointError('a note text ends with a newline');
  const signature = sign(null, Buffer.from(text), key.privateKey);
  return `${text}\n${SIGNATURE_PREFIX}${key.name} ${Buffer.concat([key.verifier.keyId, signature]).toString('base64')}\n`;
}

export function signCheckpoint(checkpoint: Checkpoint, key: SigningKey): SignedCheckpoint {
  if (checkpoint.origin !== key.name) throw new CheckpointError('a checkpoint is signed under its own origin');
  const note = signNote(checkpointText(checkpoint), key);
  return { ...checkpoint, note, keyId: key.verifier.keyId.toString('hex') };
}

/** The note's text and signature lines, split at its last blank line. */
function splitNote(note: string): { text: string; signatures: { name: string; bytes: Buffer }[] } {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new CheckpointError('a note holds no control characters');
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) throw new CheckpointError('not a signed note: no signature lines');
  const signatures = note
    .slice(cut + 2, -1)
    .split('\n')
    .map((line) => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
      if (!match) throw new CheckpointError(`not a signature line: ${JSON.stringify(line.slice(0, 80))}`);
      return { name: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
    });
  return { text: note.slice(0, cut + 1), signatures };
}

export function parseCheckpointText(text: string): Checkpoint {
  const lines = text.split('\n');
  if (lines.at(-1) !== '' || lines.length < 4) throw new CheckpointError('a checkpoint has at least three lines');
  const [origin, size, root, ...extensions] = lines.slice(0, -1) as [string, string, string, ...string[]];
  const rootBytes = Buffer.from(root, 'base64');
  if (origin === '' || !/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new CheckpointError('the checkpoint has no origin or no tree size');
  }
  if (rootBytes.length !== HASH_SIZE || rootBytes.toString('base64') !== root) {
    throw new CheckpointError('the checkpoint root is not the base64 of 32 bytes');
  }
  const extension = (name: string) => extensions.find((line) => line.startsWith(`${name} `))?.slice(name.length + 1);
  const position = extension('position');
  const signedAt = extension('time');
  if (position === undefined || !/^(0|[1-9][0-9]*)$/.test(position) || signedAt === undefined) {
    throw new CheckpointError('the checkpoint does not say its log position and time');
  }
  return { origin, size: Number(size), root: rootBytes, position, signedAt };
}

/**
 * The text of `note`, once its signature by the pinned key verifies. Signatures by other keys are ignored, as signed
 * notes require; a note without a verifying signature by the key is refused.
 */
export function openNote(note: string, key: VerifierKey): string {
  const { text, signatures } = splitNote(note);
  const ours = signatures.filter((s) => s.name === key.name && s.bytes.subarray(0, 4).equals(key.keyId));
  if (ours.length === 0) throw new CheckpointError(`the note is not signed by the key ${key.name}`);
  for (const signature of ours) {
    if (!verify(null, Buffer.from(text), key.publicKey, signature.bytes.subarray(4))) {
      throw new CheckpointError('the signature does not verify: the note was altered or forged');
    }
  }
  return text;
}

/** The checkpoint in `note`, once its signature by the pinned key verifies. */
export function openCheckpoint(note: string, key: VerifierKey): SignedCheckpoint {
  const checkpoint = parseCheckpointText(openNote(note, key));
  if (checkpoint.origin !== key.name) throw new CheckpointError('the checkpoint names another log');
  return { ...checkpoint, note, keyId: key.keyId.toString('hex') };
}

/** The name in the note's first signature line: for a PEM key, which carries no name. */
export function signerName(note: string): string | undefined {
  return splitNote(note).signatures[0]?.name;
}
