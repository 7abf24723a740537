import { createAppDataSource } from '../../db/data-source';
import { appendAuditEvent, auditLogSealed } from '../../db/audit-log';

/**
 * A process of its own appending audit events, as another API or worker process would:
 * `node audit-writer-process.js <databaseUrl> <label> <connections> <perConnection>` runs
 * `connections` concurrent writers, each appending `perConnection` events one transaction
 * at a time, prints a line per committed event (`committed <id>`), awaits the seal and
 * prints `sealed`. With `--stay` it then waits to be killed, sealed or not.
 */
async function main(): Promise<void> {
  const [databaseUrl, label, connections, perConnection, stay] = process.argv.slice(2);
  const dataSource = await createAppDataSource(databaseUrl, undefined).initialize();
  await Promise.all(
    Array.from({ length: Number(connections) }, async (_, writer) => {
      for (let i = 0; i < Number(perConnection); i += 1) {
        const event = await dataSource.transaction((tx) =>
          appendAuditEvent(tx, { actor: `${label}-${writer}`, action: 'test.appended', subjectType: 'test', subjectId: `${label}-${writer}-${i}`, payload: { label, writer, i } }),
        );
        process.stdout.write(`committed ${event.id}\n`);
      }
    }),
  );
  if (stay === '--stay') {
    setInterval(() => undefined, 60_000);
    return;
  }
  await auditLogSealed(dataSource);
  process.stdout.write('sealed\n');
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
