import { createRequire } from 'node:module';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/** Every setting of the service, from the environment, overridden by CLI flags, validated once at start. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: { kind: 'sqlite' } | { kind: 'esdb' | 'postgres'; connectionString: string };
  adminToken: string | undefined;
  publicRead: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Browser origins allowed by CORS; empty: CORS closed. */
  corsOrigins: string[];
  /** Commands per minute per token; 0: no limit. */
  rateLimit: number;
  checkpoints: {
    /** The Ed25519 key that signs them: its PKCS#8 text, or the file holding it; none: no checkpoints. */
    key: { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'file'; path: string };
    /** The log's name in its checkpoints (the C2SP origin and key name). */
    origin: string;
    /** Seconds between checkpoints, signed only when the log grew; 0: only at start, on demand and at stop. */
    intervalSeconds: number;
  };
  /** Proxies whose X-Forwarded-For is believed (addresses, CIDR ranges, or loopback/linklocal/uniquelocal); none: the socket's address. */
  trustedProxies: string[];
  /** Webhook targets allowed although not public: host names, addresses, CIDR ranges (FOLLOWUP_WEBHOOK_ALLOWED_HOSTS). */
  webhookAllowedHosts: string[];
  /** Whether the dashboard's source maps are served (never by default). */
  sourceMaps: boolean;
  /**
   * Processes serving reads on the embedded store beside the one writer (`serve --readers`); 1: the writer serves
   * everything in one process, as before. Ignored on a shared log (PostgreSQL, EventStoreDB), whose replicas scale.
   */
  readers: number;
  /**
   * On the embedded store, commands run in a thread of their own that owns the write connection, beside the thread
   * serving HTTP and reads (`serve --writer-thread`, FOLLOWUP_WRITER_THREAD).
   */
  writerThread: boolean;
  /** What one client may take: bodies, pages, streams, rates, timeouts (docs/reliability.md, "Limits"). */
  limits: Limits;
}

/**
 * Each limit's variable, and the name the service's limits know it by: HttpLimits (src/http/limits.ts, bodies, pages,
 * timeouts, connections, heavy queries, streams), SecurityOptions (src/http/security.ts, the rates) and the search's
 * bounds (searchMatches: a search matching more is refused as too broad; searchFacetHits: how many of its best hits
 * its facets count). What each means and its default are theirs; here, only which variable sets it.
 */
const LIMIT_VARIABLES = {
  FOLLOWUP_BODY_LIMIT: 'bodyBytes',
  FOLLOWUP_PAGE_BYTES: 'pageBytes',
  FOLLOWUP_REQUEST_TIMEOUT_MS: 'requestTimeoutMs',
  FOLLOWUP_HEADERS_TIMEOUT_MS: 'headersTimeoutMs',
  FOLLOWUP_IDLE_TIMEOUT_MS: 'idleTimeoutMs',
  FOLLOWUP_KEEP_ALIVE_TIMEOUT_MS: 'keepAliveTimeoutMs',
  FOLLOWUP_MAX_CONNECTIONS: 'maxConnections',
  FOLLOWUP_MAX_REQUESTS_PER_SOCKET: 'maxRequestsPerSocket',
  FOLLOWUP_READ_RATE_LIMIT: 'anonymousReadsPerMinute',
  FOLLOWUP_AUTH_FAILURE_LIMIT: 'authFailuresPerMinute',
  FOLLOWUP_HEAVY_QUERIES: 'heavyQueries',
  FOLLOWUP_STREAMS: 'streams',
  FOLLOWUP_STREAMS_PER_ADDRESS: 'streamsPerAddress',
  FOLLOWUP_SEARCH_MATCHES: 'searchMatches',
  FOLLOWUP_SEARCH_FACET_HITS: 'searchFacetHits',
} as const satisfies Partial<Record<keyof typeof variables, string>>;

/** The bounds set; those unset take the service's defaults (src/http/limits.ts, src/http/security.ts). */
export type Limits = Partial<Record<(typeof LIMIT_VARIABLES)[keyof typeof LIMIT_VARIABLES], number>>;

const booleanText = z.enum(['true', 'false', '1', '0', 'yes', 'no'], {
  message: 'must be true or false',
});

/** A whole number of `what`, at least `min` (0 where 0 turns a limit off); unset: the service's default. */
const count = (what: string, min = 0) =>
  z.coerce
    .number({ message: `must be a number of ${what}` })
    .int(`must be a whole number of ${what}`)
    .min(min, min === 0 ? 'must be 0 (off) or more' : `must be ${min} or more`)
    .optional();

/** 10^16 guesses (about 53 bits): refuses words, repeats, sequences and keyboard walks, never a random 24 characters. */
const MIN_GUESSES_LOG10 = 16;

