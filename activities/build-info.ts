import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../platform/config';

export interface BuildInfo {
  gitCommit: string | null;
  nodeVersion: string;
  onnxruntimeVersion: string;
  provenantVersion: string;
}

let cached: BuildInfo | undefined;

/** The code and runtime a worker trains with; read once per process. */
export function buildInfo(): BuildInfo {
  cached ??= {
    gitCommit: process.env.PROVENANT_GIT_COMMIT || gitHead(),
    nodeVersion: process.version,
    onnxruntimeVersion: packageVersion('onnxruntime-node'),
    provenantVersion: packageVersion(null),
  };
  return cached;
}

function gitHead(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** Resolved as Node resolves the package, so it is found wherever npm put it (hoisted in a user's project or not). */
function packageVersion(name: string | null): string {
  const file = name ? require.resolve(`${name}/package.json`) : path.join(REPO_ROOT, 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
