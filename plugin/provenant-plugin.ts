import { SimplePlugin } from '@temporalio/plugin';
import type { ClientOptions } from '@temporalio/client';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../activities';
import { createAppDataSource } from '../db/data-source';
import type { Config } from '../platform/config';
import { logger as defaultLogger, type Logger } from '../platform/logger';
import { ensureSearchAttributes } from '../platform/search-attributes';
import type { Tracing } from '../platform/tracing';
import { artifactStoreFor } from '../storage/configured-store';
import { observeActivities } from '../workers/activity-observer';
import { tracedActivities, tracedWorkflows } from '../workers/tracing-interceptors';
import { createWorkerMetrics, type WorkerMetrics } from '../workers/worker-metrics';
import { auditingClientPlugin } from './client-audit-interceptor';
import { configFromOptions, type ProvenantPluginOptions } from './plugin-options';
import { defineTrustedDecisionKeys } from './trusted-keys-define';

/**
 * Pure functions of their arguments (the API's signature check, over a lazily built table
 * of points), so sharing the module between workflows leaks no state from one to another.
 */
const ATTESTATION_MODULE = require.resolve('../domain/decision-attestation');

/** What Provenant's own worker processes add: the telemetry they already run. */
export interface ProvenantTelemetry {
  metrics?: WorkerMetrics;
  tracing?: Tracing | null;
}

/**
 * Provenant as a Temporal plugin. On a worker (`Worker.create({ plugins: [plugin] })`) it
 * registers every Provenant activity, the activity interceptors that give their logs
 * context and their metrics, and it makes the workflow bundle able to verify decision
 * attestations; re-export `provenant/workflows` from your workflows file for the
 * workflows themselves (a plugin cannot add workflows to a bundle). On a Client it audits
 * what the client does to Provenant's workflows. The database connection opens when the
 * first worker runs (or the first audited call is made) and closes with `close()`.
 *
 * @experimental built on Temporal's plugin API, itself marked experimental upstream.
 */
export class ProvenantPlugin extends SimplePlugin {
  /** The validated configuration every Provenant activity reads. */
  readonly config: Config;
  readonly dataSource: DataSource;
  /** The activity metrics, for a Prometheus endpoint of your own (`metrics.registry`). */
  readonly metrics: WorkerMetrics;
  private readonly ownsDataSource: boolean;
  private readonly tracing: Tracing | null;
  private readonly identity: string | undefined;
  private readonly logger: Logger;
  private connecting: Promise<DataSource> | undefined;

  constructor(options: ProvenantPluginOptions, telemetry: ProvenantTelemetry = {}) {
    const config = configFromOptions(options);
    const dataSource = options.dataSource ?? createAppDataSource(config.databaseUrl!, config.appDatabaseUrl);
    const logger = options.logger ?? defaultLogger;
    const metrics = telemetry.metrics ?? createWorkerMetrics();
    const groups = createActivities({ dataSource, store: options.artifactStore ?? artifactStoreFor(config), logger: logger.child({ component: 'worker' }), config });
    super({
      name: 'provenant',
      // A worker serves whichever of Provenant's queues it polls; every activity is registered so any queue can be served.
      activities: { ...groups.pipelines, ...groups.training, ...groups.scoring, ...groups.monitoring },
      // The span interceptor comes first, so the observed activity (and its log lines) run inside the span.
      workerInterceptors: { activity: [...tracedActivities(telemetry.tracing ?? null), observeActivities(metrics)] },
    });
    this.config = config;
    this.dataSource = dataSource;
    this.metrics = metrics;
    this.ownsDataSource = !options.dataSource;
    this.tracing = telemetry.tracing ?? null;
    this.identity = options.identity;
    this.logger = logger;
  }

  /**
   * On a Client (`new Client({ plugins: [plugin] })`): every start, signal, update, cancel
   * and terminate it sends to a Provenant workflow is written to the audit log, with the
   * client's identity as the actor.
   */
  configureClient(options: ClientOptions): ClientOptions {
    const audit = auditingClientPlugin({ dataSource: () => this.connect(), identity: this.identity });
    return audit.configureClient!(super.configureClient(options));
  }

  configureWorker(options: WorkerOptions): WorkerOptions {
    const configured = super.configureWorker(options);
    return { ...configured, ...tracedWorkflows(this.tracing, configured.interceptors ?? {}) };
  }

  /**
   * Every bundle a Provenant worker makes can check decision attestations with the
   * configured keys, and checks them quickly: the attestation module is loaded once per
   * reusable V8 context, not once per workflow, so the Ed25519 code is compiled and its
   * base-point table built once. A gate workflow's module of its own would run that code
   * cold, a quarter of a second per decision on the gate's first workflow task.
   */
  configureBundler(options: BundleOptions): BundleOptions {
    const configured = super.configureBundler(options);
    return {
      ...configured,
      webpackConfigHook: defineTrustedDecisionKeys(this.config.decisionVerifyKeys, configured.webpackConfigHook),
      preloadModules: [...(configured.preloadModules ?? []), ATTESTATION_MODULE],
    };
  }

  /** Before the first task: the database connection, and the search attributes Provenant's workflows set. */
  async runWorker(worker: Parameters<SimplePlugin['runWorker']>[0], next: Parameters<SimplePlugin['runWorker']>[1]): Promise<void> {
    await this.connect();
    if (worker.connection) await ensureSearchAttributes(worker.connection, this.config.temporalNamespace, this.logger);
    return super.runWorker(worker, next);
  }

  /** Opens the database connection (once) and checks its schema is the one these activities expect. */
  async connect(): Promise<DataSource> {
    if (!this.dataSource.isInitialized) {
      this.connecting ??= this.dataSource.initialize().then(async (dataSource) => {
        if (await dataSource.showMigrations()) {
          throw new Error(`the Provenant database at ${redacted(this.config.databaseUrl!)} is behind this version of provenant: run Provenant's migrations first (npm run migrate; npm start runs them)`);
        }
        return dataSource;
      });
      await this.connecting;
    }
    return this.dataSource;
  }

  /** Closes the connection the plugin opened (one handed in by `dataSource` stays open). */
  async close(): Promise<void> {
    if (this.ownsDataSource && this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

function redacted(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.href;
}
