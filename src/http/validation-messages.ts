/**
 * The one formatter of validation failures: what zod reports ("Invalid input: expected number, received NaN") said
 * in the service's own words, naming the field and what it expects ("query parameter limit must be a number").
 * Messages the schemas wrote themselves ("must be a calendar date YYYY-MM-DD") are kept as written.
 */

/** A zod issue, as zod gives it or as fastify-type-provider-zod passes it on (its fields beside code and message). */
export interface ValidationIssue {
  code: string;
  message?: string;
  [detail: string]: unknown;
}

/** Zod's own default texts all start so; a schema's message never does. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key|Expected )/;

const TYPES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  date: 'a date',
};

const FORMATS: Record<string, string> = {
  date: 'a calendar date YYYY-MM-DD',
  datetime: 'an ISO 8601 date-time such as 2024-05-13T09:30:00Z',
  url: 'a URL',
  email: 'an e-mail address',
  uuid: 'a UUID',
};

/** What a field that failed this issue must be: "must be a number", "is required", "must be one of a, b". */
export function expectation(given: ValidationIssue | { readonly code: string; readonly message?: string }): string {
  // A zod issue of any kind, its details read by name.
  const issue = given as ValidationIssue;
  if (issue.message && !ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined$/.test(issue.message ?? '')) return 'is required';
      const expected = String(issue.expected);
      return `must be ${TYPES[expected] ?? expected}`;
    }
    case 'too_small':
      return bound(issue, 'least', 'greater than');
    case 'too_big':
      return bound(issue, 'most', 'less than');
    case 'invalid_value': {
      const values = (issue.values as unknown[] | undefined)?.map(String) ?? [];
      return values.length === 1 ? `must be ${values[0]}` : `must be one of ${values.join(', ')}`;
    }
    case 'invalid_format': {
      const format = String(issue.format);
      return format === 'regex' || format === 'starts_with' || format === 'ends_with' || format === 'includes'
        ? 'is not in the expected form'
        : `must be ${FORMATS[format] ?? format}`;
    }
    case 'invalid_union': {
      const branches = (issue.errors as ValidationIssue[][] | undefined) ?? [];
      const forms = branches.map((branch) => branch[0]).filter((first) => first !== undefined);
      if (forms.length === 0) return 'is not in any of the accepted forms';
      return `must be ${forms.map((form) => expectation(form).replace(/^must be /, '')).join(' or ')}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    default:
      return 'is not valid';
  }
}

/** A minimum or maximum, in the words of what it bounds: a number, a text's length, a list's items. */
function bound(issue: ValidationIssue, word: 'least' | 'most', strict: string): string {
  const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'string':
      if (word === 'least' && limit === 1) return 'must not be empty';
      return `must be at ${word} ${limit} characters long`;
    case 'array':
    case 'set':
      if (word === 'least' && limit === 1) return 'must list at least one item';
      return `must list at ${word} ${limit} items`;
    default:
      return inclusive ? `must be at ${word} ${limit}` : `must be ${strict} ${limit}`;
  }
}

/** Where in a request a failure is, for a person: fastify's validation contexts named as the HTTP spec names them. */
const PARTS: Record<string, string> = {
  querystring: 'query parameter',
  params: 'path parameter',
  body: 'field',
  headers: 'header',
};

/** The field a failure names in a sentence: "query parameter limit", "field followUp.deadline", "the body". */
export function fieldName(context: string, path: readonly (string | number)[]): string {
  if (path.length === 0) return context === 'body' ? 'the body' : `the ${PARTS[context] ?? context}s`;
  return `${PARTS[context] ?? context} ${path.join('.')}`;
}
