import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { Followup } from '../app/followup.js';
import { ConfigError, type ConfigInput, loadConfig } from '../config.js';
import { ROLES } from '../domain/token/token.js';
import { projectRoot } from '../project-root.js';
import { registerCopyCommand } from './commands/copy.js';
import { registerAnalysisCommands } from './commands/index.js';
import { registerSigningKeyCommands } from './commands/signing-key.js';
import { describeFailure } from './failure.js';
import { serve } from './serve.js';
import { issueTokenOffline } from './token.js';
import { isWriterThread, runWriterThread } from './writer-worker.js';

const program = new Command('followup')
  .description('Follow-up of the recommendations of UN human-rights bodies: an event-sourced service')
  .version(packageVersion(), '-V, --version', 'print the version')
  .showHelpAfterError();

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(projectRoot(import.meta.url), 'package.json'), 'utf8'));
  return String(manifest.version);
}

/** Flags of the settings every command honours; they override the environment. */
function withSettings(command: Command): Command {
  return command
    .option('--data-dir <dir>', 'where the embedded store and read models live (FOLLOWUP_DATA_DIR)')
    .option('--store <store>', 'sqlite, or a PostgreSQL or EventStoreDB connection string (FOLLOWUP_STORE)')
    .option('--log-level <level>', 'pino log level (LOG_LEVEL)');
}

function configFrom(flags: Record<string, string | boolean | undefined>) {
  const given: [variable: string, flag: string, value: string][] = [];
  for (const [variable, flag] of Object.entries(FLAG_OF)) {
    const value = flags[camelCase(flag)];
    if (typeof value === 'string') given.push([variable, flag, value]);
  }
  const defined = Object.fromEntries(given.map(([variable, , value]) => [variable, value]));
  try {
    return loadConfig({ ...process.env, ...defined });
  } catch (error) {
    throw error instanceof ConfigError ? inFlags(error, given) : error;
  }
}

/** A bad value given as a flag is named as the flag (`--port abc`), not as the variable it stands for. */
function inFlags(error: ConfigError, given: readonly [variable: string, flag: string, value: string][]): ConfigError {
  return new ConfigError(
    error.problems.map((line) => {
      for (const [variable, flag, value] of given) {
        const prefix = `${variable}=${JSON.stringify(value)}: `;
        if (line.startsWith(prefix)) return `--${flag} ${value}: ${line.slice(prefix.length)}`;
      }
      return line;
    }),
  );
}

