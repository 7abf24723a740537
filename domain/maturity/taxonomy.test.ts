import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ProvenantError } from '../errors';
import { stageRank } from './stages';
import { alignmentOf, checkUseCase, desiredStage, TAXONOMY_LEVELS } from './taxonomy';

describe('maturity taxonomy', () => {
  test('the quadrants of the paper’s chart: neither criterion Ad hoc, regulation alone Manual MLOps, operations alone Automated MLOps, both Kaizen', () => {
    assert.equal(desiredStage('LOW', 'LOW'), 'AD_HOC');
    assert.equal(desiredStage('HIGH', 'LOW'), 'MANUAL_MLOPS');
    assert.equal(desiredStage('LOW', 'HIGH'), 'AUTOMATED_MLOPS');
    assert.equal(desiredStage('HIGH', 'HIGH'), 'KAIZEN');
  });

  test('the paper’s worked use cases land where it puts them', () => {
    // Regulated health care that must also run well: "classify pathology images", desired Kaizen.
    assert.equal(desiredStage('HIGH', 'HIGH'), 'KAIZEN');
    // An unregulated service that must run well: "speech to text app", desired Automated MLOps.
    assert.equal(desiredStage('LOW', 'HIGH'), 'AUTOMATED_MLOPS');
  });

  test('the middle levels interpolate: DataOps beside Ad hoc, Manual MLOps in the centre, and never lower than a less demanding neighbour', () => {
    assert.equal(desiredStage('LOW', 'MEDIUM'), 'DATA_OPS');
    assert.equal(desiredStage('MEDIUM', 'LOW'), 'DATA_OPS');
    assert.equal(desiredStage('MEDIUM', 'MEDIUM'), 'MANUAL_MLOPS');
    assert.equal(desiredStage('MEDIUM', 'HIGH'), 'AUTOMATED_MLOPS');
    assert.equal(desiredStage('HIGH', 'MEDIUM'), 'AUTOMATED_MLOPS');
    for (const [i, regulatory] of TAXONOMY_LEVELS.entries()) {
      for (const [j, operational] of TAXONOMY_LEVELS.entries()) {
        const stage = stageRank(desiredStage(regulatory, operational));
        if (i > 0) assert.ok(stage >= stageRank(desiredStage(TAXONOMY_LEVELS[i - 1], operational)), `${regulatory}/${operational}`);
        if (j > 0) assert.ok(stage >= stageRank(desiredStage(regulatory, TAXONOMY_LEVELS[j - 1])), `${regulatory}/${operational}`);
      }
    }
  });

  test('alignment compares the current stage with the desired one', () => {
    assert.equal(alignmentOf('KAIZEN', 'DATA_OPS'), 'BELOW');
    assert.equal(alignmentOf('MANUAL_MLOPS', 'MANUAL_MLOPS'), 'ALIGNED');
    assert.equal(alignmentOf('DATA_OPS', 'AUTOMATED_MLOPS'), 'ABOVE');
    assert.equal(alignmentOf('DATA_OPS', null), 'UNKNOWN');
  });

  test('a use case needs a readable name, known levels and a rationale, each refused by field', () => {
    const valid = { name: 'speech to text app', modelName: null, regulatoryCompliance: 'LOW' as const, operationalExcellence: 'HIGH' as const, rationale: ' no personal data; 99.9% uptime ' };
    assert.equal(checkUseCase(valid).rationale, 'no personal data; 99.9% uptime');
    const refused = (change: object, field: string) =>
      assert.throws(() => checkUseCase({ ...valid, ...change }), (error: unknown) => error instanceof ProvenantError && error.code === 'BAD_USER_INPUT' && error.field === field);
    refused({ name: ' padded' }, 'input.name');
    refused({ name: 'ab' }, 'input.name');
    refused({ name: 'x'.repeat(101) }, 'input.name');
    refused({ name: 'tab\there' }, 'input.name');
    refused({ regulatoryCompliance: 'EXTREME' }, 'input.regulatoryCompliance');
    refused({ operationalExcellence: 'low' }, 'input.operationalExcellence');
    refused({ rationale: '   ' }, 'input.rationale');
    refused({ rationale: 'regulated' }, 'input.rationale');
  });
});
