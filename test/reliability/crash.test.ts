/**
 * R1: the real server, killed with SIGKILL at random moments under a concurrent write load and restarted each time,
 * loses no acknowledged command, applies none by half, and keeps read models equal to a rebuild from the log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { scopedKey } from '../../src/app/commands/idempotency.js';
import { Followup } from '../../src/app/followup.js';
import { verifyChains } from '../../src/eventstore/integrity.js';
import type { RecordedEvent } from '../../src/eventstore/port.js';
import { liveAndRebuilt, SOAK, seededRandom, seedFrom } from './read-models.js';
import { type Reply, type ServerProcess, send, startServer } from './server.js';

const ADMIN = 'crash-test-admin-token-0123456789';
// Several server starts on a busy machine: more room than the default per-file timeout.
t.setTimeout(SOAK ? 1_800_000 : 300_000);
const CYCLES = SOAK ? 30 : 4;
const WRITERS = 8;
const RECOMMENDATIONS = 12;

interface Command {
  key: string;
  tokenId: string;
  token: string;
  path: string;
  body: unknown;
  ack?: Reply;
}

const recommendationId = (n: number) => `ccpr-c-kaz-co-3-${n}`;

t.test(
  'kill -9 under a write load, restarted each time: nothing acknowledged lost, nothing half-applied',
  async (t) => {
    const seed = seedFrom(61128);
    t.comment(`seed ${seed} (FOLLOWUP_SEED=${seed} replays this run)`);
    const random = seededRandom(seed);
    const dataDir = mkdtempSync(join(tmpdir(), 'followup-crash-'));
    t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
    const env = { FOLLOWUP_ADMIN_TOKEN: ADMIN, FOLLOWUP_RATE_LIMIT: '0', LOG_LEVEL: 'warn' };
    let server: ServerProcess | undefined = await startServer(dataDir, env);
    t.teardown(() => server?.kill9());

    const issue = async (body: unknown) => (await send(server?.url ?? '', 'POST', '/v1/tokens', ADMIN, body)).json;
    const kaz = await issue({ name: 'NMIRF Kazakhstan', role: 'state', states: ['KAZ'] });
    const secretariat = await issue({ name: 'CCPR secretariat', role: 'secretariat' });
    for (let n = 1; n <= RECOMMENDATIONS; n++) {
      const answer = await send(server.url, 'POST', '/v1/recommendations', secretariat.token, {
        state: 'KAZ',
        mechanism: 'CCPR',
        symbol: 'CCPR/C/KAZ/CO/3',
        paragraph: String(n),
        text: `Recommendation ${n}`,
        issuedOn: '2023-01-10',
        followUp: { deadline: '2024-01-10' },
      });
      t.equal(answer.status, 201, `recommendation ${n} issued`);
    }

    let sequence = 0;
    /** The next command of the load: mostly measures, some replies, assessments and new recommendations. */
    const nextCommand = (cycle: number): Command => {
      sequence++;
      const key = `crash-${seed}-${sequence}`;
      const target = recommendationId(1 + Math.floor(random() * RECOMMENDATIONS));
      const pick = random();
      if (pick < 0.6) {
        const body = { title: `Measure ${sequence}`, institution: 'Parliament', implementedOn: '2023-06-01' };
        return { key, tokenId: kaz.id, token: kaz.token, path: `/v1/recommendations/${target}/measures`, body };
      }
      if (pick < 0.75) {
        const body = { receivedOn: '2024-01-05', summary: `Reply ${sequence}` };
        return {
          key,
          tokenId: kaz.id,
          token: kaz.token,
          path: `/v1/recommendations/${target}/follow-up-replies`,
          body,
        };
      }
      if (pick < 0.9) {
        const body = { grade: 'B', assessedOn: '2024-03-01', comment: `Assessment ${sequence}` };
        const path = `/v1/recommendations/${target}/assessments`;
        return { key, tokenId: secretariat.id, token: secretariat.token, path, body };
      }
      const body = {
        state: 'KAZ',
        mechanism: 'CCPR',
        symbol: 'CCPR/C/KAZ/CO/3',
        paragraph: `${cycle}.${sequence}`,
        text: `Recommendation issued under load ${sequence}`,
        issuedOn: '2023-01-10',
      };
      return { key, tokenId: secretariat.id, token: secretariat.token, path: '/v1/recommendations', body };
    };
    const post = (base: string, command: Command) =>
      send(base, 'POST', command.path, command.token, command.body, { 'idempotency-key': command.key });

    const all: Command[] = [];
    let acknowledged = 0;
    let inFlightAtKill = 0;
    let inFlightCommitted = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const running = server;
      let killed = false;
      const sent: Command[] = [];
      const writer = async () => {
        while (!killed) {
          const command = nextCommand(cycle);
          sent.push(command);
          try {
            command.ack = await post(running.url, command);
          } catch {
            return; // the connection was cut: not acknowledged
          }
        }
      };
      const writers = Array.from({ length: WRITERS }, writer);
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 1000)));
      await running.kill9();
      killed = true;
      await Promise.all(writers);
      server = undefined;
      all.push(...sent);

      for (const command of sent) {
        if (command.ack) t.ok(command.ack.status < 300, `${command.key} acknowledged 2xx`, { body: command.ack.json });
      }
      const acked = sent.filter((c) => c.ack);
      const unacked = sent.filter((c) => !c.ack);
      acknowledged += acked.length;
      inFlightAtKill += unacked.length;

      // With the server down: the log, its chains and the read models as the crash left them.
      const followup = Followup.open({ dataDir });
      try {
        const byKey = new Map<string, RecordedEvent[]>();
        for await (const event of followup.store.readAll()) {
          const key = event.metadata.idempotency?.key;
          if (key) byKey.set(key, [...(byKey.get(key) ?? []), event]);
        }
        for (const command of acked) {
          const events = byKey.get(scopedKey(tokenOf(command), command.key)) ?? [];
          const last = events.at(-1);
          t.equal(events.length, command.ack?.json.events.length, `${command.key}: all its events stored`);
          t.equal(last?.position, command.ack?.json.position, `${command.key}: at the acknowledged position`);
          t.equal(last?.revision, command.ack?.json.revision, `${command.key}: at the acknowledged revision`);
        }
        for (const command of unacked) {
          const events = byKey.get(scopedKey(tokenOf(command), command.key)) ?? [];
          t.ok(events.length <= 1, `${command.key}: in flight at the kill, stored at most once`);
          if (events.length > 0) inFlightCommitted++;
        }
        const chains = await verifyChains(followup.store);
        t.ok(chains.ok, `cycle ${cycle}: every hash chain intact`, { breaks: chains.breaks });
        const { live, rebuilt, rows } = await liveAndRebuilt(followup.db, followup.store);
        t.strictSame(live, rebuilt, `cycle ${cycle}: read models (${rows} rows) equal a rebuild from the log`);
      } finally {
        await followup.close();
      }

      // Restarted: the commands cut off by the kill are retried with their keys and each lands exactly once.
      server = await startServer(dataDir, env);
      for (const command of unacked) {
        command.ack = await post(server.url, command);
        t.ok(command.ack.status < 300, `${command.key}: retried after the restart, answered 2xx`, {
          body: command.ack.json,
        });
      }
      t.comment(`cycle ${cycle}: ${acked.length} acknowledged before the kill, ${unacked.length} in flight`);
    }

    const followup = Followup.open({ dataDir });
    await server.stop();
    server = undefined;
    try {
      const perKey = new Map<string, number>();
      for await (const event of followup.store.readAll()) {
        const key = event.metadata.idempotency?.key;
        if (key) perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      const missing = all.filter((c) => perKey.get(scopedKey(tokenOf(c), c.key)) !== 1).map((c) => c.key);
      t.strictSame(missing, [], 'every command sent, acknowledged or retried, is in the log exactly once');
    } finally {
      await followup.close();
    }
    t.comment(
      `R1 figures: ${CYCLES} kill -9 cycles, ${all.length} commands sent by ${WRITERS} concurrent writers, ` +
        `${acknowledged} acknowledged before a kill (0 lost), ${inFlightAtKill} cut off in flight ` +
        `(${inFlightCommitted} of them had committed; all retried once with their key, none applied twice)`,
    );
  },
);

function tokenOf(command: Command) {
  return { kind: 'token', tokenId: command.tokenId, name: '', role: 'state', states: [] } as const;
}
