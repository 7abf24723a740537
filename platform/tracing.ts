import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { Config } from './config';

/** The process's tracer provider; workers hand its processor to the workflow span sink. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends the spans still batched, then unregisters the provider. */
  shutdown(): Promise<void>;
}

/**
 * Registers a global tracer provider exporting over OTLP/HTTP (JSON) to
 * OTEL_EXPORTER_OTLP_ENDPOINT. Without it, null: nothing is registered and no Temporal
 * interceptor is installed, so an untraced deployment pays nothing for tracing.
 */
export function startTracing(config: Config, serviceName: string): Tracing | null {
  if (!config.otlpEndpoint) return null;
  const resource = new Resource({ 'service.name': serviceName });
  // The base URL gets the signal's path, as the OTLP specification has exporters do.
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }));
  const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // The interceptors start spans with startActiveSpan and inject the active context into
  // Temporal headers: both need a context manager that follows async calls.
  provider.register({ contextManager: new AsyncLocalStorageContextManager().enable() });
  return {
    resource,
    spanProcessor,
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** Client interceptors that start a span per workflow start, signal, update or query and pass it on in headers. */
export function workflowClientInterceptors(tracing: Tracing | null): WorkflowClientInterceptor[] {
  return tracing ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}
