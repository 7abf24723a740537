import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MaturityAttestation } from './attestation';
import type { AttestedElement, ElementRule } from './element-rule';
import { deployedRoute, emptyMeasurements, modelRuns } from './measurements.fixture';
import { MATURITY_ELEMENTS, maturityElement } from './rules';
import { scoreAttestedElement, scoreElement, scoreMaturity, summariseDimension } from './scorecard';
import { MATURITY_DIMENSIONS, MATURITY_STAGES, type MaturityStage } from './stages';
import { listOf } from './wording';

const PRACTICE_CODES = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6', 'M1', 'M2', 'M3', 'M4', 'DY1', 'DY2', 'DY3', 'OI1', 'OI2', 'OI3', 'OG1', 'OG2'];
const attested = (key: string) => maturityElement(key) as AttestedElement;
const measured = (key: string) => maturityElement(key) as ElementRule;

function attestation(elementKey: string, stage: MaturityStage): MaturityAttestation {
  return { id: `a-${elementKey}`, elementKey, stage, statement: 'monthly review with the risk office', evidenceUrl: 'https://wiki.example/minutes', attestedBy: 'root', attestedAt: new Date('2026-12-01T00:00:00Z') };
}

/** Every organisation element attested at `stage`. */
const organisationAt = (stage: MaturityStage) => MATURITY_ELEMENTS.filter((element) => element.dimension === 'ORGANISATION').map((element) => attestation(element.key, stage));

describe('maturity scorecard: the paper’s framework', () => {
  test('17 elements of Table 9 in its five dimensions (4, 4, 3, 3, 3), each key once, every Table 5 practice code covered', () => {
    assert.equal(MATURITY_ELEMENTS.length, 17);
    assert.equal(new Set(MATURITY_ELEMENTS.map((element) => element.key)).size, 17);
    assert.deepEqual(
      MATURITY_DIMENSIONS.map((dimension) => MATURITY_ELEMENTS.filter((element) => element.dimension === dimension).length),
      [4, 4, 3, 3, 3],
    );
    assert.deepEqual([...new Set(MATURITY_ELEMENTS.flatMap((element) => element.practiceCodes))].sort(), [...PRACTICE_CODES].sort());
    for (const element of MATURITY_ELEMENTS) {
      assert.ok(element.paperElement.length > 0, element.key);
      if (element.source === 'MEASURED') assert.deepEqual(element.ladder.map((step) => step.stage), MATURITY_STAGES.slice(1), element.key);
      else assert.deepEqual(Object.keys(element.stages), [...MATURITY_STAGES], element.key);
    }
  });

  test('what Provenant cannot observe is attested: the feature store, code review, and the three organisation elements', () => {
    assert.deepEqual(
      MATURITY_ELEMENTS.filter((element) => element.source === 'ATTESTED').map((element) => element.key),
      ['data.feature-store', 'model.code-versioning', 'organisation.roles', 'organisation.stakeholder-communication', 'organisation.team-communication'],
    );
  });
});

