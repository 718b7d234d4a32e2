/**
 * The Ed25519 key that signs checkpoints, and the public halves auditors pin: a PEM public key, or the verifier key
 * line of C2SP signed notes (`name+keyid+base64(0x01 || key)`, what Go's note package reads).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

export interface SigningKey {
  /** The key name in signature lines: the log's origin. */
  name: string;
  privateKey: KeyObject;
  verifier: VerifierKey;
}

export interface VerifierKey {
  name: string;
  publicKey: KeyObject;
  /** The 32 bytes of the Ed25519 public key (RFC 8032). */
  raw: Buffer;
  /** SHA-256(name || 0x0A || 0x01 || raw)[:4], as C2SP signed-note recommends. */
  keyId: Buffer;
}

/** A key that cannot be used: its text, its type or its name is wrong. */
export class SigningKeyError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigningKeyError';
  }
}

const ED25519_TYPE = 0x01;

/** Key names and origins: non-empty, no Unicode spaces, no plus. */
export function assertKeyName(name: string): void {
  if (name === '' || /[\s+]/u.test(name) || /\p{Cc}/u.test(name)) {
    throw new SigningKeyError(`"${name}" cannot name a key: it must be non-empty, without spaces or "+"`);
  }
}

/** A new Ed25519 private key, as PKCS#8 PEM. */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** Reads a private key given as PKCS#8 PEM, or as the base64 of its DER on one line (handy in an environment). */
export function loadSigningKey(text: string, name: string): SigningKey {
  assertKeyName(name);
  let privateKey: KeyObject;
  try {
    const trimmed = text.trim().replaceAll('\\n', '\n');
    privateKey = trimmed.startsWith('-----BEGIN')
      ? createPrivateKey(trimmed)
      : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  } catch (error) {
    throw new SigningKeyError('the signing key is not a PKCS#8 private key (PEM, or base64 DER)', { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the signing key is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  }
  return { name, privateKey, verifier: verifierOf(createPublicKey(privateKey), name) };
}

function verifierOf(publicKey: KeyObject, name: string): VerifierKey {
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new SigningKeyError(`the public key is ${publicKey.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  }
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  const keyId = createHash('sha256')
    .update(`${name}\n`)
    .update(Buffer.from([ED25519_TYPE]))
    .update(raw)
    .digest()
    .subarray(0, 4);
  return { name, publicKey, raw, keyId };
}

/** The public key as SPKI PEM. */
export function publicKeyPem(key: VerifierKey): string {
  return key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
}

/** The signed-note verifier key line: `name+keyid(hex)+base64(0x01 || public key)`. */
export function verifierKeyLine(key: VerifierKey): string {
  const encoded = Buffer.concat([Buffer.from([ED25519_TYPE]), key.raw]).toString('base64');
  return `${key.name}+${key.keyId.toString('hex')}+${encoded}`;
}

/**
 * Reads a public key an auditor pinned: a verifier key line (which names the log), or an SPKI PEM (then the log's
 * name comes from the checkpoint's signature line, `name`).
 */
export function parseVerifierKey(text: string, name?: string): VerifierKey {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) {
    if (name === undefined) throw new SigningKeyError('a PEM public key needs the name of the log it signs for');
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey(trimmed);
    } catch (error) {
      throw new SigningKeyError('the public key is not an SPKI PEM', { cause: error });
    }
    return verifierOf(publicKey, name);
  }
  const match = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(trimmed);
  const bytes = match ? Buffer.from(match[3]!, 'base64') : Buffer.alloc(0);
  if (!match || bytes.length !== 33 || bytes[0] !== ED25519_TYPE) {
    throw new SigningKeyError('the public key is neither an SPKI PEM nor an Ed25519 verifier key line');
  }
  const publicKey = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: bytes.subarray(1).toString('base64url') },
    format: 'jwk',
  });
  const key = verifierOf(publicKey, match[1]!);
  if (key.keyId.toString('hex') !== match[2]) throw new SigningKeyError('the verifier key line has a wrong key id');
  return key;
}
