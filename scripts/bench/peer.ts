/**
 * The Emmett peer (E1, E2, P7) is a package of its own in this folder, so that no install but the bench's compiles
 * its sqlite3 driver: the first `npm run bench` installs it from the npm registry, as its lock file says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the bench uses of Emmett's SQLite event store (the package's own types are not installed for typecheck). */
export interface PeerEventStore {
  appendToStream(
    stream: string,
    events: { type: string; data: unknown }[],
    options?: { expectedStreamVersion?: bigint },
  ): Promise<unknown>;
  aggregateStream<State>(
    stream: string,
    options: { evolve: (state: State, event: { type: string; data: unknown }) => State; initialState: () => State },
  ): Promise<{ state: State; currentStreamVersion: bigint }>;
}

export type GetSQLiteEventStore = (options: {
  fileName: string;
  schema?: { autoMigration?: 'None' | 'CreateOrUpdate' };
}) => PeerEventStore;

// Run from dist/scripts/bench; the package is the source folder scripts/bench.
const PEER_DIR = fileURLToPath(new URL('../../../scripts/bench/', import.meta.url));
const PEER = '@event-driven-io/emmett-sqlite';

const version = (packageJson: string): string | undefined =>
  existsSync(packageJson) ? JSON.parse(readFileSync(packageJson, 'utf8')).version : undefined;

/** Installs the peer when it is missing or not the version pinned in scripts/bench/package.json. */
export function ensurePeer(log: (line: string) => void): void {
  const wanted = JSON.parse(readFileSync(join(PEER_DIR, 'package.json'), 'utf8')).dependencies[PEER] as string;
  const installed = version(join(PEER_DIR, 'node_modules', PEER, 'package.json'));
  if (installed === wanted) return;
  log(
    `Emmett peer: ${PEER}@${wanted} ${installed ? `replaces ${installed}` : 'is not installed yet'}; installing it ` +
      'and its sqlite3 driver from the npm registry into scripts/bench/node_modules (npm ci, once; sqlite3 may ' +
      'compile from source, which takes a few minutes)',
  );
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: PEER_DIR,
    stdio: ['ignore', process.stderr, process.stderr],
    shell: process.platform === 'win32',
  });
  if (npm.status !== 0) {
    throw new Error(
      `could not install the Emmett peer (npm ci in scripts/bench exited ${npm.status ?? npm.signal}); ` +
        'it needs the npm registry and, without a prebuilt sqlite3 for this platform, python3, make and a C++ compiler',
    );
  }
}

/** Emmett's `getSQLiteEventStore`, from the peer's own node_modules. */
export async function loadPeer(): Promise<GetSQLiteEventStore> {
  const entry = pathToFileURL(join(PEER_DIR, 'emmett.js')).href;
  const peer = (await import(entry)) as { getSQLiteEventStore: GetSQLiteEventStore };
  return peer.getSQLiteEventStore;
}
