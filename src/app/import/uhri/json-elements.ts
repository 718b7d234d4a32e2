/**
 * The elements of a JSON array read from a stream of text, each handed over as its own JSON text for `JSON.parse`.
 *
 * A tokenizing parser (stream-json) reads every character in JavaScript and builds each value token by token; here
 * the text is only cut at the array's top-level commas (strings skipped with `indexOf`, brackets counted) and each
 * element is parsed by the engine's own JSON.parse: about three times faster on the UHRI's full export, memory still
 * bounded by one chunk and one element. Whatever the cut lets through that is not JSON, JSON.parse refuses.
 */

/** The text is not a JSON array (or ends before it does). */
export class JsonArrayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonArrayError';
  }
}

enum Expect {
  Open,
  /** The first element or the end of the array. */
  First,
  /** An element, after a comma. */
  Value,
  Inside,
  Separator,
  End,
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;
/** Where a scalar (number, true, false, null) ends: a separator, a closing bracket or white space. */
const endsScalar = (c: number) => c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c);

/** The index after the string that opens at `from` (a quote), or -1 when the text ends inside it. */
function stringEnd(text: string, from: number): number {
  let quote = from;
  for (;;) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return -1;
    let backslash = quote - 1;
    while (text.charCodeAt(backslash) === 0x5c) backslash--;
    // An even run of backslashes escapes itself, not the quote.
    if ((quote - 1 - backslash) % 2 === 0) return quote + 1;
  }
}

/** Each element's JSON text, in order; throws JsonArrayError when the text is not one JSON array. */
export async function* jsonArrayElements(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let text = '';
  let at = 0;
  /** Where the element being read starts. */
  let start = 0;
  let depth = 0;
  /** The element is a scalar (read to its end) rather than an object, an array or a string. */
  let scalar = false;
  let expect = Expect.Open;
  for await (const chunk of chunks) {
    text = text.slice(start) + chunk;
    at -= start;
    start = 0;
    const length = text.length;
    while (at < length) {
      if (expect === Expect.Inside) {
        if (scalar) {
          while (at < length && !endsScalar(text.charCodeAt(at))) at++;
          if (at === length) break;
        } else {
          while (at < length) {
            const c = text.charCodeAt(at);
            if (c === 0x22) {
              const end = stringEnd(text, at);
              if (end < 0) break;
              at = end;
            } else {
              if (c === 0x7b || c === 0x5b) depth++;
              else if (c === 0x7d || c === 0x5d) depth--;
              at++;
            }
            if (depth === 0) break;
          }
          // The text ends inside the element (or inside the string that is the element): wait for more.
          if (depth > 0 || at === start) break;
        }
        yield text.slice(start, at);
        start = at;
        expect = Expect.Separator;
        continue;
      }
      const c = text.charCodeAt(at);
      if (isSpace(c)) {
        at++;
        start = at;
        continue;
      }
      if (expect === Expect.Open) {
        if (c !== 0x5b) throw new JsonArrayError('not a JSON array');
        expect = Expect.First;
      } else if (expect !== Expect.End) {
        if (c === 0x5d && expect !== Expect.Value) {
          expect = Expect.End;
        } else if (expect === Expect.Separator) {
          if (c !== 0x2c) throw new JsonArrayError(`unexpected "${text[at]}" after an element`);
          expect = Expect.Value;
        } else {
          expect = Expect.Inside;
          start = at;
          scalar = c !== 0x7b && c !== 0x5b && c !== 0x22;
          depth = 0;
          continue;
        }
      } else {
        throw new JsonArrayError(`unexpected "${text[at]}" after the array`);
      }
      at++;
      start = at;
    }
  }
  if (expect !== Expect.End) throw new JsonArrayError('the text ends inside the array');
}
