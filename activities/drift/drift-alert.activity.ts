import type { ActivityDependencies } from '../dependencies';

export function createDriftAlertActivity(deps: ActivityDependencies) {
  return {
    async notifyDriftAlert(reportId: string): Promise<void> {
      throw new Error(`notifyDriftAlert: not built yet (${deps.config.taskQueuePrefix} ${reportId})`);
    },
  };
}
