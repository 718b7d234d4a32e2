/**
 * The import rule (docs/architecture.md): domain ← eventstore ← projections ← app ← http / cli. A module may import
 * from its own layer and the layers below it, never from one above; no import cycles anywhere.
 */
const LAYERS = {
  domain: '^src/domain/',
  eventstore: '^src/eventstore/',
  projections: '^projections/',
  app: '^src/app/',
  http: '^src/http/',
  cli: '^src/cli/',
};
/** Each layer and the layers above it, which it must not import. */
const ABOVE = {
  domain: ['eventstore', 'projections', 'app', 'http', 'cli'],
  eventstore: ['projections', 'app', 'http', 'cli'],
  projections: ['app', 'http', 'cli'],
  app: ['http', 'cli'],
  http: ['cli'],
};
const either = (names) => names.map((name) => LAYERS[name]).join('|');

module.exports = {
  forbidden: [
    ...Object.entries(ABOVE).map(([layer, above]) => ({
      name: `${layer}-imports-no-layer-above`,
      comment: `${layer} sits below ${above.join(', ')}: it may not import from them`,
      severity: 'error',
      from: { path: LAYERS[layer] },
      to: { path: either(above) },
    })),
    {
      name: 'projections-use-only-the-store-port',
      comment: 'read models depend on the domain and the store port, never on a store adapter',
      severity: 'error',
      from: { path: LAYERS.projections },
      to: { path: '^src/eventstore/', pathNot: '^src/eventstore/port\\.ts$' },
    },
    {
      name: 'every-folder-of-src-is-a-layer',
      comment: 'a new folder under src/ joins a layer (and this file) before it imports anything',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: either(['domain', 'eventstore', 'app', 'http', 'cli']) },
      to: {},
    },
    {
      name: 'shared-files-import-no-layer',
      comment: 'the files at the top of src/ (configuration, canonical JSON, project root) sit below every layer',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$' },
      to: { path: `${either(Object.keys(LAYERS))}|^src/[^/]+\\.ts$` },
    },
    {
      name: 'configuration-is-read-by-the-cli',
      comment: 'settings are loaded once, by the command that starts the service; the layers below are given values',
      severity: 'error',
      from: { path: either(['domain', 'eventstore', 'projections', 'app', 'http']) },
      to: { path: '^src/config\\.ts$' },
    },
    {
      name: 'dashboard-bundles-none-of-the-service',
      comment:
        'the dashboard takes the API shapes as types only (esbuild erases them); of the code, only src/today.ts, which imports nothing',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|projections)/', pathNot: '^src/today\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'no module reaches itself again through its imports',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import of our own code names a module that exists (an optional package may be missing)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
