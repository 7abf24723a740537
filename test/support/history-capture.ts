import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Saves the histories of a suite's closed workflows as replay fixtures: one file per
 * workflow type and final status, the first one seen winning, so a capture run over the
 * whole suite yields every type on its happy and its failure paths without duplicates.
 */
export async function captureHistories(client: Client, taskQueue: string, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus != 'Running'` })) {
    const file = path.join(dir, `${execution.type}.${execution.status.name.toLowerCase()}.json`);
    if (await exists(file)) continue;
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    // The workflow id is part of the fixture: child workflow ids and the like derive from it on replay.
    await writeFile(file, JSON.stringify({ workflowId: execution.workflowId, history: JSON.parse(historyToJSON(history)) }));
    written.push(file);
  }
  return written;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
