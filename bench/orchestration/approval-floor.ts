import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Config } from '../../platform/config';
import { approvalFloorWorkflow, decideFloorUpdate } from './approval-floor.workflow';

/** Milliseconds to the unblocked activity's start, from the decision being sent and from its call returning. */
export interface RoundTrip {
  fromSent: number;
  fromReturned: number;
}

/**
 * Temporal's floor for the approval round trip, measured on the bench's own server: from
 * the update being sent (and returning) to the activity it unblocks starting (its
 * ActivityTaskStarted event time, as approval-latency reads the pipeline's). A worker of
 * its own polls a task queue of its own, so it shares the server and the process with the
 * pipelines' workers but none of their queues.
 */
export async function startApprovalFloor(config: Config, client: Client) {
  const connection = await NativeConnection.connect({ address: config.temporalAddress! });
  const taskQueue = `bench-approval-floor-${randomUUID()}`;
  const worker = await Worker.create({
    connection,
    namespace: config.temporalNamespace,
    taskQueue,
    workflowsPath: require.resolve('./approval-floor.workflow'),
    activities: { floorStage: async () => undefined },
  });
  const running = worker.run();

  /** One floor round trip: start a waiting workflow, decide it once it is waiting, read its history. */
  async function roundTrip(): Promise<RoundTrip> {
    const handle = await client.workflow.start(approvalFloorWorkflow, { taskQueue, workflowId: `bench-floor-${randomUUID()}` });
    // Decided only once it waits, as a gate is: an update that rode in with the first task would skip a workflow task.
    await waitingForDecision(handle);
    const sentAt = Date.now();
    await handle.executeUpdate(decideFloorUpdate);
    const returnedAt = Date.now();
    await handle.result();
    const startedAt = await activityStartedAt(handle);
    return { fromSent: startedAt - sentAt, fromReturned: startedAt - returnedAt };
  }

  return {
    /** `concurrency` round trips at once, `rounds` times over. */
    async measure(concurrency: number, rounds: number): Promise<RoundTrip[]> {
      const latencies: RoundTrip[] = [];
      for (let round = 0; round < rounds; round += 1) latencies.push(...(await Promise.all(Array.from({ length: concurrency }, roundTrip))));
      return latencies;
    },
    async stop(): Promise<void> {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

async function waitingForDecision(handle: WorkflowHandle): Promise<void> {
  for (;;) {
    const events = (await handle.fetchHistory()).events ?? [];
    if (events.some((event) => event.workflowTaskCompletedEventAttributes)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function activityStartedAt(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  const started = events.find((event) => event.activityTaskStartedEventAttributes);
  if (!started) throw new Error(`${handle.workflowId}: the floor activity never started`);
  return Number(tsToMs(started.eventTime));
}
