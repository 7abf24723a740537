import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationReportOf, type EvaluationReportData } from './evaluation';

const REPORT: Omit<EvaluationReportData, 'qualityChecks' | 'qualityChecksPassed'> = {
  testRowCount: 80,
  metrics: { r2: 0.9 },
  classLabels: [],
  perClass: [],
  confusionMatrix: null,
  residualQuantiles: null,
  champion: null,
  championSkipped: null,
  fairness: null,
  importance: [],
};
const RESULT = { metric: 'r2', observed: 0.9, required: 0.95, passed: false, message: 'r2 is 0.9, required >= 0.95' };

test('a report is read in today\'s names, whether recorded with quality checks or with gates; headline metrics have none', () => {
  const current: EvaluationReportData = { ...REPORT, qualityChecks: [{ check: 'r2 >= 0.95', ...RESULT }], qualityChecksPassed: false };
  assert.equal(evaluationReportOf(current), current);
  assert.deepEqual(evaluationReportOf({ ...REPORT, gates: [{ gate: 'r2 >= 0.95', ...RESULT }], gatesPassed: false }), current);
  assert.equal(evaluationReportOf({ metrics: { r2: 0.9 }, testRowCount: 80 }), null);
});
