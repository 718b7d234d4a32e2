import canonicalizeModule from 'canonicalize';

// The package is CommonJS (module.exports = fn) while its typings declare an ES default export.
const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/** RFC 8785 canonical JSON: the same value always gives the same bytes, whatever its key order. */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? 'null';
}
