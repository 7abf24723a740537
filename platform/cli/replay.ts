import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { handleHelp } from './help';
import { runMain } from './run-main';

handleHelp(`
Usage: npm run replay -- --workflow-id ID [--run-id ID]

Fetches a workflow's history from Temporal (TEMPORAL_ADDRESS, default 127.0.0.1:7233 as
\`npm start\` runs it; namespace TEMPORAL_NAMESPACE) and replays it against this checkout's
workflow code. Prints "replays" and exits 0 when today's code makes the same decisions as
the recorded run, or prints the non-determinism and exits 1: deploying this code would
break that run. Copy the workflow id from the Temporal UI or from pipelineRun.workflowId.

  --workflow-id ID   the workflow to replay (required)
  --run-id ID        a specific run (default: the latest run of that workflow id)
`);

runMain(async () => {
  const { values } = parseArgs({ options: { 'workflow-id': { type: 'string' }, 'run-id': { type: 'string' } } });
  const workflowId = values['workflow-id'];
  if (!workflowId) throw new Error('--workflow-id is required (see --help)');
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporalAddress ?? '127.0.0.1:7233' });
  try {
    const client = new Client({ connection, namespace: config.temporalNamespace });
    const history = await client.workflow.getHandle(workflowId, values['run-id']).fetchHistory();
    process.stdout.write(`replaying ${workflowId} (${history.events?.length ?? 0} events) against this checkout's workflows…\n`);
    try {
      await Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows'), replayName: 'provenant-replay' }, history, workflowId);
    } catch (error) {
      process.stdout.write(`does NOT replay: ${(error as Error).name}: ${(error as Error).message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`replays: ${workflowId} makes the same decisions on this code\n`);
  } finally {
    await connection.close();
  }
});
