import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { verifyAuditLog } from '../../../db/audit-log';
import { SAMPLE_DATA } from '../../support/harness';
import { countDuplicates, type DuplicateCounts } from './duplicates';
import { recordFaultResult } from './fault-results';
import { startFaultStack, type FaultStack, type Provenant } from './fault-stack';
import { approve, openGate, registerDataset, runState, settledRun, stageStarted, stagingDeploy, startPipeline, writeWeatherRows } from './lifecycle';

/** Large enough that validating and training take seconds: the fault lands while they run. */
const ROWS = 30_000;
const SETTLE_MS = 300_000;
/** Long enough for every process to notice the service is gone, short enough for the retries to outlast. */
const DOWN_MS = 5_000;

/**
 * Three pipelines in flight when a service restarts: one waiting at its approval gate, and
 * two on a large dataset, the fault landing once the first has begun training and the
 * second validating (the suite prints the stage each was in). All three must come
 * through: the retries outlast the outage, and the workflows pick up where they were.
 */
export function restartMidPipeline(fault: string, restart: (stack: FaultStack, downMs: number) => Promise<void>): void {
  describe(`fault: ${fault}`, () => {
    let stack: FaultStack;
    let provenant: Provenant;
    before(async () => {
      stack = await startFaultStack(fault.replace(/\W+/g, '-'));
      provenant = await stack.provenant();
    });
    after(async () => {
      await provenant?.close();
      await stack?.stop();
    });

    test(`${fault} mid-pipeline: every run resumes and completes, nothing twice`, async (t) => {
      const large = await registerDataset(provenant, 'weather-large', await writeWeatherRows(provenant.dataDir, ROWS));
      const small = await registerDataset(provenant, 'weather', path.join(SAMPLE_DATA, 'seattle-weather.csv'));
      const gated = await startPipeline(provenant, { modelName: 'weather-gated', datasetVersionId: small, deploy: stagingDeploy() });
      await openGate(provenant, gated);
      const ahead = await startPipeline(provenant, { modelName: 'weather-ahead', datasetVersionId: large });
      await stageStarted(provenant, ahead, 'train', SETTLE_MS);
      const behind = await startPipeline(provenant, { modelName: 'weather-behind', datasetVersionId: large });
      await stageStarted(provenant, behind, 'validate', SETTLE_MS);
      const runs = [gated, ahead, behind];
      const atFault = await Promise.all(runs.map(async (id) => (await runState(provenant, id)).stages.find((s) => s.status === 'RUNNING')?.name ?? 'between stages'));
      t.diagnostic(`stages at the fault: ${atFault.join(', ')}`);
      let completed = 0;
      let duplicates: DuplicateCounts;
      try {
        await restart(stack, DOWN_MS);
        await approve(provenant, gated);
        const settled = await Promise.all(runs.map((id) => settledRun(provenant, id, SETTLE_MS)));
        completed = settled.filter((run) => run.status === 'SUCCEEDED').length;
        assert.deepEqual(
          settled.map((run) => `${run.status} ${run.error ?? ''}`.trim()),
          runs.map(() => 'SUCCEEDED'),
        );
      } catch (error) {
        t.diagnostic(provenant.recentLogs());
        throw error;
      } finally {
        duplicates = await countDuplicates(provenant.dataSource);
        await recordFaultResult({ fault, runs: runs.length, completed, duplicates: duplicates.total, lost: runs.length - completed });
      }
      assert.equal(duplicates.total, 0, JSON.stringify(duplicates));
      assert.equal((await verifyAuditLog(provenant.dataSource)).ok, true, 'the audit chain is intact');
      const [{ versions }] = await provenant.dataSource.query(`SELECT count(*)::int AS versions FROM model_version`);
      assert.equal(versions, runs.length, 'one version a run');
    });
  });
}