/** Whether zxcvbn can guess a chosen secret; loaded only when there is one (its dictionaries take a few hundred ms). */
function guessable(secret: string): boolean {
  const require = createRequire(import.meta.url);
  const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const estimator = new ZxcvbnFactory({ dictionary: common.dictionary, graphs: common.adjacencyGraphs });
  return estimator.check(secret).guessesLog10 < MIN_GUESSES_LOG10;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
/** An address, a CIDR range of them, or one of proxy-addr's names. */
/** A host name, an address or a CIDR range (FOLLOWUP_WEBHOOK_ALLOWED_HOSTS). */
function webhookHost(entry: string): boolean {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry);
  return (
    ipaddr.isValid(entry) ||
    /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$/i.test(entry)
  );
}

function trustedProxy(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const ESDB = /^(esdb|esdb\+discover|kurrentdb|kurrent|kdb)(\+discover)?:\/\/.+/;
const POSTGRES = /^postgres(ql)?:\/\/.+/;

/** The contract's table: variable → schema of its text value. */
const variables = {
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole port number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1, 'must not be empty').default('127.0.0.1'),
  FOLLOWUP_DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
  FOLLOWUP_STORE: z
    .string()
    .refine((v) => v === 'sqlite' || ESDB.test(v) || POSTGRES.test(v), {
      message:
        'must be sqlite, a PostgreSQL connection string like postgres://user@host:5432/db, or an EventStoreDB one like esdb://host:2113?tls=false',
    })
    .default('sqlite'),
  FOLLOWUP_ADMIN_TOKEN: z
    .string()
    .min(24, 'must be at least 24 characters long')
    .refine((token) => !guessable(token), {
      message: 'is too easy to guess (a word, a repeat, a sequence): use a random one, e.g. openssl rand -hex 24',
    })
    .optional(),
  FOLLOWUP_PUBLIC_READ: booleanText.default('true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FOLLOWUP_CORS_ORIGINS: z
    .string()
    .refine((v) => v.split(',').every((origin) => /^https?:\/\/[^/\s,]+$/.test(origin.trim())), {
      message: 'must be a comma-separated list of origins like https://example.org (no path)',
    })
    .optional(),
  FOLLOWUP_RATE_LIMIT: z.coerce
    .number({ message: 'must be a number of commands per minute' })
    .int('must be a whole number of commands per minute')
    .min(0, 'must be 0 (no limit) or more')
    .default(3000),
  FOLLOWUP_SIGNING_KEY: z.string().optional(),
  FOLLOWUP_SIGNING_KEY_FILE: z.string().optional(),
  FOLLOWUP_CHECKPOINT_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/u, 'must be a name without spaces or "+", like example.org/followup')
    .default('followup'),
  FOLLOWUP_CHECKPOINT_INTERVAL: z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(0, 'must be 0 (only at start, on demand and at stop) or more')
    .default(300),
  FOLLOWUP_TRUSTED_PROXIES: z
    .string()
    .refine((v) => v.split(',').every((entry) => trustedProxy(entry.trim())), {
      message:
        'must be a comma-separated list of addresses or CIDR ranges (10.0.0.0/8), or loopback, linklocal, uniquelocal',
    })
    .optional(),
  FOLLOWUP_WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .refine((v) => v.split(',').every((entry) => entry.trim() === '' || webhookHost(entry.trim())), {
      message: 'must be a comma-separated list of host names, addresses or CIDR ranges (10.0.0.0/8)',
    })
    .optional(),
  FOLLOWUP_SOURCE_MAPS: booleanText.default('false'),
  FOLLOWUP_WRITER_THREAD: booleanText.default('false'),
  FOLLOWUP_READERS: count('processes', 1).refine((n) => n === undefined || n <= 64, 'must be 64 or fewer'),
  FOLLOWUP_BODY_LIMIT: count('bytes', 1024),
  FOLLOWUP_PAGE_BYTES: count('bytes', 16 * 1024),
  FOLLOWUP_REQUEST_TIMEOUT_MS: count('milliseconds', 100),
  FOLLOWUP_HEADERS_TIMEOUT_MS: count('milliseconds', 100),
  FOLLOWUP_IDLE_TIMEOUT_MS: count('milliseconds', 100),
  FOLLOWUP_KEEP_ALIVE_TIMEOUT_MS: count('milliseconds', 100),
  FOLLOWUP_MAX_CONNECTIONS: count('connections'),
  FOLLOWUP_MAX_REQUESTS_PER_SOCKET: count('requests'),
  FOLLOWUP_READ_RATE_LIMIT: count('reads per minute'),
  FOLLOWUP_AUTH_FAILURE_LIMIT: count('failures per minute'),
  FOLLOWUP_HEAVY_QUERIES: count('queries', 1),
  FOLLOWUP_STREAMS: count('streams'),
  FOLLOWUP_STREAMS_PER_ADDRESS: count('streams'),
  FOLLOWUP_SEARCH_MATCHES: count('recommendations', 1),
  FOLLOWUP_SEARCH_FACET_HITS: count('recommendations', 1),
} as const;

