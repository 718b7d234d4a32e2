/** The checkpoint routes: signed on demand by admins, read by anyone, proofs that verify, bad input refused. */
import t from 'tap';
import { openCheckpoint } from '../../src/eventstore/checkpoints/checkpoint-note.js';
import { verifyConsistency, verifyInclusion } from '../../src/eventstore/checkpoints/proof-verification.js';
import { generateSigningKeyPem, loadSigningKey } from '../../src/eventstore/checkpoints/signing-key.js';
import { assertProblem, get, loadFoundingCase, measure, PARA_10, post, serviceFor } from './harness.js';

const key = loadSigningKey(generateSigningKeyPem(), 'followup.test/log');
const b64 = (text: string) => Buffer.from(text, 'base64');

t.test('signed on demand by an admin only; read by anyone', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  await loadFoundingCase(service);
  assertProblem(t, await get(service.app, '/v1/checkpoints/latest'), 404, 'none signed yet');
  assertProblem(t, await post(service.app, '/v1/checkpoints', undefined, undefined), 401, 'anonymous');
  assertProblem(t, await post(service.app, '/v1/checkpoints', service.tokens.reader, undefined), 403, 'a reader');
  assertProblem(t, await post(service.app, '/v1/checkpoints', service.tokens.secretariat, undefined), 403);
  const signed = await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined);
  t.equal(signed.status, 201);
  t.equal((await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined)).status, 200, 'no growth');
  const latest = await get(service.app, '/v1/checkpoints/latest');
  t.equal(latest.status, 200);
  t.strictSame(latest.json, signed.json);
  const opened = openCheckpoint(latest.json.note, key.verifier);
  t.equal(opened.size, latest.json.treeSize);
  t.equal(opened.root.toString('base64'), latest.json.rootHash);
  t.equal(opened.position, latest.json.position);
  t.equal(latest.json.keyId, key.verifier.keyId.toString('hex'));
});

t.test('inclusion and consistency proofs verify against the signed roots', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  await loadFoundingCase(service);
  const first = (await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined)).json;
  const recorded = await post(service.app, `/v1/recommendations/${PARA_10}/measures`, service.tokens.kaz, measure);
  assertProblem(
    t,
    await get(service.app, `/v1/checkpoints/inclusion?position=${recorded.json.position}`),
    409,
    'not covered by a checkpoint yet',
  );
  const second = (await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined)).json;

  const inclusion = await get(service.app, `/v1/checkpoints/inclusion?position=${recorded.json.position}`);
  t.equal(inclusion.status, 200);
  const { leafIndex, treeSize, leafHash, proof, eventHash } = inclusion.json;
  t.equal(treeSize, second.treeSize, 'against the latest checkpoint by default');
  const events = (await get(service.app, `/v1/events?after=${BigInt(recorded.json.position) - 1n}&limit=1`)).json;
  t.equal(eventHash, events.events[0].metadata.hash, "the leaf is the event's chained hash");
  t.ok(verifyInclusion(leafIndex, treeSize, b64(leafHash), proof.map(b64), b64(second.rootHash)));

  const older = await get(service.app, `/v1/checkpoints/inclusion?position=1&treeSize=${first.treeSize}`);
  t.ok(verifyInclusion(0, first.treeSize, b64(older.json.leafHash), older.json.proof.map(b64), b64(first.rootHash)));

  const consistency = await get(service.app, `/v1/checkpoints/consistency?from=${first.treeSize}`);
  t.equal(consistency.status, 200);
  t.equal(consistency.json.to, second.treeSize);
  t.ok(
    verifyConsistency(
      first.treeSize,
      second.treeSize,
      b64(first.rootHash),
      b64(second.rootHash),
      consistency.json.proof.map(b64),
    ),
    'the older checkpoint is a prefix of the newer',
  );
});

t.test('bad queries are 400 problem+json; unknown positions 404', async (t) => {
  const service = await serviceFor(t, { signingKey: key });
  await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined);
  for (const url of [
    '/v1/checkpoints/inclusion',
    '/v1/checkpoints/inclusion?position=abc',
    '/v1/checkpoints/inclusion?position=0',
    '/v1/checkpoints/inclusion?position=1&treeSize=-1',
    '/v1/checkpoints/inclusion?position=1&treeSize=99999',
    '/v1/checkpoints/inclusion?position=1&extra=1',
    '/v1/checkpoints/consistency',
    '/v1/checkpoints/consistency?from=0',
    '/v1/checkpoints/consistency?from=1&to=99999',
    '/v1/checkpoints/consistency?from=3&to=2',
    '/v1/checkpoints/consistency?from=1.5',
  ]) {
    assertProblem(t, await get(service.app, url), 400, url);
  }
  assertProblem(t, await get(service.app, '/v1/checkpoints/inclusion?position=99999'), 404);
});

t.test('without a signing key: no checkpoint, signing is 503, proofs of the tree still answer', async (t) => {
  const service = await serviceFor(t);
  const latest = await get(service.app, '/v1/checkpoints/latest');
  assertProblem(t, latest, 404);
  t.match(latest.json.detail, /no signing key/);
  assertProblem(t, await post(service.app, '/v1/checkpoints', service.tokens.admin, undefined), 503);
  t.equal((await get(service.app, '/v1/checkpoints/inclusion?position=1')).status, 200);
});

t.test('the OpenAPI document describes the routes', async (t) => {
  const service = await serviceFor(t);
  const paths = (await get(service.app, '/openapi.json')).json.paths;
  for (const path of [
    '/v1/checkpoints/latest',
    '/v1/checkpoints',
    '/v1/checkpoints/inclusion',
    '/v1/checkpoints/consistency',
  ]) {
    t.ok(paths[path], path);
  }
  t.ok(paths['/v1/checkpoints/inclusion'].get.responses['200'].content['application/json'].schema.properties.proof);
});
