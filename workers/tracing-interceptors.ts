import type { ActivityInterceptorsFactory, WorkerOptions } from '@temporalio/worker';
import type { Tracing } from '../platform/tracing';

type OpenTelemetryWorker = typeof import('@temporalio/interceptors-opentelemetry/lib/worker');

/** Loaded only when tracing is on, so a worker without it needs no OpenTelemetry packages. */
function openTelemetryWorker(): OpenTelemetryWorker {
  return require('@temporalio/interceptors-opentelemetry/lib/worker') as OpenTelemetryWorker;
}

/** A RunActivity span per attempt, the child of the workflow's StartActivity span carried in the headers. */
export function tracedActivities(tracing: Tracing | null): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  const { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } = openTelemetryWorker();
  return [(context) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(context), outbound: new OpenTelemetryActivityOutboundInterceptor(context) })];
}

/**
 * Workflow spans (RunWorkflow, StartActivity, StartChildWorkflow) are made inside the
 * deterministic sandbox by the package's interceptor module and leave it through the
 * `exporter` sink, which Temporal does not call while replaying: tracing never changes
 * what a workflow does, so turning it on or off is safe for running workflows.
 */
export function tracedWorkflows(
  tracing: Tracing | null,
  interceptors: NonNullable<WorkerOptions['interceptors']>,
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracing) return {};
  return {
    interceptors: { ...interceptors, workflowModules: [...(interceptors.workflowModules ?? []), require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] },
    sinks: { exporter: openTelemetryWorker().makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