export type ConfigInput = Partial<Record<keyof typeof variables, string | undefined>>;

/** A configuration that cannot start the service; one line per bad value, each naming its variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads the settings from an environment (flags already merged in); throws ConfigError listing every bad value. */
export function loadConfig(env: ConfigInput | NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(variables)) {
    const raw = env[name as keyof typeof variables];
    const parsed = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (parsed.success) values[name] = parsed.data;
    else problems.push(`${name}=${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  }
  const keyText = values.FOLLOWUP_SIGNING_KEY as string | undefined;
  const keyFile = values.FOLLOWUP_SIGNING_KEY_FILE as string | undefined;
  if (keyText !== undefined && keyFile !== undefined) {
    problems.push('FOLLOWUP_SIGNING_KEY and FOLLOWUP_SIGNING_KEY_FILE: set one of them, not both');
  }
  if (keyFile !== undefined && values.FOLLOWUP_DATA_DIR !== undefined) {
    const inside = relative(resolve(values.FOLLOWUP_DATA_DIR as string), resolve(keyFile));
    if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
      problems.push(
        `FOLLOWUP_SIGNING_KEY_FILE=${JSON.stringify(keyFile)}: must be outside FOLLOWUP_DATA_DIR, or whoever can rewrite the log can also sign it`,
      );
    }
  }
  const number = (name: string) => values[name] as number | undefined;
  const headers = number('FOLLOWUP_HEADERS_TIMEOUT_MS');
  const request = number('FOLLOWUP_REQUEST_TIMEOUT_MS');
  if (headers !== undefined && request !== undefined && headers > request) {
    problems.push(
      `FOLLOWUP_HEADERS_TIMEOUT_MS=${number('FOLLOWUP_HEADERS_TIMEOUT_MS')}: must not exceed FOLLOWUP_REQUEST_TIMEOUT_MS (${number('FOLLOWUP_REQUEST_TIMEOUT_MS')}), which covers the headers too`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const store = values.FOLLOWUP_STORE as string;
  return {
    port: values.PORT as number,
    host: values.HOST as string,
    dataDir: values.FOLLOWUP_DATA_DIR as string,
    store:
      store === 'sqlite'
        ? { kind: 'sqlite' }
        : { kind: POSTGRES.test(store) ? 'postgres' : 'esdb', connectionString: store },
    adminToken: values.FOLLOWUP_ADMIN_TOKEN as string | undefined,
    publicRead: ['true', '1', 'yes'].includes(values.FOLLOWUP_PUBLIC_READ as string),
    logLevel: values.LOG_LEVEL as Config['logLevel'],
    corsOrigins: ((values.FOLLOWUP_CORS_ORIGINS as string | undefined) ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    rateLimit: values.FOLLOWUP_RATE_LIMIT as number,
    checkpoints: {
      key:
        keyText !== undefined
          ? { kind: 'text', text: keyText }
          : keyFile !== undefined
            ? { kind: 'file', path: keyFile }
            : { kind: 'none' },
      origin: values.FOLLOWUP_CHECKPOINT_ORIGIN as string,
      intervalSeconds: values.FOLLOWUP_CHECKPOINT_INTERVAL as number,
    },
    trustedProxies: ((values.FOLLOWUP_TRUSTED_PROXIES as string | undefined) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    webhookAllowedHosts: ((values.FOLLOWUP_WEBHOOK_ALLOWED_HOSTS as string | undefined) ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
    sourceMaps: ['true', '1', 'yes'].includes(values.FOLLOWUP_SOURCE_MAPS as string),
    readers: number('FOLLOWUP_READERS') ?? defaultReaders(),
    writerThread: ['true', '1', 'yes'].includes(values.FOLLOWUP_WRITER_THREAD as string),
    limits: Object.fromEntries(
      Object.entries(LIMIT_VARIABLES).flatMap(([variable, limit]) => {
        const value = number(variable);
        return value === undefined ? [] : [[limit, value]];
      }),
    ),
  };
}

/**
 * One reader process a core from four cores up (the writer is mostly idle under reads and shares them); below that,
 * one process, since a second would take the core the load balancer or the database needs.
 */
export function defaultReaders(cores = availableParallelism()): number {
  return cores >= 4 ? Math.min(cores, 16) : 1;
}
