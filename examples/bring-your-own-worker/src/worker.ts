import { NativeConnection, Worker } from '@temporalio/worker';
import { ProvenantPlugin } from 'provenant/plugin';
import * as activities from './activities';
import { settings } from './settings';

async function main(): Promise<void> {
  const config = settings();
  const provenant = new ProvenantPlugin(config.provenant);
  const connection = await NativeConnection.connect({ address: config.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: config.namespace,
    taskQueue: config.taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities,
    plugins: [provenant],
  });
  console.log(`worker polling ${config.taskQueue}`);
  await worker.run();
  await provenant.close();
  await connection.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
