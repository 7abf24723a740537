import { Client, Connection } from '@temporalio/client';
import { settings } from './settings';

/** Starts the workflow for one quarter and waits for its outcome: `npm run publish-report -- 2026-Q4 ann`. */
async function main(): Promise<void> {
  const [quarter = '2026-Q4', author = 'ann'] = process.argv.slice(2);
  const config = settings();
  const client = new Client({ connection: await Connection.connect({ address: config.temporalAddress }), namespace: config.namespace });
  const handle = await client.workflow.start('publishQuarterlyReport', {
    taskQueue: config.taskQueue,
    workflowId: `quarterly-report-${quarter}`,
    args: [{ quarter, author, draftUrl: `https://reports.example.com/${quarter}/draft` }],
  });
  console.log(`started ${handle.workflowId}; waiting for approval in Provenant`);
  const result = await handle.result();
  console.log(JSON.stringify(result));
  await client.connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