/** The serving limits and settings, each a flag named after its variable (docs/reliability.md, "Limits"). */
const SERVE_FLAGS: [flag: string, variable: keyof ConfigInput, meaning: string][] = [
  ['trusted-proxies', 'FOLLOWUP_TRUSTED_PROXIES', 'proxies whose X-Forwarded-For is believed'],
  ['source-maps', 'FOLLOWUP_SOURCE_MAPS', "serve the dashboard's source maps"],
  ['webhook-allowed-hosts', 'FOLLOWUP_WEBHOOK_ALLOWED_HOSTS', 'webhook targets allowed although not public'],
  ['readers', 'FOLLOWUP_READERS', 'processes serving reads beside the writer, embedded store (1: one process)'],
  ['writer-thread', 'FOLLOWUP_WRITER_THREAD', 'run commands in a thread of their own, embedded store (true/false)'],
  ['rate-limit', 'FOLLOWUP_RATE_LIMIT', 'commands per minute per token'],
  ['read-rate-limit', 'FOLLOWUP_READ_RATE_LIMIT', 'reads per minute per address without a token'],
  ['auth-failure-limit', 'FOLLOWUP_AUTH_FAILURE_LIMIT', 'failed authentications per minute per address'],
  ['body-limit', 'FOLLOWUP_BODY_LIMIT', 'largest request body, bytes'],
  ['page-bytes', 'FOLLOWUP_PAGE_BYTES', 'largest page of a collection, bytes'],
  ['request-timeout-ms', 'FOLLOWUP_REQUEST_TIMEOUT_MS', 'time for a whole request to arrive'],
  ['headers-timeout-ms', 'FOLLOWUP_HEADERS_TIMEOUT_MS', 'time for the headers to arrive'],
  ['idle-timeout-ms', 'FOLLOWUP_IDLE_TIMEOUT_MS', 'a connection idle this long is closed'],
  ['keep-alive-timeout-ms', 'FOLLOWUP_KEEP_ALIVE_TIMEOUT_MS', 'an idle keep-alive connection is closed after'],
  ['max-connections', 'FOLLOWUP_MAX_CONNECTIONS', 'open connections at once'],
  ['max-requests-per-socket', 'FOLLOWUP_MAX_REQUESTS_PER_SOCKET', 'requests one connection may carry'],
  ['heavy-queries', 'FOLLOWUP_HEAVY_QUERIES', 'heavy queries answered at once'],
  ['streams', 'FOLLOWUP_STREAMS', 'event streams open at once'],
  ['streams-per-address', 'FOLLOWUP_STREAMS_PER_ADDRESS', 'event streams open at once from one address'],
  ['search-matches', 'FOLLOWUP_SEARCH_MATCHES', 'a search matching more recommendations is refused as too broad'],
  ['search-facet-hits', 'FOLLOWUP_SEARCH_FACET_HITS', "a search's facets count at most this many best hits"],
];
/** Each setting's flag, by the variable it overrides. */
const FLAG_OF: Record<string, string> = {
  PORT: 'port',
  HOST: 'host',
  FOLLOWUP_DATA_DIR: 'data-dir',
  FOLLOWUP_STORE: 'store',
  FOLLOWUP_PUBLIC_READ: 'public-read',
  LOG_LEVEL: 'log-level',
  FOLLOWUP_SIGNING_KEY_FILE: 'signing-key-file',
  ...Object.fromEntries(SERVE_FLAGS.map(([flag, variable]) => [variable, flag])),
};
const camelCase = (flag: string) => flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());

const serveCommand = withSettings(program.command('serve').description('serve the REST API (what npm start runs)'))
  .option('--port <port>', 'HTTP port (PORT)')
  .option('--host <host>', 'listen address (HOST)')
  .option('--public-read <bool>', 'whether reads need no token (FOLLOWUP_PUBLIC_READ)');
for (const [flag, variable, meaning] of SERVE_FLAGS)
  serveCommand.option(`--${flag} <value>`, `${meaning} (${variable})`);
serveCommand.action(async (flags) => serve(configFrom(flags)));

const token = program.command('token').description('manage access tokens');
withSettings(token.command('create').description('issue a token and print its secret once'))
  .requiredOption('--name <name>', 'who holds it')
  .addOption(new Option('--role <role>', 'its role').choices(ROLES).makeOptionMandatory())
  .option('--state <code...>', 'for the state role: the States it acts for (ISO alpha-3 code in any case, or name)')
  .option('--expires-at <instant>', 'when it stops working, an ISO date-time like 2027-06-30T00:00:00Z; default never')
  .action(async (flags) => {
    const config = configFrom(flags);
    const followup = Followup.open({ dataDir: config.dataDir, adminToken: config.adminToken });
    try {
      const issued = await issueTokenOffline(followup, {
        name: flags.name,
        role: flags.role,
        states: flags.state,
        expiresAt: flags.expiresAt,
      });
      process.stdout.write(`${JSON.stringify(issued, null, 2)}\n`);
    } finally {
      await followup.close();
    }
  });

registerAnalysisCommands(program, { withSettings, configFrom });
registerCopyCommand(program, { withSettings, configFrom });
registerSigningKeyCommands(program, { withSettings, configFrom });

// The writer thread (`serve --writer-thread`) starts from this entry too, to run from the same bundle.
if (isWriterThread()) void runWriterThread();
else parse();

function parse(): void {
  program.parseAsync().catch((error: unknown) => {
    if (error instanceof ConfigError) {
      for (const line of error.problems) process.stderr.write(`followup: ${line}\n`);
    } else {
      process.stderr.write(`followup: ${describeFailure(error)}\n`);
    }
    process.exit(1);
  });
}
