import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { RuleViolation } from '../../domain/errors.js';
import {
  type AllowedTargets,
  addressRefusal,
  hostAllowed,
  literalAddress,
  webhookUrlProblem,
} from '../../domain/subscription/target.js';

/** Resolves a host name to every address it has (the system resolver by default; tests give their own). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** A webhook target the service will not reach; the words name the address and how an admin may allow it. */
export class TargetRefused extends RuleViolation {}

const HOW_TO_ALLOW =
  'notices are sent to public addresses only, unless an admin lists the host or its range in FOLLOWUP_WEBHOOK_ALLOWED_HOSTS';

/**
 * The addresses a URL's host may be reached at, each checked: a literal address is judged as it is, a listed host
 * name is trusted with whatever it resolves to, any other name must resolve only to addresses allowed. Run when a
 * subscription is made and again at every delivery (the resolver's answer may have changed: DNS rebinding), where
 * the connection is then made to an address checked here and no other.
 */
export async function reachableAddresses(
  url: string,
  allowed: AllowedTargets,
  resolve: Resolver,
): Promise<LookupAddress[]> {
  const problem = webhookUrlProblem(url);
  if (problem) throw new TargetRefused(`the webhook URL ${problem}`);
  const { hostname } = new URL(url);
  const literal = literalAddress(hostname);
  if (literal !== undefined) {
    const refusal = hostAllowed(allowed, literal) ? undefined : addressRefusal(allowed, literal);
    if (refusal) throw new TargetRefused(`the webhook target ${hostname} is refused: ${refusal}; ${HOW_TO_ALLOW}`);
    return [{ address: literal, family: literal.includes(':') ? 6 : 4 }];
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'no answer';
    throw new TargetRefused(`the webhook host ${hostname} cannot be resolved (${code})`);
  }
  if (addresses.length === 0) throw new TargetRefused(`the webhook host ${hostname} has no address`);
  if (hostAllowed(allowed, hostname)) return addresses;
  for (const { address } of addresses) {
    const refusal = addressRefusal(allowed, address);
    if (refusal) {
      throw new TargetRefused(
        `the webhook host ${hostname} resolves to ${address}, refused: ${refusal}; ${HOW_TO_ALLOW}`,
      );
    }
  }
  return addresses;
}
