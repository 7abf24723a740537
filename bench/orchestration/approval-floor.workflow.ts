import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** The floor's "decision": an update that only lets the workflow go on, as the gate's decision update does. */
export const decideFloorUpdate = defineUpdate<void>('decide');

const { floorStage } = proxyActivities<{ floorStage(): Promise<void> }>({ startToCloseTimeout: '1m' });

/**
 * The least a workflow can do between an approval and the next stage: wait for an update,
 * then schedule one activity. What Temporal itself costs, on the same server, for the
 * approval round trip to be compared with.
 */
export async function approvalFloorWorkflow(): Promise<void> {
  let decided = false;
  setHandler(decideFloorUpdate, () => {
    decided = true;
  });
  await condition(() => decided);
  await floorStage();
}
