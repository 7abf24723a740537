import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import type { PipelineSnapshot } from '../../db/measurements';
import { createPipelineGauges } from './pipeline-gauges';

const SNAPSHOT: PipelineSnapshot = {
  runsByStatus: { SUCCEEDED: 4, AWAITING_APPROVAL: 2, QUALITY_CHECKS_FAILED: 1 },
  closedGateWaits: [
    { status: 'APPROVED', seconds: 120 },
    { status: 'APPROVED', seconds: 7200 },
    { status: 'EXPIRED', seconds: 259_200 },
  ],
  pendingGateAges: [
    { environment: 'STAGING', seconds: 30 },
    { environment: 'STAGING', seconds: 5000 },
  ],
};

function samples(text: string): string[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#'));
}

test('runs by every status, closed gate waits as a histogram, pending gates and the oldest one, one query per scrape', async () => {
  const registry = new Registry();
  let reads = 0;
  createPipelineGauges(async () => {
    reads += 1;
    return SNAPSHOT;
  }, registry, { maxAgeMs: 0 });
  const lines = samples(await registry.metrics());
  assert.equal(reads, 1);
  assert.ok(lines.includes('provenant_pipeline_runs{status="SUCCEEDED"} 4'));
  assert.ok(lines.includes('provenant_pipeline_runs{status="AWAITING_APPROVAL"} 2'));
  assert.ok(lines.includes('provenant_pipeline_runs{status="REJECTED"} 0'), 'a status with no run shows 0, not a gap');
  assert.equal(lines.filter((line) => line.startsWith('provenant_pipeline_runs{')).length, 10);
  assert.ok(lines.includes('provenant_gate_wait_seconds_bucket{le="300",status="APPROVED"} 1'));
  assert.ok(lines.includes('provenant_gate_wait_seconds_bucket{le="14400",status="APPROVED"} 2'));
  assert.ok(lines.includes('provenant_gate_wait_seconds_count{status="APPROVED"} 2'));
  assert.ok(lines.includes('provenant_gate_wait_seconds_sum{status="APPROVED"} 7320'));
  assert.ok(lines.includes('provenant_gate_wait_seconds_bucket{le="86400",status="EXPIRED"} 0'));
  assert.ok(lines.includes('provenant_gate_wait_seconds_bucket{le="259200",status="EXPIRED"} 1'));
  assert.ok(lines.includes('provenant_gates_pending{environment="STAGING"} 2'));
  assert.ok(lines.includes('provenant_gates_pending{environment="PRODUCTION"} 0'));
  assert.ok(lines.includes('provenant_gate_pending_age_seconds{environment="STAGING"} 5000'));
  assert.ok(lines.includes('provenant_gate_pending_age_seconds{environment="PRODUCTION"} 0'));
});

test('a rescrape does not double the histogram; a failed read leaves the series out, not the scrape broken', async () => {
  const registry = new Registry();
  const answers: (() => Promise<PipelineSnapshot>)[] = [
    async () => SNAPSHOT,
    async () => SNAPSHOT,
    async () => Promise.reject(new Error('database down')),
  ];
  const remove = createPipelineGauges(() => answers.shift()!(), registry, { maxAgeMs: 0 });
  await registry.metrics();
  assert.ok(samples(await registry.metrics()).includes('provenant_gate_wait_seconds_count{status="APPROVED"} 2'));
  const failed = await registry.metrics();
  assert.match(failed, /^# TYPE provenant_gate_wait_seconds histogram$/m);
  assert.deepEqual(samples(failed), []);
  remove();
  assert.equal(await registry.metrics(), '\n');
});
