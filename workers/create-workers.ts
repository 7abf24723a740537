import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import { NativeConnection, Worker, type ActivityInterceptorsFactory, type WorkerOptions as TemporalWorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDependencies } from '../activities';
import { taskQueuesFor } from '../domain/task-queues';
import type { WorkerQueueKind } from '../platform/config';
import type { Tracing } from '../platform/tracing';
import { observeActivities } from './activity-observer';
import type { WorkerMetrics } from './worker-metrics';

export interface WorkerOptions {
  /** Create it after `startWorkerTelemetry()`, so the SDK logs through pino and reports its metrics. */
  connection: NativeConnection;
  namespace: string;
  taskQueuePrefix: string;
  queues: WorkerQueueKind[];
  deps: ActivityDependencies;
  telemetry: { metrics: WorkerMetrics; tracing: Tracing | null };
}

/**
 * One Temporal worker per task queue kind. A process may run any subset, so training
 * and scoring can scale on their own machines while pipelines stay light.
 */
export async function createWorkers(options: WorkerOptions): Promise<Worker[]> {
  const queues = taskQueuesFor(options.taskQueuePrefix);
  const activities = createActivities(options.deps);
  const { metrics, tracing } = options.telemetry;
  const common = {
    connection: options.connection,
    namespace: options.namespace,
    // The span interceptor comes first, so the observed activity (and its log lines) run inside the span.
    interceptors: { activity: [...tracedActivities(tracing), observeActivities(metrics)] },
  };
  const build: Record<WorkerQueueKind, () => Promise<Worker>> = {
    pipelines: () =>
      Worker.create({
        ...common,
        ...tracedWorkflows(tracing, common.interceptors),
        taskQueue: queues.pipelines,
        workflowsPath: require.resolve('../workflows'),
        activities: activities.pipelines,
      }),
    // Training, scoring and drift scans are CPU-bound: a couple at a time per process keeps them fair.
    training: () =>
      Worker.create({ ...common, taskQueue: queues.training, activities: activities.training, maxConcurrentActivityTaskExecutions: 2 }),
    scoring: () =>
      Worker.create({ ...common, taskQueue: queues.scoring, activities: activities.scoring, maxConcurrentActivityTaskExecutions: 2 }),
    monitoring: () =>
      Worker.create({ ...common, taskQueue: queues.monitoring, activities: activities.monitoring, maxConcurrentActivityTaskExecutions: 2 }),
  };
  return Promise.all(options.queues.map((kind) => build[kind]()));
}

/** A RunActivity span per attempt, the child of the workflow's StartActivity span carried in the headers. */
function tracedActivities(tracing: Tracing | null): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [(context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(context), outbound: new OpenTelemetryActivityOutboundInterceptor(context) })];
}

/**
 * Workflow spans (RunWorkflow, StartActivity, StartChildWorkflow) are made inside the
 * deterministic sandbox by the package's interceptor module and leave it through the
 * `exporter` sink, which Temporal does not call while replaying: tracing never changes
 * what a workflow does, so turning it on or off is safe for running workflows.
 */
function tracedWorkflows(
  tracing: Tracing | null,
  interceptors: NonNullable<TemporalWorkerOptions['interceptors']>,
): Pick<TemporalWorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  return {
    interceptors: { ...interceptors, workflowModules: [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] },
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
