/** What the service answers about checkpoints and proofs: one definition per shape, its type derived from it. */
import { z } from 'zod';

const Base64Hash = z
  .string()
  .describe('a SHA-256 hash, base64 (RFC 4648 §4), as RFC 9162 and C2SP checkpoints write it');

export const CheckpointView = z.object({
  origin: z.string().describe("the log's name: the first line of the note and the signing key's name"),
  treeSize: z.number().int().describe('events in the tree: the first treeSize events of the log, in log order'),
  rootHash: Base64Hash.describe("root of RFC 9162's Merkle tree over those events, base64"),
  position: z.string().describe('log position of the last event in the tree ("0" for the empty log)'),
  signedAt: z.string().describe('when it was signed (ISO 8601, UTC)'),
  keyId: z.string().describe('the signing key id, 8 hex digits (C2SP signed-note key id)'),
  note: z
    .string()
    .describe(
      'the signed checkpoint as a C2SP signed note: keep it, it is what an auditor verifies with the public key',
    ),
});
export type CheckpointView = z.infer<typeof CheckpointView>;

export const InclusionProofView = z.object({
  position: z.string().describe('the event'),
  leafIndex: z.number().int().describe('its 0-based place in the tree'),
  treeSize: z.number().int().describe('the tree the proof leads to (default: the latest checkpoint)'),
  eventHash: z.string().describe("the leaf's input: the event's chained hash (metadata.hash), hex"),
  leafHash: Base64Hash.describe('SHA-256(0x00 || the 32 bytes of eventHash), base64'),
  rootHash: Base64Hash.describe("the tree's root as the service computes it; compare with a signed checkpoint's"),
  proof: z.array(Base64Hash).describe('the audit path of RFC 9162 §2.1.3, from the leaf up'),
});
export type InclusionProofView = z.infer<typeof InclusionProofView>;

export const ConsistencyProofView = z.object({
  from: z.number().int().describe('size of the older tree'),
  to: z.number().int().describe('size of the newer tree (default: the latest checkpoint)'),
  fromRoot: Base64Hash,
  toRoot: Base64Hash,
  proof: z.array(Base64Hash).describe('the consistency proof of RFC 9162 §2.1.4'),
});
export type ConsistencyProofView = z.infer<typeof ConsistencyProofView>;
