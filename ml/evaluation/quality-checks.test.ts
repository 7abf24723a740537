import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFailedChecks, evaluateQualityChecks } from './quality-checks';

const champion = { championVersionId: 'c', championVersion: 3, championMetrics: { accuracy: 0.8, logLoss: 0.5 }, deltas: {} };

test('threshold checks pass, fail, and fail when the measure is missing', () => {
  const results = evaluateQualityChecks({ accuracy: 0.85, rmse: 2 }, [
    { metric: 'accuracy', op: 'GTE', value: 0.8 },
    { metric: 'rmse', op: 'LTE', value: 1.5 },
    { metric: 'demographicParityDifference', op: 'LTE', value: 0.1 },
  ], null, null);
  assert.deepEqual(results.map((r) => [r.check, r.passed, r.observed]), [
    ['accuracy >= 0.8', true, 0.85],
    ['rmse <= 1.5', false, 2],
    ['demographicParityDifference <= 0.1', false, null],
  ]);
  assert.equal(describeFailedChecks(results), 'rmse <= 1.5: rmse is 2, required <= 1.5; demographicParityDifference <= 0.1: demographicParityDifference was not measured');
});

test('beating the champion respects the metric direction', () => {
  const [higher] = evaluateQualityChecks({ accuracy: 0.82 }, [], { metric: 'accuracy', minDelta: 0.01 }, champion);
  assert.equal(higher.passed, true);
  assert.ok(Math.abs(higher.observed! - 0.02) < 1e-12);
  const [lower] = evaluateQualityChecks({ logLoss: 0.55 }, [], { metric: 'logLoss', minDelta: 0 }, champion);
  assert.equal(lower.passed, false);
  assert.match(lower.message, /improvement -0.05/);
  const [first] = evaluateQualityChecks({ accuracy: 0.1 }, [], { metric: 'accuracy', minDelta: 0.5 }, null);
  assert.deepEqual([first.passed, first.message], [true, 'no champion to compare with']);
  const [unscorable] = evaluateQualityChecks({ accuracy: 0.9 }, [], { metric: 'accuracy', minDelta: 0 }, null, 'champion v2 needs columns this dataset lacks: wind');
  assert.deepEqual([unscorable.passed, unscorable.message], [false, 'cannot compare: champion v2 needs columns this dataset lacks: wind']);
});
