/** What a model path asks of the model: its metadata, readiness, configuration, statistics, or an inference. */
export type ModelAction = 'metadata' | 'ready' | 'config' | 'stats' | 'infer';

/** The Open Inference Protocol endpoints this server answers, besides health and metrics. */
export type ProtocolEndpoint =
  | { kind: 'server-metadata'; method: 'GET' }
  | { kind: 'repository-index'; method: 'POST' }
  | { kind: 'repository-control'; method: 'POST'; name: string; action: 'load' | 'unload' }
  | { kind: 'all-statistics'; method: 'GET' }
  | { kind: 'model'; method: 'GET' | 'POST'; name: string; version: string | undefined; action: ModelAction };

/** `/v2/models/{name}[/versions/{v}][/ready|/config|/stats|/infer]`. */
const MODEL_PATH = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(?:\/(ready|config|stats|infer))?$/;
const REPOSITORY_CONTROL_PATH = /^\/v2\/repository\/models\/([^/]+)\/(load|unload)$/;

/**
 * The endpoint a path names, with its segments decoded, or null for any other path.
 * `/v2/models/stats` is the statistics of every model, as in Triton, so a model named
 * "stats" has its statistics at `/v2/models/stats/stats`.
 */
export function protocolEndpoint(path: string): ProtocolEndpoint | null {
  if (path === '/v2' || path === '/v2/') return { kind: 'server-metadata', method: 'GET' };
  if (path === '/v2/repository/index') return { kind: 'repository-index', method: 'POST' };
  if (path === '/v2/models/stats') return { kind: 'all-statistics', method: 'GET' };
  const control = REPOSITORY_CONTROL_PATH.exec(path);
  if (control) {
    const name = decodeSegment(control[1]);
    return name === null ? null : { kind: 'repository-control', method: 'POST', name, action: control[2] as 'load' | 'unload' };
  }
  const match = MODEL_PATH.exec(path);
  if (!match) return null;
  const name = decodeSegment(match[1]);
  const version = match[2] === undefined ? undefined : decodeSegment(match[2]);
  if (name === null || version === null) return null;
  const action = (match[3] ?? 'metadata') as ModelAction;
  return { kind: 'model', method: action === 'infer' ? 'POST' : 'GET', name, version, action };
}

/** A percent-decoded path segment, or null when it is not valid percent-encoding. */
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
