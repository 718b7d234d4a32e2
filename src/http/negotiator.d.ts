/** The part of negotiator (HTTP content negotiation) this service uses: Accept-Language with its q-values. */
declare module 'negotiator' {
  import type { IncomingHttpHeaders } from 'node:http';

  export default class Negotiator {
    constructor(request: { headers: IncomingHttpHeaders });
    /** The acceptable languages of `available`, best first; all of them, in order, when the header is absent. */
    languages(available?: readonly string[]): string[];
  }
}
