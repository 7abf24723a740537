/** Read from the environment, as `npm start` of Provenant prints them. */
export function settings() {
  const required = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} must be set (Provenant's \`npm start\` prints it)`);
    return value;
  };
  return {
    temporalAddress: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.REPORTS_TASK_QUEUE ?? 'quarterly-reports',
    provenant: {
      databaseUrl: required('DATABASE_URL'),
      taskQueuePrefix: process.env.PROVENANT_TASK_QUEUE_PREFIX ?? 'provenant',
      decisionVerifyKeys: required('PROVENANT_DECISION_VERIFY_KEYS').split(','),
      publicUrl: process.env.PROVENANT_PUBLIC_URL,
    },
  };
}
