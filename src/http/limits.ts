/**
 * What one client may take of the service: bodies, pages, connections and their timeouts, heavy queries, event
 * streams. The CLI sets them from the configuration (FOLLOWUP_*, docs/reliability.md); these are the defaults.
 */
export interface HttpLimits {
  /** Largest request body (413 beyond). */
  bodyBytes: number;
  /** A page of a collection stops before its JSON passes this size (at least one item is always served). */
  pageBytes: number;
  /** The whole request, headers and body, must arrive within this time (408 and the connection closed). */
  requestTimeoutMs: number;
  /** The headers must arrive within this time, from the connection's first byte or the previous request. */
  headersTimeoutMs: number;
  /** A connection on which nothing moves either way for this long is closed (a reader that stopped reading). */
  idleTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long (longer than a proxy's own, 60 s for nginx). */
  keepAliveTimeoutMs: number;
  /** Open connections at once; a connection beyond it is closed on arrival. 0: no cap. */
  maxConnections: number;
  /** Requests one keep-alive connection may carry before it is closed. 0: no cap. */
  maxRequestsPerSocket: number;
  /** Heavy queries (the log, histories, lists) answered at once; beyond, 503 with Retry-After. */
  heavyQueries: number;
  /** Server-sent event streams open at once, over all clients; beyond, 503 with Retry-After. 0: no cap. */
  streams: number;
  /** Server-sent event streams open at once from one address; beyond, 429 with Retry-After. 0: no cap. */
  streamsPerAddress: number;
}

export const DEFAULT_LIMITS: HttpLimits = {
  bodyBytes: 512 * 1024,
  pageBytes: 2 * 1024 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 72_000,
  maxConnections: 1024,
  maxRequestsPerSocket: 10_000,
  heavyQueries: 4,
  streams: 500,
  streamsPerAddress: 10,
};

/** The defaults with what was set. */
export function limitsWith(set: Partial<HttpLimits> = {}): HttpLimits {
  const defined = Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined));
  const limits = { ...DEFAULT_LIMITS, ...defined };
  // Node requires it: the headers are part of the request the request timeout covers.
  return { ...limits, headersTimeoutMs: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) };
}

/**
 * Node checks the two request timeouts on a timer, every 30 s by default, so a 10 s timeout could take 40 s: check
 * every tenth of the shorter one (at least every second, at most every 50 ms).
 */
export const timeoutCheckInterval = (limits: HttpLimits): number =>
  Math.min(1000, Math.max(50, Math.floor(limits.headersTimeoutMs / 10)));
