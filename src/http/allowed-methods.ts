/** Which methods a path answers, for a `405` with `Allow`: the app's routes, mirrored in a router of their own. */
import type { FastifyInstance } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';

export interface RouterOptions {
  ignoreTrailingSlash: boolean;
  maxParamLength: number;
}

/** Records every route `app` registers from now on; the returned lookup lists the methods matching a path. */
export function allowedMethods(app: FastifyInstance, options: RouterOptions): (path: string) => string[] {
  const router = FindMyWay(options);
  const methods = new Set<HTTPMethod>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat() as HTTPMethod[]) {
      if (!router.hasRoute(method, route.url)) router.on(method, route.url, () => {});
      methods.add(method);
    }
  });
  return (path) => {
    const matched = [...methods].filter((method) => router.find(method, path) !== null).sort();
    // CORS answers preflights on every path (`OPTIONS *`): that alone makes no path known.
    return matched.some((method) => method !== 'OPTIONS') ? matched : [];
  };
}