describe('maturity scorecard: scoring', () => {
  test('an empty deployment: measured elements at Ad hoc, each saying what DataOps needs; unobservable ones have no stage', () => {
    const scores = scoreMaturity(emptyMeasurements());
    for (const element of scores.elements) {
      if (element.source === 'MEASURED') {
        assert.equal(element.status, 'MEASURED', element.key);
        assert.equal(element.stage, 'AD_HOC', element.key);
        assert.equal(element.nextStage?.stage, 'DATA_OPS', element.key);
        assert.ok(element.nextStage.missing.length > 0, element.key);
      } else {
        assert.equal(element.status, 'NOT_ATTESTED', element.key);
        assert.equal(element.stage, null, element.key);
        assert.equal(element.nextStage, null, element.key);
        assert.match(element.stageDescription, /^Not attested\. .* An admin records its stage with attestMaturityElement\.$/, element.key);
      }
    }
    assert.deepEqual(
      scores.dimensions.map((d) => [d.dimension, d.stage, d.reason]),
      [
        ['DATA', 'AD_HOC', 'all 3 counted elements stand at Ad hoc; not attested, so not counted: Feature store'],
        ['MODEL', 'AD_HOC', 'all 3 counted elements stand at Ad hoc; not attested, so not counted: Code versioning and review'],
        ['DEPLOYMENT', 'AD_HOC', 'all 3 elements stand at Ad hoc'],
        ['OPERATIONS_AND_INFRASTRUCTURE', 'AD_HOC', 'all 3 elements stand at Ad hoc'],
        ['ORGANISATION', null, 'no stage until attested: Roles, Communication with stakeholders and Communication within the team'],
      ],
    );
    assert.equal(scores.overall.stage, 'AD_HOC');
    assert.equal(scores.overall.complete, false);
    assert.match(scores.overall.reason, /; incomplete until attested: Feature store, Code versioning and review, Roles, Communication with stakeholders and Communication within the team$/);
  });

  test('an attested element takes the attested stage, keeps the attestation, and says the next stage also needs one', () => {
    const element = attested('organisation.stakeholder-communication');
    const score = scoreAttestedElement(element, emptyMeasurements(), attestation(element.key, 'MANUAL_MLOPS'));
    assert.equal(score.status, 'ATTESTED');
    assert.equal(score.stage, 'MANUAL_MLOPS');
    assert.equal(score.stageDescription, element.stages.MANUAL_MLOPS);
    assert.equal(score.attestation?.evidenceUrl, 'https://wiki.example/minutes');
    assert.deepEqual(score.nextStage, {
      stage: 'AUTOMATED_MLOPS',
      requirement: element.stages.AUTOMATED_MLOPS,
      missing: ['Provenant cannot observe this: once it holds, an admin attests it with attestMaturityElement, naming the evidence'],
    });
    assert.equal(scoreAttestedElement(element, emptyMeasurements(), attestation(element.key, 'KAIZEN')).nextStage, null);
  });

  test('attested elements show the records that bear on them as context, not as a stage', () => {
    const m = emptyMeasurements({ modelRuns: [modelRuns('weather', 4, { completeReproducibility: 3 })] });
    const score = scoreAttestedElement(attested('model.code-versioning'), m, null);
    assert.equal(score.stage, null);
    assert.deepEqual(score.evidence, [
      { name: 'runsRecordingCommit', value: 0.75, detail: '3 of 4 registered runs recording the git commit they were trained from (with seed and trainer version) (75%)', scope: 'WINDOW' },
    ]);
  });

  test('at Kaizen there is no next stage, and the description is the Kaizen requirement', () => {
    const m = emptyMeasurements({ modelVersions: 3, modelsWithAlias: 1, aliasMovesByPlatform: 2, modelRuns: [modelRuns('weather', 2, { hasChampion: true })] });
    const score = scoreElement(measured('model.metadata'), m);
    assert.equal(score.stage, 'KAIZEN');
    assert.equal(score.nextStage, null);
    assert.equal(score.stageDescription, measured('model.metadata').ladder[3].requirement);
  });

  test('an attestation of an element lower than the measured ones holds its dimension down, and names it', () => {
    const elements = scoreMaturity(emptyMeasurements(), [attestation('data.feature-store', 'AD_HOC')]).elements.map((element) =>
      element.key === 'data.feature-store' ? element : { ...element, stage: 'MANUAL_MLOPS' as const },
    );
    assert.deepEqual(summariseDimension('DATA', elements), {
      dimension: 'DATA',
      stage: 'AD_HOC',
      notAttested: [],
      reason: 'held at Ad hoc by Feature store; the other 3 elements stand higher',
    });
  });

  test('the overall stage is the lowest dimension; complete once every unobservable element is attested', () => {
    const m = emptyMeasurements({
      datasetVersions: 1,
      modelVersions: 1,
      validationReports: 1,
      modelRuns: [modelRuns('weather', 1)],
      routes: [deployedRoute('weather')],
      deployments: { ...emptyMeasurements().deployments, ever: 1, inWindow: 1, releases: 1, approvedCanaries: 1, promotedPerWeek: [0, 0, 0, 1] },
      audit: { events: 9, chainVerified: true, firstInvalidSequence: null, platformActions: 4, peopleActing: 2 },
    });
    const attestations = [...organisationAt('DATA_OPS'), attestation('data.feature-store', 'AD_HOC'), attestation('model.code-versioning', 'MANUAL_MLOPS')];
    const scores = scoreMaturity(m, attestations);
    assert.equal(scores.overall.complete, true);
    assert.equal(scores.overall.stage, 'AD_HOC');
    assert.equal(scores.overall.reason, 'held at Ad hoc by Data (Feature store) and Operations & infrastructure (Monitoring that triggers retraining)');
    assert.deepEqual(
      scores.elements.map((element) => [element.key, element.status, element.stage]),
      [
        ['data.management', 'MEASURED', 'DATA_OPS'],
        ['data.governance', 'MEASURED', 'MANUAL_MLOPS'],
        ['data.versioning', 'MEASURED', 'MANUAL_MLOPS'],
        ['data.feature-store', 'ATTESTED', 'AD_HOC'],
        ['model.development', 'MEASURED', 'DATA_OPS'],
        ['model.code-versioning', 'ATTESTED', 'MANUAL_MLOPS'],
        ['model.metadata', 'MEASURED', 'DATA_OPS'],
        ['model.reproducibility', 'MEASURED', 'AUTOMATED_MLOPS'],
        ['deployment.process', 'MEASURED', 'AUTOMATED_MLOPS'],
        ['deployment.frequency', 'MEASURED', 'MANUAL_MLOPS'],
        ['deployment.ci-cd', 'MEASURED', 'MANUAL_MLOPS'],
        ['operations.monitoring', 'MEASURED', 'AD_HOC'],
        ['operations.retraining', 'MEASURED', 'DATA_OPS'],
        ['operations.infrastructure', 'MEASURED', 'MANUAL_MLOPS'],
        ['organisation.roles', 'ATTESTED', 'DATA_OPS'],
        ['organisation.stakeholder-communication', 'ATTESTED', 'DATA_OPS'],
        ['organisation.team-communication', 'ATTESTED', 'DATA_OPS'],
      ],
    );
    assert.deepEqual(scores.dimensions.at(-1), { dimension: 'ORGANISATION', stage: 'DATA_OPS', notAttested: [], reason: 'all 3 elements stand at DataOps' });
  });

  test('use cases get their desired stage from the taxonomy, beside the deployment’s stage', () => {
    const useCase = { name: 'classify pathology images', modelName: null, rationale: 'medical device regulation', updatedBy: 'root', updatedAt: new Date(0) };
    const scores = scoreMaturity(emptyMeasurements(), organisationAt('KAIZEN'), [
      { ...useCase, regulatoryCompliance: 'HIGH', operationalExcellence: 'HIGH' },
      { ...useCase, name: 'prototype', regulatoryCompliance: 'LOW', operationalExcellence: 'LOW' },
    ]);
    assert.deepEqual(
      scores.useCases.map((u) => [u.name, u.desiredStage, u.currentStage, u.currentStageComplete, u.alignment]),
      [
        ['classify pathology images', 'KAIZEN', 'AD_HOC', false, 'BELOW'],
        ['prototype', 'AD_HOC', 'AD_HOC', false, 'ALIGNED'],
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
