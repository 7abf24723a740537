import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deployedRoute, emptyMeasurements, modelRuns } from './measurements.fixture';
import { MATURITY_RULES } from './rules';
import { scoreElement, scoreMaturity, summariseDimension } from './scorecard';
import { MATURITY_DIMENSIONS } from './stages';
import { listOf } from './wording';

const ruleOf = (key: string) => MATURITY_RULES.find((rule) => rule.key === key)!;

describe('maturity scorecard', () => {
  test('17 elements in the five dimensions, each key once', () => {
    assert.equal(MATURITY_RULES.length, 17);
    assert.equal(new Set(MATURITY_RULES.map((rule) => rule.key)).size, 17);
    assert.deepEqual(
      MATURITY_DIMENSIONS.map((dimension) => MATURITY_RULES.filter((rule) => rule.dimension === dimension).length),
      [4, 4, 3, 3, 3],
    );
    for (const rule of MATURITY_RULES) {
      assert.deepEqual(rule.ladder.map((step) => step.stage), ['DATA_OPS', 'MANUAL_MLOPS', 'AUTOMATED_MLOPS', 'KAIZEN'], rule.key);
    }
  });

  test('a deployment with no records stands at Ad hoc everywhere, and every element says what DataOps needs', () => {
    const scores = scoreMaturity(emptyMeasurements());
    for (const element of scores.elements) {
      assert.equal(element.stage, 'AD_HOC', element.key);
      assert.equal(element.nextStage?.stage, 'DATA_OPS', element.key);
      assert.ok(element.nextStage.missing.length > 0, element.key);
    }
    assert.deepEqual(scores.dimensions.map((d) => [d.dimension, d.stage]), MATURITY_DIMENSIONS.map((d) => [d, 'AD_HOC']));
    assert.equal(scores.dimensions[0].reason, 'all 4 elements stand at Ad hoc');
    assert.equal(scores.overall.stage, 'AD_HOC');
    assert.match(scores.overall.reason, /^held at Ad hoc by Data \(Data versioning, Data validation, Data drift monitoring and Ground-truth labelling\), Model \(/);
    assert.deepEqual(scoreElement(ruleOf('data.versioning'), emptyMeasurements()).nextStage?.missing, [
      'no dataset version is registered: register training data with registerDataset, which stores each version under its content hash',
    ]);
  });

  test('stages build on each other: evidence for a higher stage does not count while a lower one is missing', () => {
    // The platform moved an alias, but no model has one now (it was removed): Manual MLOps is missing.
    const score = scoreElement(ruleOf('model.registry'), emptyMeasurements({ modelVersions: 2, aliasMovesByPlatform: 1 }));
    assert.equal(score.stage, 'DATA_OPS');
    assert.equal(score.nextStage?.stage, 'MANUAL_MLOPS');
    assert.deepEqual(score.nextStage?.missing, ['no model has an alias: name the version in use with setModelAlias (e.g. champion)']);
  });

  test('at Kaizen there is no next stage, and the description is the Kaizen requirement', () => {
    const m = emptyMeasurements({ modelVersions: 3, modelsWithAlias: 1, aliasMovesByPlatform: 2, modelRuns: [modelRuns('weather', 2, { hasChampion: true })] });
    const score = scoreElement(ruleOf('model.registry'), m);
    assert.equal(score.stage, 'KAIZEN');
    assert.equal(score.nextStage, null);
    assert.equal(score.stageDescription, ruleOf('model.registry').ladder[3].requirement);
  });

  test('evidence carries named values, details and their span', () => {
    const m = emptyMeasurements({ datasetVersions: 2, modelRuns: [modelRuns('weather', 4, { withDataContract: 3 })], validationReports: 5 });
    const evidence = scoreElement(ruleOf('data.validation'), m).evidence;
    assert.deepEqual(evidence, [
      { name: 'validationReports', value: 5, detail: '5 validation reports (quality, leakage and split checks)', scope: 'WINDOW' },
      { name: 'runsWithDataContract', value: 0.75, detail: '3 of 4 validated runs with a data contract (75%)', scope: 'WINDOW' },
    ]);
  });

  test('a dimension stands at its lowest element and names it', () => {
    const elements = [
      { ...scoreElement(ruleOf('data.versioning'), emptyMeasurements()), stage: 'MANUAL_MLOPS' as const },
      { ...scoreElement(ruleOf('data.validation'), emptyMeasurements()), stage: 'DATA_OPS' as const },
      { ...scoreElement(ruleOf('data.drift-monitoring'), emptyMeasurements()), stage: 'KAIZEN' as const },
      { ...scoreElement(ruleOf('data.ground-truth'), emptyMeasurements()), stage: 'DATA_OPS' as const },
    ];
    assert.deepEqual(summariseDimension('DATA', elements), {
      dimension: 'DATA',
      stage: 'DATA_OPS',
      reason: 'held at DataOps by Data validation and Ground-truth labelling; the other 2 elements stand higher',
    });
  });

  test('the overall stage is the lowest dimension, naming the elements that hold it there', () => {
    const m = emptyMeasurements({
      datasetVersions: 1,
      modelVersions: 1,
      validationReports: 1,
      modelRuns: [modelRuns('weather', 1)],
      routes: [deployedRoute('weather')],
      deployments: { ...emptyMeasurements().deployments, ever: 1, inWindow: 1, releases: 1, approvedCanaries: 1, promotedPerWeek: [0, 0, 0, 1] },
      audit: { events: 9, chainVerified: true, firstInvalidSequence: null, platformActions: 4, peopleActing: 2 },
    });
    const scores = scoreMaturity(m);
    assert.equal(scores.overall.stage, 'AD_HOC');
    assert.equal(scores.overall.reason, 'held at Ad hoc by Data (Ground-truth labelling), Deployment (Rollback) and Operations & infrastructure (Production monitoring)');
    assert.deepEqual(
      scores.elements.map((element) => [element.key, element.stage]),
      [
        ['data.versioning', 'MANUAL_MLOPS'],
        ['data.validation', 'DATA_OPS'],
        ['data.drift-monitoring', 'DATA_OPS'],
        ['data.ground-truth', 'AD_HOC'],
        ['model.reproducibility', 'AUTOMATED_MLOPS'],
        ['model.experiment-tracking', 'DATA_OPS'],
        ['model.evaluation', 'DATA_OPS'],
        ['model.registry', 'DATA_OPS'],
        ['deployment.release-process', 'AUTOMATED_MLOPS'],
        ['deployment.frequency', 'MANUAL_MLOPS'],
        ['deployment.rollback', 'AD_HOC'],
        ['operations.production-monitoring', 'AD_HOC'],
        ['operations.retraining', 'DATA_OPS'],
        ['operations.serving-environments', 'MANUAL_MLOPS'],
        ['organisation.separation-of-duties', 'DATA_OPS'],
        ['organisation.shared-review', 'DATA_OPS'],
        ['organisation.audit-trail', 'KAIZEN'],
      ],
    );
  });

  test('names are listed in words, five at most', () => {
    assert.equal(listOf([]), '');
    assert.equal(listOf(['a']), 'a');
    assert.equal(listOf(['a', 'b']), 'a and b');
    assert.equal(listOf(['a', 'b', 'c']), 'a, b and c');
    assert.equal(listOf(['a', 'b', 'c', 'd', 'e', 'f', 'g']), 'a, b, c, d, e and 2 more');
  });
});
