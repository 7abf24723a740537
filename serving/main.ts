import { createAppDataSource } from '../db/data-source';
import { handleHelp } from '../platform/cli/help';
import { runMain } from '../platform/cli/run-main';
import { loadConfig, requireDatabaseUrl } from '../platform/config';
import { logger } from '../platform/logger';
import { artifactStoreFor } from '../storage/configured-store';
import { createServingServer } from './create-server';

handleHelp(`
Usage: node dist/serving/main.js [--help]

Serves the ONNX model versions that traffic routes name, over the Open Inference
Protocol (KServe v2) REST API, at http://HOST:SERVING_PORT (default 4100):

  GET  /v2/health/live, /v2/health/ready        no token needed (also /health/live, /health/ready)
  GET  /metrics                                 Prometheus: PROVENANT_METRICS_TOKEN or an ops/admin token
  GET  /v2                                      server metadata (name, version, extensions)
  GET  /v2/models/{name}[/versions/{v}]         model metadata (the ONNX graph's inputs and outputs)
  GET  /v2/models/{name}[/versions/{v}]/ready   model readiness: 200 once its session is loaded
  GET  /v2/models/{name}[/versions/{v}]/config  model configuration (Triton's form)
  GET  /v2/models[/{name}[/versions/{v}]]/stats statistics of this process
  POST /v2/repository/index                     the versions the routes name, with their state
  POST /v2/models/{name}/infer                  scored by the stable or canary version
  POST /v2/models/{name}/versions/{v}/infer     scored by version v

Bodies are JSON, or JSON then binary tensors (Triton's binary tensor data extension,
Inference-Header-Content-Length), as tritonclient sends them.

Model endpoints need Authorization: Bearer <token>: a serving token naming the model and
this environment (PROVENANT_SERVING_TOKENS), or an ops or admin API token; /v2 and the
repository index any such token. A pinned
version is served only if approved for this environment or on its route.
Requests send one tensor per feature, named by the feature (or the model's own
numeric_features / categorical_features tensors); docs/serving.md describes the
request and response bodies and the errors.

The version answering a request is chosen by the model's traffic route in
PROVENANT_SERVING_ENVIRONMENT (default STAGING): the canary's weight share of request
ids (by an HMAC under PROVENANT_CANARY_KEY) goes to the canary, the rest to stable; changes apply without a restart. Every
prediction is logged to Postgres (prediction_log, one row per input row). Start as
many of these as the traffic needs. Needs DATABASE_URL.
`);

runMain(async () => {
  const config = loadConfig();
  const dataSource = await createAppDataSource(requireDatabaseUrl(config), config.appDatabaseUrl).initialize();
  if (await dataSource.showMigrations()) {
    throw new Error('the database schema is behind this version: run `npm run migrate` first');
  }
  const server = createServingServer({
    config,
    dataSource,
    store: artifactStoreFor(config),
    environment: config.servingEnvironment,
    logger,
  });
  const port = await server.listen(config.servingPort, config.host);
  logger.info({ url: `http://${config.host}:${port}/v2`, environment: config.servingEnvironment }, 'serving listening');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // Closing flushes the buffered prediction log; exiting without it would lose the last rows.
    await server.close();
    await dataSource.destroy();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
});
