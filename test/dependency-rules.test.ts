import assert from 'node:assert/strict';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import type { ICruiseOptions, IViolation } from 'dependency-cruiser' with { 'resolution-mode': 'import' };

// Compiled to dist/test/: the sources and the rules sit two levels up.
const ROOT = path.resolve(__dirname, '..', '..');
const RULES_FILE = path.join(ROOT, '.dependency-cruiser.cjs');
const TSCONFIG_FILE = path.join(ROOT, 'tsconfig.json');
const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'dependency-rules');

/** A violation as a reader looks for it: `rule: from -> to`, with the way round for a cycle. */
function described(violation: IViolation): string {
  const cycle = violation.cycle ? ` (cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' -> ')})` : '';
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}${cycle}`;
}

/**
 * Cruises `directories` of `baseDir` (the TypeScript sources, resolved as tsc resolves them)
 * with the repository's rules. dependency-cruiser is ESM only, hence the dynamic imports,
 * which module Node16 keeps as import() in our CommonJS output.
 */
async function violationsIn(baseDir: string, directories: string[]): Promise<IViolation[]> {
  const [{ cruise }, { default: extractDepcruiseOptions }, { default: extractTSConfig }] = await Promise.all([
    import('dependency-cruiser'),
    import('dependency-cruiser/config-utl/extract-depcruise-options'),
    import('dependency-cruiser/config-utl/extract-ts-config'),
  ]);
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(RULES_FILE)), baseDir, tsConfig: { fileName: TSCONFIG_FILE } };
  const { output } = await cruise(directories, options, undefined, { tsConfig: extractTSConfig(TSCONFIG_FILE) });
  assert.ok(typeof output === 'object', 'cruise returns a result object when no outputType is set');
  return output.summary.violations;
}

describe('module boundaries (.dependency-cruiser.cjs)', () => {
  let violations: IViolation[] = [];

  before(async () => {
    const { default: extractTSConfig } = await import('dependency-cruiser/config-utl/extract-ts-config');
    const sources: string[] = extractTSConfig(TSCONFIG_FILE).raw?.include ?? [];
    assert.ok(sources.length > 0, 'tsconfig.json lists the source directories in include');
    violations = await violationsIn(ROOT, sources);
  });

  // One test per rule, so a run shows which boundaries hold and lists every breach of those that do not.
  const { forbidden } = require(RULES_FILE) as { forbidden: { name: string }[] };
  for (const { name } of forbidden) {
    test(`${name}: no violations`, () => {
      const found = violations.filter((violation) => violation.rule.name === name).map(described);
      assert.equal(found.length, 0, `${found.length} violations of ${name}:\n${found.join('\n')}`);
    });
  }

  test('the rules bite: a miniature repository with forbidden imports is reported, and a type-only import is not', async () => {
    const found = await violationsIn(FIXTURE, ['api', 'serving', 'activities', 'workflows']);
    assert.deepEqual(found.map(described).sort(), [
      'api-is-a-leaf: serving/token-check.ts -> api/admin-token.ts',
      'workflows-type-only-activities: workflows/loads-activity-code.ts -> activities/score.ts',
    ]);
  });
});
