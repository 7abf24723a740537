/** `provenant/plugin`: what a user's worker or client process imports. */
export { ProvenantPlugin, type ProvenantTelemetry } from './provenant-plugin';
export type { ProvenantPluginOptions } from './plugin-options';
export { auditingClientInterceptor, auditingClientPlugin, UnauditedOperationError, type AuditingClientInterceptorOptions } from './client-audit-interceptor';
export { PROVENANT_WORKFLOW_TYPES } from '../domain/workflow-types';
export { taskQueuesFor, type TaskQueues } from '../domain/task-queues';
export { decideGateUpdate, gateStateQuery } from '../domain/workflow-contracts';
