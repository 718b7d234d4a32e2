/** Checkpoints as C2SP signed notes: Go's sumdb/note vector byte for byte, then every kind of tampering refused. */
import t from 'tap';
import {
  type Checkpoint,
  CheckpointError,
  checkpointText,
  openCheckpoint,
  openNote,
  parseCheckpointText,
  signCheckpoint,
  signerName,
  signNote,
} from '../../../src/eventstore/checkpoints/checkpoint-note.js';
import {
  generateSigningKeyPem,
  loadSigningKey,
  parseVerifierKey,
  publicKeyPem,
  SigningKeyError,
  verifierKeyLine,
} from '../../../src/eventstore/checkpoints/signing-key.js';
import { EMPTY_ROOT } from '../../../src/eventstore/checkpoints/tree-hash.js';

// The example of golang.org/x/mod/sumdb/note: its signer key (type byte 0x01, then the Ed25519 seed), verifier key,
// text and signed note. Ed25519 signatures are deterministic, so signing the text must give the same note.
const GO_SIGNER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

t.test("Go's signed-note example: same key id, same signature, and it opens", async (t) => {
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, GO_SIGNER_SEED]).toString('base64');
  const key = loadSigningKey(der, 'PeterNeumann');
  t.equal(verifierKeyLine(key.verifier), GO_VERIFIER, 'the verifier key line, key id included');
  t.equal(signNote(GO_TEXT, key), GO_NOTE, 'the note, byte for byte');
  t.equal(openNote(GO_NOTE, parseVerifierKey(GO_VERIFIER)), GO_TEXT);
  t.throws(
    () => openNote(GO_NOTE.replace('cryptography', 'cryptographY'), parseVerifierKey(GO_VERIFIER)),
    CheckpointError,
  );
});

const key = loadSigningKey(generateSigningKeyPem(), 'followup');
const checkpoint: Checkpoint = {
  origin: 'followup',
  size: 1234,
  root: Buffer.alloc(32, 7),
  position: '1240',
  signedAt: '2026-11-30T10:00:00.000Z',
};

t.test('a checkpoint signs, opens with the pinned key (either form), and reads back', async (t) => {
  const signed = signCheckpoint(checkpoint, key);
  t.match(
    signed.note,
    /^followup\n1234\nBwcH[^\n]+=\nposition 1240\ntime 2026-11-30T10:00:00.000Z\n\n\u2014 followup \S+\n$/,
  );
  t.equal(signed.keyId, key.verifier.keyId.toString('hex'));
  for (const pinned of [verifierKeyLine(key.verifier), publicKeyPem(key.verifier)]) {
    const opened = openCheckpoint(signed.note, parseVerifierKey(pinned, signerName(signed.note)));
    t.strictSame(
      { ...opened, root: opened.root.toString('hex') },
      { ...signed, root: checkpoint.root.toString('hex') },
    );
  }
  t.strictSame(parseCheckpointText(checkpointText(checkpoint)), checkpoint, 'the text round-trips');
  const empty = { ...checkpoint, size: 0, root: EMPTY_ROOT, position: '0' };
  t.equal(parseCheckpointText(checkpointText(empty)).size, 0, 'the empty log too');
});

t.test('an altered checkpoint, another key, a missing signature: refused', async (t) => {
  const { note } = signCheckpoint(checkpoint, key);
  const pinned = parseVerifierKey(verifierKeyLine(key.verifier));
  const other = loadSigningKey(generateSigningKeyPem(), 'followup');
  const cases: [string, string][] = [
    ['a larger tree size', note.replace('\n1234\n', '\n1235\n')],
    ['another root', note.replace('BwcH', 'CAcH')],
    ['another position', note.replace('position 1240', 'position 1241')],
    ['another time', note.replace('10:00:00', '10:00:01')],
    ['signed by another key of the same name', signCheckpoint(checkpoint, other).note],
    ['no signature line', note.slice(0, note.indexOf('\n\n') + 1)],
    ['a control character', note.replace('followup\n1234', 'followup\r\n1234')],
    ['a broken signature line', note.replace('\u2014 followup ', '- followup ')],
  ];
  for (const [what, altered] of cases) t.throws(() => openCheckpoint(altered, pinned), CheckpointError, what);
  const named = loadSigningKey(generateSigningKeyPem(), 'another.example/log');
  t.throws(
    () => openCheckpoint(signNote(checkpointText({ ...checkpoint, origin: 'another.example/log' }), named), pinned),
    CheckpointError,
    "another log's checkpoint",
  );
});

t.test('keys that cannot sign or verify are refused with a reason', async (t) => {
  t.throws(() => loadSigningKey('not a key', 'followup'), SigningKeyError);
  const { generateKeyPairSync } = await import('node:crypto');
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' });
  t.throws(() => loadSigningKey(rsa.toString(), 'followup'), /not Ed25519/);
  t.throws(() => loadSigningKey(generateSigningKeyPem(), 'has space'), SigningKeyError);
  t.throws(() => loadSigningKey(generateSigningKeyPem(), 'a+b'), SigningKeyError);
  t.throws(() => parseVerifierKey(GO_VERIFIER.replace('c74f20a3', 'c74f20a4')), /wrong key id/);
  t.throws(() => parseVerifierKey('garbage'), SigningKeyError);
  t.throws(() => parseVerifierKey(publicKeyPem(key.verifier)), /needs the name/);
  const oneLine = generateSigningKeyPem().replaceAll('\n', '\\n');
  t.equal(loadSigningKey(oneLine, 'followup').privateKey.asymmetricKeyType, 'ed25519', 'PEM with \\n escapes');
});
