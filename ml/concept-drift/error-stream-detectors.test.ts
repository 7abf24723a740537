import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDdm } from './ddm';
import { runEddm } from './eddm';
import { evenErrorStream, randomErrorStream } from './error-streams';
import { emptyErrorStreamDetectors, observeError } from './error-stream-detectors';

test('one prediction at a time gives runDdm’s and runEddm’s warnings, drifts and final level', () => {
  const streams = [
    evenErrorStream(3000, 1500, 0.1, 0.4),
    randomErrorStream(11, 5000, 2500, 0.05, 0.3),
    randomErrorStream(12, 2000, 2000, 0.1, 0.1),
    evenErrorStream(20, 20, 0.5, 0.5),
  ];
  for (const errors of streams) {
    const detectors = emptyErrorStreamDetectors<number>();
    errors.forEach((error, step) => observeError(detectors, error, step));
    const ddm = runDdm(errors);
    const eddm = runEddm(errors);
    assert.deepEqual(detectors.ddm, { level: ddm.levels.at(-1), warnings: ddm.warnings, drifts: ddm.drifts });
    assert.deepEqual(detectors.eddm, { level: eddm.levels.at(-1), warnings: eddm.warnings, drifts: eddm.drifts });
  }
});

test('steps are marked with the caller’s timestamps; a jump in the error rate is signalled after it', () => {
  const errors = evenErrorStream(2000, 1000, 0.1, 0.6);
  const at = (step: number) => new Date(Date.UTC(2025, 0, 1) + step * 60_000).toISOString();
  const detectors = emptyErrorStreamDetectors<string>();
  errors.forEach((error, step) => observeError(detectors, error, at(step)));
  assert.ok(detectors.ddm.drifts.length > 0);
  assert.ok(detectors.ddm.drifts[0] >= at(1000) && detectors.ddm.drifts[0] < at(1100), detectors.ddm.drifts[0]);
  assert.deepEqual(emptyErrorStreamDetectors().ddm, { level: 'NONE', warnings: [], drifts: [] });
});
