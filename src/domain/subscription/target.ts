import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent. A subscription must not become a way to probe the service's own network, so an
 * address is refused unless it is public unicast (ipaddr.js's ranges: private, loopback, link-local, unique-local,
 * carrier-grade NAT, multicast, reserved, documentation, IPv4 embedded in IPv6… are all refused), or an admin listed
 * its host name, the address or a range holding it (`FOLLOWUP_WEBHOOK_ALLOWED_HOSTS`).
 */
export interface AllowedTargets {
  hosts: ReadonlySet<string>;
  ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

export const NO_ALLOWED_TARGETS: AllowedTargets = { hosts: new Set(), ranges: [] };

/** Why an entry of the allow list is not a host name, an address or a CIDR range; undefined when it is one. */
export function allowedEntryProblem(entry: string): string | undefined {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry) ? undefined : `${entry} is not a CIDR range`;
  if (ipaddr.isValid(entry)) return undefined;
  return /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*$/i.test(entry)
    ? undefined
    : `${entry} is not a host name, an address or a CIDR range`;
}

/** The allow list from its entries (host names, addresses, CIDR ranges); throws on an entry that is none of them. */
export function allowedTargets(entries: readonly string[]): AllowedTargets {
  const hosts = new Set<string>();
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const problem = allowedEntryProblem(entry);
    if (problem) throw new Error(problem);
    if (entry.includes('/')) ranges.push(ipaddr.parseCIDR(entry));
    else if (ipaddr.isValid(entry)) {
      const address = ipaddr.process(entry);
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else hosts.add(entry.toLowerCase());
  }
  return { hosts, ranges };
}

/** The host of a URL as an address, brackets of an IPv6 literal removed; undefined for a name. */
export function literalAddress(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return ipaddr.isValid(bare) ? bare : undefined;
}

/** Whether the host name itself is allowed (then any address it resolves to is). */
export const hostAllowed = (allowed: AllowedTargets, hostname: string): boolean =>
  allowed.hosts.has(hostname.toLowerCase().replace(/\.$/, ''));

/**
 * Why a webhook may not be sent to this address, or undefined when it may: public unicast, or listed. An IPv4 address
 * written as IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it is.
 */
export function addressRefusal(allowed: AllowedTargets, text: string): string | undefined {
  if (!ipaddr.isValid(text)) return `${text} is not an address`;
  const address = ipaddr.process(text);
  for (const [network, bits] of allowed.ranges) {
    if (network.kind() === address.kind() && address.match(network, bits)) return undefined;
  }
  const range = address.range();
  if (range === 'unicast') return undefined;
  return `${address.toString()} is a ${RANGE_WORDS[range] ?? range} address`;
}

const RANGE_WORDS: Record<string, string> = {
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local (private IPv6)',
  unspecified: 'unspecified',
  multicast: 'multicast',
  broadcast: 'broadcast',
  carrierGradeNat: 'carrier-grade NAT (shared)',
  reserved: 'reserved',
  benchmarking: 'benchmarking',
};

/** Why a text is not a URL notices can be posted to, or undefined: http(s), no credentials, no fragment. */
export function webhookUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password';
  if (url.hash !== '') return 'must not have a #fragment';
  if (url.hostname === '') return 'must name a host';
  return undefined;
}
