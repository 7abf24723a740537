// Module boundaries, enforced by test/dependency-rules.test.ts. Paths are relative to
// the repository root; npm packages resolve to node_modules/<name>/... (symlinks preserved).

// The ml modules the workflow bundle holds: pure computations over plain data, closed
// under their value imports (workflow-safe-ml-closed keeps them so).
const WORKFLOW_SAFE_ML = [
  // The drift statistics (pure arithmetic): a scan by parts computes them from the merged summaries in the workflow.
  '^ml/drift/(?![^/]*[.]test[.]ts$)[^/]+[.]ts$',
  '^ml/stats/simple-statistics[.]ts$',
  '^ml/tabular/concatenated-float64[.]ts$',
  '^node_modules/simple-statistics/',
  '^ml/evaluation/quality-checks[.]ts$',
  '^ml/metrics/metric-direction[.]ts$',
  '^ml/tuning/trial-candidates[.]ts$',
  '^ml/random/seeded-random[.]ts$',
];
const TEMPORAL_BUNDLE_SAFE = '^node_modules/@temporalio/(workflow|common)/';
// Pure-JavaScript Ed25519 and SHA-2: the gate's update validator verifies decision attestations in the sandbox.
const PURE_JS_CRYPTO = '^node_modules/@noble/(curves|hashes)/';
const UNIT_TEST = '[.]test[.]ts$';
// Imports tsc erases (`import type`, `import('x').T`, value imports used only as types):
// they add nothing to a bundle and play no part in load order.
const TYPE_ONLY = ['pre-compilation-only'];
// The modules that may use the entities, TypeORM and pg: everything else goes through db/ stores.
const DATABASE_LAYER = ['^db/', '^migrations/', '^platform/embedded-postgres[.]ts$', '^platform/cli/migrate[.]ts$'];
// Tests check what the stores wrote by reading the tables themselves.
const TESTS = ['^test/', UNIT_TEST];

module.exports = {
  forbidden: [
    {
      name: 'api-is-a-leaf',
      comment: 'api/ is the NestJS GraphQL edge: only its entry points (the CLI, tests, benchmarks) may import it',
      severity: 'error',
      from: { pathNot: ['^api/', '^platform/cli/', '^test/', '^bench/'] },
      to: { path: '^api/' },
    },
    {
      name: 'workflows-bundle-safe',
      comment: 'workflow code is bundled into the deterministic sandbox: workflows/, domain/, the workflow-safe ml modules and @temporalio/workflow|common only',
      severity: 'error',
      from: { path: '^workflows/', pathNot: UNIT_TEST },
      to: { pathNot: ['^workflows/', '^domain/', '^activities/', TEMPORAL_BUNDLE_SAFE, ...WORKFLOW_SAFE_ML] },
    },
    {
      name: 'workflows-type-only-activities',
      comment: 'workflows call activities through proxies: they may name activity types, never load activity code',
      severity: 'error',
      from: { path: '^workflows/' },
      to: { path: '^activities/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'workflow-safe-ml-closed',
      comment: 'the workflow-safe ml modules are in the workflow bundle, so the code they load is theirs, each other\'s or domain/',
      severity: 'error',
      from: { path: WORKFLOW_SAFE_ML },
      to: { pathNot: ['^domain/', TEMPORAL_BUNDLE_SAFE, ...WORKFLOW_SAFE_ML], dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'domain-is-pure',
      comment: 'domain/ is shared by workflows and everything else: it imports only domain/, @temporalio/workflow|common and pure-JS crypto (its unit tests may use node:test)',
      severity: 'error',
      from: { path: '^domain/', pathNot: UNIT_TEST },
      to: { pathNot: ['^domain/', TEMPORAL_BUNDLE_SAFE, PURE_JS_CRYPTO] },
    },
    {
      name: 'no-circular',
      comment: 'a cycle of value imports makes load order decide whether a binding is undefined; type-only edges are erased by tsc, so a cycle through one cannot misbehave at run time',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPE_ONLY } },
    },
    {
      name: 'client-is-standalone',
      comment: 'provenant/client ships to users as a fetch-only client: nothing from the server side, no package at all (the wire types it shares with domain/ aside)',
      severity: 'error',
      from: { path: '^client/', pathNot: UNIT_TEST },
      to: { pathNot: ['^client/', '^domain/', '^node:', '^(timers|timers/promises)$'] },
    },
    {
      name: 'client-takes-only-types-from-domain',
      comment: 'the client may name the JSON shapes domain/ defines, never load its code',
      severity: 'error',
      from: { path: '^client/', pathNot: UNIT_TEST },
      to: { path: '^domain/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'db-entities-only-in-db',
      comment: 'entities are the db layer\'s private model: other modules go through db/ stores',
      severity: 'error',
      from: { pathNot: [...DATABASE_LAYER, ...TESTS] },
      to: { path: '^db/entities/' },
    },
    {
      name: 'typeorm-and-pg-only-in-db',
      comment: 'queries live in db/ stores; elsewhere TypeORM and pg may be named as types only',
      severity: 'error',
      from: { pathNot: [...DATABASE_LAYER, ...TESTS] },
      to: { path: '^node_modules/(typeorm|pg)/', dependencyTypesNot: TYPE_ONLY },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: 'specify',
    preserveSymlinks: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^test/fixtures/'] },
  },
};
